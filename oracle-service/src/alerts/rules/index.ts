/** The alert rules the service runs (see docs/notifications.md for the table of what each watches). */
import type { AlertRule } from "../alertRule.ts";
import { latePaymentRule } from "./latePayment.ts";
import { failedPayoutRule, paymentDisputeRule, webhookErrorsRule } from "./paymentRules.ts";
import { rpcUnreachableRule } from "./rpcUnreachable.ts";
import { treasuryLowRule } from "./treasuryLow.ts";

export {
  latePaymentRule,
  failedPayoutRule,
  paymentDisputeRule,
  webhookErrorsRule,
  rpcUnreachableRule,
  treasuryLowRule,
};

/** Every rule, in evaluation order (the RPC first: the chain rules depend on it). */
export function defaultAlertRules(): AlertRule[] {
  return [
    rpcUnreachableRule(),
    latePaymentRule(),
    treasuryLowRule(),
    failedPayoutRule(),
    paymentDisputeRule(),
    webhookErrorsRule(),
  ];
}
