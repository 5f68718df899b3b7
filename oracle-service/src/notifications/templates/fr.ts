/** French notification templates (same kinds and placeholders as `en.ts`). */
import type { LocaleTemplates } from "./types.ts";

/** Français. */
export const fr: LocaleTemplates = {
  kinds: {
    investment_confirmed: {
      subject: "Votre investissement dans {campaign} est confirmé",
      body: [
        "Votre investissement de {amount} dans {campaign} est confirmé.",
        "Vos parts de revenus sont sur votre compte et touchent leur part de chaque rapport de revenus.",
      ],
    },
    campaign_succeeded: {
      subject: "{campaign} a atteint son objectif",
      body: [
        "Bonne nouvelle : {campaign} a atteint son objectif avec {raised} collectés.",
        "Désormais, vous recevez votre part des revenus à chaque règlement d’un rapport.",
      ],
    },
    campaign_failed: {
      subject: "{campaign} n’a pas atteint son objectif",
      body: [
        "{campaign} n’a pas atteint son objectif avant la date limite.",
        "Votre investissement de {amount} vous sera intégralement remboursé.",
      ],
    },
    refund_available: {
      subject: "Remboursement de {amount} pour {campaign}",
      body: [
        "Un remboursement de {amount} pour {campaign} vous est envoyé.",
        "Vous n’avez rien à faire de votre côté.",
      ],
    },
    revenue_received: {
      subject: "Nouveaux revenus de {campaign}",
      body: [
        "Le rapport {reportId} de {campaign} a été réglé : {amount} de revenus vous attendent.",
        "Ouvrez Encore pour les réclamer quand vous le souhaitez.",
      ],
    },
    payout_sent: {
      subject: "Versement de {amount} envoyé",
      body: [
        "Nous vous avons envoyé un versement de {amount} (référence {reference}).",
        "Selon votre banque, il peut mettre quelques jours à arriver.",
      ],
    },
    due_date_reminder: {
      subject: "Rappel : {amount} à payer le {dueDate} pour {campaign}",
      body: [
        "Le rapport {reportId} de {campaign} laisse {amount} à verser à vos soutiens d’ici le {dueDate} (encore {days} jours).",
        "Alimentez votre réserve avant cette date pour éviter une pénalité prélevée sur votre caution.",
      ],
    },
    overdue_notice: {
      subject: "Retard de paiement : {amount} pour {campaign}",
      body: [
        "Le paiement de {amount} pour le rapport {reportId} de {campaign} était dû le {dueDate} et n’a pas été fait.",
        "Il peut maintenant être prélevé sur votre caution avec une pénalité, et vos nouvelles campagnes sont suspendues jusqu’au paiement.",
      ],
    },
  },
  footer: "Encore — vous recevez ce message selon les réglages de votre compte. Modifiez-les dans votre profil.",
};
