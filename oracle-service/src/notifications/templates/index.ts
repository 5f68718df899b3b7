/**
 * Renders a notification in the account's locale: the locale's template (see `types.ts`) with every `{placeholder}`
 * replaced by its value formatted for that locale — token amounts exactly (format.ts), dates in UTC, integers
 * grouped — and, in the HTML, escaped. A placeholder without a value is an error: a notification is never sent
 * with a hole in it.
 */
import type { Locale } from "../../accounts/accounts.ts";
import { escapeHtml, formatAmount, formatDate, formatInteger } from "../format.ts";
import type { NotificationData, NotificationKind } from "../queue.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { ko } from "./ko.ts";
import { pt } from "./pt.ts";
import type { LocaleTemplates } from "./types.ts";

export type { LocaleTemplates, NotificationTemplate } from "./types.ts";

/** Every locale's templates. */
export const TEMPLATES: Record<Locale, LocaleTemplates> = { en, fr, ko, es, pt };

/** How each placeholder is formatted; `token` (default "USDC") is the symbol of amounts. */
export const PLACEHOLDER_FORMATS = {
  campaign: "text",
  reference: "text",
  amount: "amount",
  raised: "amount",
  dueDate: "date",
  days: "integer",
  reportId: "integer",
} as const;

/** A placeholder name. */
export type Placeholder = keyof typeof PLACEHOLDER_FORMATS;

/** A rendered notification. */
export interface RenderedNotification {
  subject: string;
  /** Plain-text body (paragraphs separated by blank lines, footer last). */
  text: string;
  /** HTML body (escaped values, `lang` set to the locale). */
  html: string;
  /** The first paragraph: the SMS text and the push notification body. */
  short: string;
}

/** The `{placeholder}` names used in a template string, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]);
}

/**
 * Renders `kind` for `locale` with `data`.
 *
 * @throws When a placeholder the template uses has no value in `data`, or a value is malformed (not a decimal
 *   amount, date or integer as its placeholder expects).
 */
export function renderNotification(
  kind: NotificationKind,
  locale: Locale,
  data: NotificationData,
): RenderedNotification {
  const templates = TEMPLATES[locale];
  const template = templates.kinds[kind];
  const token = String(data.token ?? "USDC");
  const value = (name: string): string => {
    const raw = data[name];
    if (raw === undefined || raw === "") throw new Error(`notification ${kind}: the value of {${name}} is missing`);
    const format = PLACEHOLDER_FORMATS[name as Placeholder] ?? "text";
    try {
      if (format === "amount") return formatAmount(String(raw), token, locale);
      if (format === "date") return formatDate(String(raw), locale);
      if (format === "integer") return formatInteger(raw, locale);
      return String(raw);
    } catch (error) {
      throw new Error(`notification ${kind}: {${name}}: ${(error as Error).message}`, { cause: error });
    }
  };
  const fill = (text: string, escape: boolean) =>
    text.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => (escape ? escapeHtml(value(name)) : value(name)));
  const paragraphs = template.body.map((paragraph) => fill(paragraph, false));
  const htmlParagraphs = [...template.body.map((paragraph) => fill(paragraph, true)), escapeHtml(templates.footer)];
  return {
    subject: fill(template.subject, false),
    text: [...paragraphs, templates.footer].join("\n\n"),
    html:
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body>` +
      htmlParagraphs.map((paragraph) => `<p>${paragraph}</p>`).join("") +
      "</body></html>",
    short: paragraphs[0],
  };
}
