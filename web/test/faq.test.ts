/** The FAQ Markdown reader: the subset the legal/faq files use, as plain blocks. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { FAQ_JURISDICTIONS, faqLanguage, parseFaq } from "../src/legal/faqMarkdown.ts";

const FAQ_DIR = join(import.meta.dirname, "..", "..", "legal", "faq");

describe("parseFaq", () => {
  it("reads titles, headings, notes, multi-line paragraphs and lists", () => {
    const blocks = parseFaq(
      "# Title\r\n\n> A note.\n\n## Q?\n\nLine one\nline two.\n\n- a\n  continued\n- b\n\nAfter.\n",
    );
    assert.deepEqual(blocks, [
      { kind: "title", text: "Title" },
      { kind: "note", text: "A note." },
      { kind: "heading", text: "Q?" },
      { kind: "paragraph", text: "Line one line two." },
      { kind: "list", items: ["a continued", "b"] },
      { kind: "paragraph", text: "After." },
    ]);
  });

  it("parses every shipped FAQ into a title, a note and question headings, with no Markdown left over", () => {
    const files = readdirSync(FAQ_DIR).filter((file) => file.endsWith(".md"));
    assert.equal(files.length, FAQ_JURISDICTIONS.length * 2);
    for (const file of files) {
      const blocks = parseFaq(readFileSync(join(FAQ_DIR, file), "utf8"));
      assert.equal(blocks[0].kind, "title", file);
      assert.ok(blocks.filter((block) => block.kind === "heading").length >= 5, file);
      for (const block of blocks) {
        const texts = block.kind === "list" ? block.items : [block.text];
        for (const text of texts) assert.doesNotMatch(text, /^(#|>|- )/, `${file}: ${text}`);
      }
    }
  });

  it("shows French FAQs in French and English otherwise", () => {
    assert.equal(faqLanguage("fr"), "fr");
    for (const language of ["en", "ko", "es", "pt"]) assert.equal(faqLanguage(language), "en");
  });
});
