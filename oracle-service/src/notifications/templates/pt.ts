/** Portuguese notification templates (same kinds and placeholders as `en.ts`). */
import type { LocaleTemplates } from "./types.ts";

/** Português. */
export const pt: LocaleTemplates = {
  kinds: {
    investment_confirmed: {
      subject: "Seu investimento em {campaign} foi confirmado",
      body: [
        "Seu investimento de {amount} em {campaign} foi confirmado.",
        "Suas cotas de receita já estão na sua conta e recebem a parte delas em cada relatório de receitas.",
      ],
    },
    campaign_succeeded: {
      subject: "{campaign} atingiu a meta",
      body: [
        "Boa notícia: {campaign} atingiu a meta com {raised} arrecadados.",
        "A partir de agora você recebe sua parte das receitas sempre que um relatório for liquidado.",
      ],
    },
    campaign_failed: {
      subject: "{campaign} não atingiu a meta",
      body: [
        "{campaign} não atingiu a meta antes do prazo.",
        "Seu investimento de {amount} será devolvido integralmente.",
      ],
    },
    refund_available: {
      subject: "Reembolso de {amount} para {campaign}",
      body: ["Um reembolso de {amount} para {campaign} está a caminho.", "Você não precisa fazer nada."],
    },
    revenue_received: {
      subject: "Novas receitas de {campaign}",
      body: [
        "O relatório {reportId} de {campaign} foi liquidado: {amount} em receitas já podem ser resgatados por você.",
        "Abra o Encore para resgatá-los quando quiser.",
      ],
    },
    payout_sent: {
      subject: "Pagamento de {amount} enviado",
      body: [
        "Enviamos um pagamento de {amount} para você (referência {reference}).",
        "Dependendo do seu banco, pode levar alguns dias para chegar.",
      ],
    },
    due_date_reminder: {
      subject: "Lembrete: {amount} a pagar em {dueDate} para {campaign}",
      body: [
        "O relatório {reportId} de {campaign} deixa {amount} a pagar aos seus apoiadores até {dueDate} (faltam {days} dias).",
        "Abasteça sua reserva antes dessa data para evitar uma multa descontada da sua caução.",
      ],
    },
    overdue_notice: {
      subject: "Pagamento atrasado: {amount} para {campaign}",
      body: [
        "O pagamento de {amount} do relatório {reportId} de {campaign} vencia em {dueDate} e está atrasado.",
        "Agora ele pode ser cobrado da sua caução com multa, e suas novas campanhas ficam suspensas até o pagamento.",
      ],
    },
  },
  footer: "Encore — você recebe esta mensagem conforme as configurações da sua conta. Altere-as no seu perfil.",
};
