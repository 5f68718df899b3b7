/**
 * Settings of the payment rails (Stripe, PayPal, Coinbase Commerce), read from the environment with the service's
 * configuration. A rail whose keys are absent is disabled (its routes answer 503 and its worker steps skip it); a
 * rail with only part of its keys set stops start-up with a message naming the missing setting. Secrets are never
 * logged: {@link describePaymentsConfig} redacts them.
 */
import Type, { type Static } from "typebox";
import { Value } from "typebox/value";

const INTEGER = "^[0-9]+$";
const URL_PATTERN = "^https?://";

/** Environment variables of the rails. */
export const PaymentsEnvSchema = Type.Object({
  STRIPE_SECRET_KEY: Type.Optional(
    Type.String({ pattern: "^(sk|rk)_(test|live)_[0-9A-Za-z_]+$", description: "Stripe secret key (sk_test_…)" }),
  ),
  STRIPE_WEBHOOK_SECRET: Type.Optional(
    Type.String({ pattern: "^whsec_[0-9A-Za-z_]+$", description: "signing secret of the Stripe webhook endpoint" }),
  ),
  STRIPE_API_BASE: Type.Optional(
    Type.String({ pattern: URL_PATTERN, description: "Stripe API base URL override (tests: the local fake)" }),
  ),
  STRIPE_WEBHOOK_TOLERANCE_S: Type.Optional(
    Type.String({ pattern: INTEGER, description: "oldest accepted Stripe signature timestamp, seconds (default 300)" }),
  ),
  PAYPAL_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, description: "PayPal REST app client id" })),
  PAYPAL_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1, description: "PayPal REST app secret" })),
  PAYPAL_WEBHOOK_ID: Type.Optional(
    Type.String({ minLength: 1, description: "id of the PayPal webhook (verification)" }),
  ),
  PAYPAL_API_BASE: Type.Optional(
    Type.String({
      pattern: URL_PATTERN,
      description: "PayPal API base (default sandbox; live: https://api-m.paypal.com)",
    }),
  ),
  COINBASE_COMMERCE_API_KEY: Type.Optional(Type.String({ minLength: 1, description: "Coinbase Commerce API key" })),
  COINBASE_COMMERCE_WEBHOOK_SECRET: Type.Optional(
    Type.String({ minLength: 1, description: "shared secret of the Coinbase Commerce webhook subscription" }),
  ),
  COINBASE_COMMERCE_API_BASE: Type.Optional(
    Type.String({ pattern: URL_PATTERN, description: "Coinbase Commerce API base override (tests: the local fake)" }),
  ),
  PAYMENTS_CURRENCY: Type.Optional(
    Type.Union([Type.Literal("usd"), Type.Literal("eur"), Type.Literal("gbp")], {
      description: "fiat currency of card payments; the settlement stablecoin is pegged 1:1 to it (default usd)",
    }),
  ),
  PAYMENTS_PUBLIC_URL: Type.Optional(
    Type.String({ pattern: URL_PATTERN, description: "dApp URL Checkout returns to (success/cancel pages)" }),
  ),
  PAYMENTS_INTERVAL_MS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "payments reconciler interval, ms (default: the keeper interval)" }),
  ),
});

/** The rails' environment as the schema sees it. */
export type PaymentsEnv = Static<typeof PaymentsEnvSchema>;

/** Stripe settings (enabled when the secret key and the webhook secret are set). */
export interface StripeSettings {
  /** Secret. */
  secretKey: string;
  /** Secret. */
  webhookSecret: string;
  apiBase?: string;
  toleranceSeconds: number;
}

/** PayPal settings (enabled when client id, secret and webhook id are set). */
export interface PayPalSettings {
  clientId: string;
  /** Secret. */
  clientSecret: string;
  webhookId: string;
  apiBase: string;
}

/** Coinbase Commerce settings (enabled when the API key and the webhook secret are set). */
export interface CoinbaseSettings {
  /** Secret. */
  apiKey: string;
  /** Secret. */
  webhookSecret: string;
  apiBase?: string;
}

/** The validated rails configuration. */
export interface PaymentsConfig {
  stripe?: StripeSettings;
  paypal?: PayPalSettings;
  coinbase?: CoinbaseSettings;
  /** Lower-case ISO 4217 code; every supported currency has 2 minor-unit decimals. */
  currency: "usd" | "eur" | "gbp";
  publicUrl: string;
  /** Reconciler interval (ms); undefined = the keeper interval. */
  intervalMs?: number;
}

