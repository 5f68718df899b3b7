/** Spanish notification templates (same kinds and placeholders as `en.ts`). */
import type { LocaleTemplates } from "./types.ts";

/** Español. */
export const es: LocaleTemplates = {
  kinds: {
    investment_confirmed: {
      subject: "Tu inversión en {campaign} está confirmada",
      body: [
        "Tu inversión de {amount} en {campaign} está confirmada.",
        "Tus participaciones ya están en tu cuenta y reciben su parte de cada informe de ingresos.",
      ],
    },
    campaign_succeeded: {
      subject: "{campaign} alcanzó su objetivo",
      body: [
        "Buenas noticias: {campaign} alcanzó su objetivo con {raised} recaudados.",
        "A partir de ahora recibes tu parte de los ingresos cada vez que se liquida un informe.",
      ],
    },
    campaign_failed: {
      subject: "{campaign} no alcanzó su objetivo",
      body: [
        "{campaign} no alcanzó su objetivo antes de la fecha límite.",
        "Te devolveremos íntegramente tu inversión de {amount}.",
      ],
    },
    refund_available: {
      subject: "Reembolso de {amount} por {campaign}",
      body: ["Te estamos enviando un reembolso de {amount} por {campaign}.", "No tienes que hacer nada."],
    },
    revenue_received: {
      subject: "Nuevos ingresos de {campaign}",
      body: [
        "El informe {reportId} de {campaign} se liquidó: ya puedes reclamar {amount} de ingresos.",
        "Abre Encore para reclamarlos cuando quieras.",
      ],
    },
    payout_sent: {
      subject: "Pago de {amount} enviado",
      body: [
        "Te enviamos un pago de {amount} (referencia {reference}).",
        "Según tu banco, puede tardar unos días en llegar.",
      ],
    },
    due_date_reminder: {
      subject: "Recordatorio: {amount} a pagar el {dueDate} por {campaign}",
      body: [
        "El informe {reportId} de {campaign} deja {amount} por pagar a tus seguidores antes del {dueDate} (quedan {days} días).",
        "Recarga tu reserva antes de esa fecha para evitar una multa descontada de tu fianza.",
      ],
    },
    overdue_notice: {
      subject: "Pago vencido: {amount} por {campaign}",
      body: [
        "El pago de {amount} del informe {reportId} de {campaign} vencía el {dueDate} y sigue pendiente.",
        "Ahora puede cobrarse de tu fianza con una multa, y tus nuevas campañas quedan suspendidas hasta que se pague.",
      ],
    },
  },
  footer: "Encore — recibes este mensaje según la configuración de tu cuenta. Puedes cambiarla en tu perfil.",
};
