/**
 * The per-country legal FAQ without the bundle: which jurisdictions and languages exist, and a reader for the
 * Markdown subset the files use (`#`/`##` headings, `>` notes, `-` lists, paragraphs). The result is plain data
 * rendered by React (which escapes it), never HTML.
 */

/** Jurisdictions with a FAQ, in the order the page lists them (`EU` covers the member states). */
export const FAQ_JURISDICTIONS = ["US", "KR", "NG", "KE", "ZA", "BR", "MX", "AR", "CO", "EU"] as const;
/** One of {@link FAQ_JURISDICTIONS}. */
export type FaqJurisdiction = (typeof FAQ_JURISDICTIONS)[number];

/** Languages the FAQ is written in. */
export const FAQ_LANGUAGES = ["en", "fr"] as const;

/** A block of a FAQ document. */
export type FaqBlock =
  | { kind: "title" | "heading" | "note" | "paragraph"; text: string }
  | { kind: "list"; items: string[] };

/** The FAQ language shown for a UI language: French for French, English otherwise. */
export function faqLanguage(uiLanguage: string): (typeof FAQ_LANGUAGES)[number] {
  return uiLanguage === "fr" ? "fr" : "en";
}

/** Parses the FAQ Markdown subset into blocks; consecutive lines of a paragraph or list item are joined. */
export function parseFaq(markdown: string): FaqBlock[] {
  const blocks: FaqBlock[] = [];
  let paragraph: string[] = [];
  let list: string[] | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
    if (list !== undefined) blocks.push({ kind: "list", items: list });
    paragraph = [];
    list = undefined;
  };
  for (const raw of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    if (line === "") {
      flush();
    } else if (line.startsWith("## ")) {
      flush();
      blocks.push({ kind: "heading", text: line.slice(3) });
    } else if (line.startsWith("# ")) {
      flush();
      blocks.push({ kind: "title", text: line.slice(2) });
    } else if (line.startsWith("> ")) {
      flush();
      blocks.push({ kind: "note", text: line.slice(2) });
    } else if (line.startsWith("- ")) {
      if (paragraph.length > 0) flush();
      (list ??= []).push(line.slice(2));
    } else if (list !== undefined) {
      list[list.length - 1] += ` ${line}`;
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