/** A payments setting is missing or invalid; `setting` names it. */
export class PaymentsConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, problem: string) {
    super(`configuration: ${setting} ${problem}`);
    this.name = "PaymentsConfigError";
    this.setting = setting;
  }
}

/** The PayPal sandbox API (the default base). */
export const PAYPAL_SANDBOX_API = "https://api-m.sandbox.paypal.com";

const SECRET = /(_KEY|_SECRET)$/;

/**
 * Validates the rails' settings.
 *
 * @param env - Usually `process.env`; empty variables count as unset.
 * @throws {PaymentsConfigError} Naming the first invalid setting, or the missing half of a rail's keys.
 */
export function loadPaymentsConfig(env: Record<string, string | undefined>): PaymentsConfig {
  const known = Object.keys(PaymentsEnvSchema.properties);
  const raw = Object.fromEntries(
    known.filter((key) => env[key] !== undefined && env[key] !== "").map((key) => [key, env[key]]),
  ) as Record<string, string>;
  const [error] = Value.Errors(PaymentsEnvSchema, raw);
  if (error !== undefined) {
    const setting = error.instancePath.replace(/^\//, "").split("/")[0] || "payments";
    const description = (PaymentsEnvSchema.properties as Record<string, { description?: string }>)[setting]
      ?.description;
    const shown = SECRET.test(setting) ? "is invalid" : `= "${raw[setting]}" is invalid`;
    throw new PaymentsConfigError(setting, `${shown}: ${error.message}${description ? ` (${description})` : ""}`);
  }
  const valid = raw as PaymentsEnv;
  const together = (names: (keyof PaymentsEnv)[]): boolean => {
    const set = names.filter((name) => valid[name] !== undefined);
    if (set.length === 0) return false;
    const missing = names.find((name) => valid[name] === undefined);
    if (missing !== undefined) {
      throw new PaymentsConfigError(missing, `is missing (${set.join(", ")} ${set.length > 1 ? "are" : "is"} set)`);
    }
    return true;
  };
  const config: PaymentsConfig = {
    currency: valid.PAYMENTS_CURRENCY ?? "usd",
    publicUrl: (valid.PAYMENTS_PUBLIC_URL ?? "http://127.0.0.1:5173").replace(/\/+$/, ""),
    intervalMs: valid.PAYMENTS_INTERVAL_MS === undefined ? undefined : Math.max(50, Number(valid.PAYMENTS_INTERVAL_MS)),
  };
  if (together(["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"])) {
    config.stripe = {
      secretKey: valid.STRIPE_SECRET_KEY as string,
      webhookSecret: valid.STRIPE_WEBHOOK_SECRET as string,
      apiBase: valid.STRIPE_API_BASE,
      toleranceSeconds: Number(valid.STRIPE_WEBHOOK_TOLERANCE_S ?? 300),
    };
  }
  if (together(["PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "PAYPAL_WEBHOOK_ID"])) {
    config.paypal = {
      clientId: valid.PAYPAL_CLIENT_ID as string,
      clientSecret: valid.PAYPAL_CLIENT_SECRET as string,
      webhookId: valid.PAYPAL_WEBHOOK_ID as string,
      apiBase: (valid.PAYPAL_API_BASE ?? PAYPAL_SANDBOX_API).replace(/\/+$/, ""),
    };
  }
  if (together(["COINBASE_COMMERCE_API_KEY", "COINBASE_COMMERCE_WEBHOOK_SECRET"])) {
    config.coinbase = {
      apiKey: valid.COINBASE_COMMERCE_API_KEY as string,
      webhookSecret: valid.COINBASE_COMMERCE_WEBHOOK_SECRET as string,
      apiBase: valid.COINBASE_COMMERCE_API_BASE,
    };
  }
  return config;
}

/** The rails configuration with every secret redacted, for logs and `encore config`. */
export function describePaymentsConfig(config: PaymentsConfig): Record<string, unknown> {
  return {
    currency: config.currency,
    publicUrl: config.publicUrl,
    intervalMs: config.intervalMs,
    stripe: config.stripe && { ...config.stripe, secretKey: "[redacted]", webhookSecret: "[redacted]" },
    paypal: config.paypal && { ...config.paypal, clientSecret: "[redacted]" },
    coinbase: config.coinbase && { ...config.coinbase, apiKey: "[redacted]", webhookSecret: "[redacted]" },
  };
}
