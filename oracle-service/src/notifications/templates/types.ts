/**
 * The shape of a locale's templates: for every notification kind a subject and the body's paragraphs, with
 * `{placeholder}` markers that {@link renderNotification} fills with locale-formatted, HTML-escaped values. One
 * source of truth per locale (`en.ts`, `fr.ts`, …): the plain text and the HTML are both built from it.
 */
import type { NotificationKind } from "../queue.ts";

/** One kind's template in one locale. */
export interface NotificationTemplate {
  /** Subject line (email) and title (push). */
  subject: string;
  /** Body paragraphs; the first one is also the SMS and push text. */
  body: string[];
}

/** A locale's templates: every kind, plus the sign-off shared by every email. */
export interface LocaleTemplates {
  kinds: Record<NotificationKind, NotificationTemplate>;
  /** Last paragraph of every email. */
  footer: string;
}
