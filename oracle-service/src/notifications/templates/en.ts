/** English notification templates (the reference locale: every other locale has the same kinds and placeholders). */
import type { LocaleTemplates } from "./types.ts";

/** English. */
export const en: LocaleTemplates = {
  kinds: {
    investment_confirmed: {
      subject: "Your investment in {campaign} is confirmed",
      body: [
        "Your investment of {amount} in {campaign} is confirmed.",
        "Your revenue shares are in your account and earn their part of every revenue report.",
      ],
    },
    campaign_succeeded: {
      subject: "{campaign} reached its goal",
      body: [
        "Good news: {campaign} reached its goal with {raised} raised.",
        "From now on you receive your part of the revenue each time a report is settled.",
      ],
    },
    campaign_failed: {
      subject: "{campaign} did not reach its goal",
      body: [
        "{campaign} did not reach its goal before the deadline.",
        "Your investment of {amount} will be returned to you in full.",
      ],
    },
    refund_available: {
      subject: "Refund of {amount} for {campaign}",
      body: ["A refund of {amount} for {campaign} is on its way to you.", "Nothing needs to be done on your side."],
    },
    revenue_received: {
      subject: "New revenue from {campaign}",
      body: [
        "Report {reportId} of {campaign} was settled: {amount} of revenue is now yours to claim.",
        "Open Encore to claim it whenever you like.",
      ],
    },
    payout_sent: {
      subject: "Payout of {amount} sent",
      body: [
        "We sent you a payout of {amount} (reference {reference}).",
        "Depending on your bank it can take a few days to arrive.",
      ],
    },
    due_date_reminder: {
      subject: "Reminder: {amount} due on {dueDate} for {campaign}",
      body: [
        "Report {reportId} of {campaign} leaves {amount} to pay to your supporters by {dueDate} ({days} days left).",
        "Fund your reserve before that date to avoid a fine taken from your bond.",
      ],
    },
    overdue_notice: {
      subject: "Overdue: {amount} for {campaign}",
      body: [
        "The payment of {amount} for report {reportId} of {campaign} was due on {dueDate} and is overdue.",
        "It can now be enforced from your bond with a fine, and your new campaigns are suspended until it is paid.",
      ],
    },
  },
  footer: "Encore — you receive this message because of your account settings. Change them in your profile.",
};
