/**
 * What the payment code shares: database, chain (the treasury is the chain account), settings and the enabled
 * rails. Rails are built once per configuration object from its settings ({@link railsFor}).
 */
import type { ServiceContext } from "../api/context.ts";
import type { ChainContext } from "../chain/client.ts";
import type { Database } from "../db/database.ts";
import type { PaymentsConfig } from "./config.ts";
import { CoinbaseRail } from "./coinbaseRail.ts";
import { PayPalRail } from "./paypalRail.ts";
import type { Rails } from "./rail.ts";
import { StripeRail } from "./stripeRail.ts";

/** Shared dependencies of the payment code. */
export interface PaymentsContext {
  db: Database;
  chain: ChainContext;
  payments: PaymentsConfig;
  rails: Rails;
  /** Settlement-token decimals (fiat conversion, src/payments/amounts.ts). */
  tokenDecimals: number;
  /** Blocks on top of a token transfer before a cash-out pays it. */
  confirmations: number;
  log: (message: string, data?: object) => void;
}

const built = new WeakMap<PaymentsConfig, Rails>();

/** The enabled rails of a configuration (built on first use, then reused). */
export function railsFor(config: PaymentsConfig): Rails {
  let rails = built.get(config);
  if (rails === undefined) {
    rails = {
      ...(config.stripe ? { stripe: new StripeRail(config.stripe) } : {}),
      ...(config.paypal ? { paypal: new PayPalRail(config.paypal) } : {}),
      ...(config.coinbase ? { coinbase: new CoinbaseRail(config.coinbase) } : {}),
    };
    built.set(config, rails);
  }
  return rails;
}

/** The payments context of a service context. */
export function paymentsContext(
  context: ServiceContext,
  log: (message: string, data?: object) => void = () => undefined,
): PaymentsContext {
  return {
    db: context.db,
    chain: context.chain,
    payments: context.config.payments,
    rails: railsFor(context.config.payments),
    tokenDecimals: context.config.tokenDecimals,
    confirmations: context.config.confirmations,
    log,
  };
}
