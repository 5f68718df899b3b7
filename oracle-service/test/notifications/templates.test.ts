/**
 * Templates: every kind in every locale, with the same placeholders as English and no English left in the other
 * locales; values formatted per locale exactly (6-decimal amounts, no float rounding) and escaped in the HTML.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { LOCALES } from "../../src/accounts/accounts.ts";
import { formatAmount, formatDate, formatDecimal } from "../../src/notifications/format.ts";
import { NOTIFICATION_KINDS } from "../../src/notifications/queue.ts";
import { placeholdersOf, renderNotification, TEMPLATES } from "../../src/notifications/templates/index.ts";

/** English words that would betray an untranslated sentence. */
const ENGLISH =
  /\b(the|your|you|been|was|with|will|campaign|payment|revenue|refund|reached|goal|sent|received|please|nothing|settings)\b/i;

const SAMPLE = {
  campaign: "Midnight Tapes",
  amount: "1234567.000001",
  raised: "50000",
  reportId: 7,
  dueDate: "2026-12-24T00:00:00.000Z",
  days: 3,
  reference: "po_123",
  token: "USDC",
};

describe("notification templates", () => {
  it("define every kind in every locale with English's placeholders", () => {
    for (const locale of LOCALES) {
      for (const kind of NOTIFICATION_KINDS) {
        const template = TEMPLATES[locale].kinds[kind];
        assert.ok(template, `${locale}/${kind} is missing`);
        const english = TEMPLATES.en.kinds[kind];
        const set = (texts: string[]) => [...new Set(texts.flatMap(placeholdersOf))].sort();
        assert.deepEqual(set([template.subject]), set([english.subject]), `${locale}/${kind} subject placeholders`);
        assert.deepEqual(set(template.body), set(english.body), `${locale}/${kind} body placeholders`);
        assert.equal(template.body.length, english.body.length, `${locale}/${kind} paragraphs`);
      }
    }
  });

  it("leave no English in fr, ko, es and pt", () => {
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      for (const kind of NOTIFICATION_KINDS) {
        const { subject, body } = TEMPLATES[locale].kinds[kind];
        for (const text of [subject, ...body]) {
          const words = text.replace(/\{[A-Za-z]+\}/g, "").replace(/Encore/g, "");
          assert.doesNotMatch(words, ENGLISH, `${locale}/${kind}: "${text}"`);
          assert.ok(!TEMPLATES.en.kinds[kind].body.includes(text), `${locale}/${kind} copies English`);
        }
      }
      assert.doesNotMatch(TEMPLATES[locale].footer.replace(/Encore/g, ""), ENGLISH);
    }
  });

  it("render every kind in every locale without a hole", () => {
    for (const locale of LOCALES) {
      for (const kind of NOTIFICATION_KINDS) {
        const rendered = renderNotification(kind, locale, SAMPLE);
        for (const text of [rendered.subject, rendered.text, rendered.html]) {
          assert.doesNotMatch(text, /\{[A-Za-z]+\}/, `${locale}/${kind} left a placeholder`);
        }
        assert.match(rendered.html, new RegExp(`<html lang="${locale}">`));
      }
    }
  });

  it("format amounts exactly per locale, through no float", () => {
    assert.equal(formatDecimal("1234567.000001", "en"), "1,234,567.000001");
    assert.equal(formatDecimal("1234567.000001", "fr"), "1\u202f234\u202f567,000001");
    assert.equal(formatDecimal("1234567.5", "es"), "1.234.567,50");
    assert.equal(formatDecimal("1234567.5", "pt"), "1.234.567,50");
    assert.equal(formatDecimal("1234567.5", "ko"), "1,234,567.50");
    assert.equal(formatDecimal("9007199254740993.000001", "en"), "9,007,199,254,740,993.000001");
    assert.equal(formatDecimal("0.1", "en"), "0.10");
    assert.equal(formatDecimal("640", "fr"), "640,00");
    assert.equal(formatAmount("0.000001", "USDC", "de" as never), "0,000001\u00a0USDC");
    assert.throws(() => formatDecimal("1e6", "en"), /not a decimal number/);
    assert.equal(formatDate("2026-12-24T00:00:00Z", "fr"), "24 décembre 2026");
    assert.equal(formatDate("2026-12-24T00:00:00Z", "ko"), "2026년 12월 24일");
    assert.equal(formatDate("2026-12-24T00:00:00Z", "en"), "December 24, 2026");
  });

  it("escape values in the HTML and refuse a missing value", () => {
    const rendered = renderNotification("investment_confirmed", "en", {
      ...SAMPLE,
      campaign: `<script>alert("x")</script> & Co`,
    });
    assert.match(rendered.html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; Co/);
    assert.doesNotMatch(rendered.html, /<script>/);
    assert.match(rendered.text, /<script>/, "plain text keeps the text as is");
    assert.throws(
      () => renderNotification("overdue_notice", "fr", { campaign: "X", amount: "1", reportId: 1 }),
      /overdue_notice: the value of \{dueDate\} is missing/,
    );
  });
});
