/** Korean notification templates (same kinds and placeholders as `en.ts`). */
import type { LocaleTemplates } from "./types.ts";

/** 한국어. */
export const ko: LocaleTemplates = {
  kinds: {
    investment_confirmed: {
      subject: "{campaign} 투자가 확정되었습니다",
      body: [
        "{campaign}에 대한 {amount} 투자가 확정되었습니다.",
        "수익 지분이 계정에 들어왔으며 매 수익 보고서마다 해당 몫을 받습니다.",
      ],
    },
    campaign_succeeded: {
      subject: "{campaign} 목표 달성",
      body: [
        "좋은 소식입니다. {campaign}이(가) {raised}을(를) 모아 목표를 달성했습니다.",
        "이제 보고서가 정산될 때마다 수익의 몫을 받게 됩니다.",
      ],
    },
    campaign_failed: {
      subject: "{campaign} 목표 미달성",
      body: ["{campaign}이(가) 마감일까지 목표를 달성하지 못했습니다.", "투자하신 {amount}은(는) 전액 환불됩니다."],
    },
    refund_available: {
      subject: "{campaign} 환불 {amount}",
      body: ["{campaign}에 대한 {amount} 환불이 진행 중입니다.", "따로 하실 일은 없습니다."],
    },
    revenue_received: {
      subject: "{campaign}의 새 수익",
      body: [
        "{campaign}의 보고서 {reportId}이(가) 정산되었습니다. 이제 {amount}의 수익을 청구할 수 있습니다.",
        "원하실 때 Encore에서 청구하세요.",
      ],
    },
    payout_sent: {
      subject: "{amount} 지급 완료",
      body: ["{amount}을(를) 지급했습니다 (참조 번호 {reference}).", "은행에 따라 도착까지 며칠이 걸릴 수 있습니다."],
    },
    due_date_reminder: {
      subject: "알림: {campaign} {amount} 납부 기한 {dueDate}",
      body: [
        "{campaign}의 보고서 {reportId}에 따라 {dueDate}까지 후원자에게 {amount}을(를) 지급해야 합니다 ({days}일 남음).",
        "보증금에서 벌금이 차감되지 않도록 기한 전에 적립금을 충전하세요.",
      ],
    },
    overdue_notice: {
      subject: "연체: {campaign} {amount}",
      body: [
        "{campaign}의 보고서 {reportId}에 대한 {amount} 지급 기한은 {dueDate}였으며 현재 연체 중입니다.",
        "이제 벌금과 함께 보증금에서 집행될 수 있으며, 지급이 완료될 때까지 새 캠페인이 중지됩니다.",
      ],
    },
  },
  footer: "Encore — 계정 설정에 따라 이 메시지를 받으셨습니다. 프로필에서 변경할 수 있습니다.",
};
