/**
 * Helpers of the payment tests: the rails' environment pointed at the local fake, a campaign in `Funding` on the
 * local chain, a funded treasury, Stripe / Coinbase events signed with the SDKs' own helpers, and webhook delivery.
 */
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import Stripe from "stripe";
import { createWalletClient, http, keccak256, stringToHex, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { abis } from "../../src/chain/contracts.ts";
import { connectChain } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { paymentsContext, type PaymentsContext } from "../../src/payments/paymentsContext.ts";
import { getPayment } from "../../src/payments/paymentStore.ts";
import { reconcileOnce } from "../../src/payments/reconciler.ts";
import { startService, type RunningService } from "../../src/service.ts";
import { DEV_ACCOUNTS, devKey, startTestChain, type TestChain } from "../support/localChain.ts";
import { startFakeProviders, type FakeProviders, type FakeSession } from "./fakeProviders.ts";

/** Stripe webhook signing secret of the tests. */
export const STRIPE_WEBHOOK_SECRET = "whsec_test_encore";
/** Coinbase webhook secret of the tests. */
export const COINBASE_WEBHOOK_SECRET = "coinbase-test-secret";
/** The operator (treasury) dev account of the payment tests. */
export const TREASURY_ACCOUNT = 11;

/** Environment of a service whose rails all talk to `fake`. */
export function railsEnv(fake: FakeProviders): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: "sk_test_encore_fake",
    STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    PAYPAL_CLIENT_ID: "fake-client",
    PAYPAL_CLIENT_SECRET: "fake-secret",
    PAYPAL_WEBHOOK_ID: fake.paypalWebhookId,
    PAYPAL_API_BASE: fake.url,
    COINBASE_COMMERCE_API_KEY: "fake-coinbase-key",
    COINBASE_COMMERCE_WEBHOOK_SECRET: COINBASE_WEBHOOK_SECRET,
    COINBASE_COMMERCE_API_BASE: fake.url,
  };
}

/** Where a service under test keeps its data: a PGlite folder or a fresh database on the test Postgres server. */
export interface ServiceDatabase {
  /** `ENCORE_DATA_DIR` or `DATABASE_URL`. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** A fresh, empty database for a service on `engine`. */
export async function serviceDatabase(engine: Database["engine"]): Promise<ServiceDatabase> {
  if (engine === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "encore-payments-"));
    return {
      env: { ENCORE_DATA_DIR: join(dir, "db") },
      remove: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const adminUrl = process.env.ENCORE_TEST_DATABASE_URL as string;
  const name = `encore_pay_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async remove() {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** Full service environment on `chain` with the rails on `fake` and its data in `database`. */
export function serviceEnv(
  chain: TestChain,
  fake: FakeProviders,
  database: ServiceDatabase,
  extra: Record<string, string> = {},
) {
  return {
    ...database.env,
    ENCORE_RPC_URL: chain.url,
    ENCORE_OPERATOR_KEY: devKey(TREASURY_ACCOUNT),
    ENCORE_CONTRACTS_FILE: chain.contractsFile,
    ENCORE_PORT: "0",
    ENCORE_CONFIRMATIONS: "1",
    ENCORE_KEEPER_INTERVAL_MS: "100",
    ENCORE_RATE_LIMIT: "100000",
    LOG_LEVEL: "warn",
    ...railsEnv(fake),
    ...extra,
  };
}

async function sendAs(chain: TestChain, index: number, address: Address, abi: unknown, name: string, args: unknown[]) {
  const context = await connectChain({
    rpcUrl: chain.url,
    operatorKey: devKey(index),
    contractsFile: chain.contractsFile,
    pollingIntervalMs: 50,
  });
  const wallet = createWalletClient({
    chain: context.chain,
    transport: http(chain.url),
    account: privateKeyToAccount(devKey(index)),
  });
  const hash = await wallet.writeContract({ address, abi: abi as never, functionName: name, args });
  const receipt = await context.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${name} reverted`);
  return { context, receipt };
}

/** Mints `amount` mock stablecoin units to `to`. */
export async function mintStable(chain: TestChain, to: Address, amount: bigint): Promise<void> {
  await sendAs(chain, DEV_ACCOUNTS.owner, chain.addresses.MockStablecoin as Address, abis.MockStablecoin, "mint", [
    to,
    amount,
  ]);
}

/** Creates a campaign in `Funding` as artist 2; returns its id. */
export async function createFundingCampaign(
  chain: TestChain,
  options: { goal: bigint; hardCap: bigint; deadlineSeconds: bigint; minInvestment?: bigint },
): Promise<bigint> {
  const hub = chain.addresses.EncoreHub as Address;
  const context = await connectChain({
    rpcUrl: chain.url,
    operatorKey: devKey(DEV_ACCOUNTS.artists[0]),
    contractsFile: chain.contractsFile,
  });
  const now = (await context.publicClient.getBlock()).timestamp;
  await sendAs(chain, DEV_ACCOUNTS.artists[0], hub, abis.EncoreHub, "createCampaign", [
    {
      token: chain.addresses.MockStablecoin,
      goal: options.goal,
      hardCap: options.hardCap,
      fundingDeadline: now + options.deadlineSeconds,
      minInvestment: options.minInvestment ?? 1n,
      maxPerInvestor: 0n,
      revenueShareBps: 5_000,
      payoutCap: 0n,
      shareDuration: 365n * 86_400n,
      vestingDuration: 0n,
      bond: 0n,
      termsHash: keccak256(stringToHex("payments test terms")),
      metadataURI: "data:application/json,{}",
      compliance: "0x0000000000000000000000000000000000000000",
    },
  ]);
  return context.publicClient.readContract({ address: hub, abi: abis.EncoreHub, functionName: "campaignCount" });
}

/** Calls `finalize(campaignId)` as a fan (anyone may). */
export async function finalize(chain: TestChain, campaignId: bigint): Promise<void> {
  await sendAs(chain, DEV_ACCOUNTS.fans[0], chain.addresses.EncoreHub as Address, abis.EncoreHub, "finalize", [
    campaignId,
  ]);
}

/** A Stripe event payload (JSON text) about a fake session. */
export function stripeEvent(
  type: "checkout.session.completed" | "checkout.session.expired" | "charge.refunded",
  session: FakeSession,
  options: { eventId?: string; amount?: number } = {},
): string {
  const object =
    type === "charge.refunded"
      ? {
          id: `ch_${session.paymentIntent.slice(3)}`,
          object: "charge",
          payment_intent: session.paymentIntent,
          amount_refunded: session.amount,
          currency: session.currency,
          metadata: { payment_id: session.paymentId },
        }
      : {
          id: session.id,
          object: "checkout.session",
          client_reference_id: session.paymentId,
          payment_status: type === "checkout.session.completed" ? "paid" : "unpaid",
          payment_intent: type === "checkout.session.completed" ? session.paymentIntent : null,
          amount_total: options.amount ?? session.amount,
          currency: session.currency,
          metadata: { payment_id: session.paymentId },
        };
  return JSON.stringify({
    id: options.eventId ?? `evt_${randomBytes(10).toString("hex")}`,
    object: "event",
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    type,
    data: { object },
  });
}

/** A Stripe dispute event payload (JSON text) against a fake session's PaymentIntent. */
export function stripeDisputeEvent(
  type: "charge.dispute.created" | "charge.dispute.closed",
  session: FakeSession,
  options: { disputeId: string; status: "needs_response" | "won" | "lost" | "warning_closed"; reason?: string },
): string {
  return JSON.stringify({
    id: `evt_${randomBytes(10).toString("hex")}`,
    object: "event",
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    type,
    data: {
      object: {
        id: options.disputeId,
        object: "dispute",
        charge: `ch_${session.paymentIntent.slice(3)}`,
        payment_intent: session.paymentIntent,
        amount: session.amount,
        currency: session.currency,
        reason: options.reason ?? "fraudulent",
        status: options.status,
        metadata: {},
      },
    },
  });
}

const stripeForSigning = new Stripe("sk_test_signing_only");

/** The `stripe-signature` header of `payload`, made by the SDK's own test helper. */
export function stripeSignature(payload: string, options: { timestamp?: number; secret?: string } = {}): string {
  return stripeForSigning.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? STRIPE_WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
}

/** The `x-cc-webhook-signature` of a Coinbase payload (HMAC-SHA256 hex, as Commerce signs). */
export function coinbaseSignature(payload: string, secret = COINBASE_WEBHOOK_SECRET): string {
  return createHmac("sha256", secret).update(payload, "utf8").digest("hex");
}

/**
 * POSTs a webhook body with its headers; returns status and JSON answer. A 503 (treasury approval not mined yet) is
 * delivered again after a pause, as the providers do, up to `retries` times.
 */
export async function deliver(
  baseUrl: string,
  provider: string,
  body: string,
  headers: Record<string, string>,
  retries = 100,
): Promise<{ status: number; body: Record<string, unknown> }> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}/v1/webhooks/${provider}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const answer = { status: response.status, body: (await response.json()) as Record<string, unknown> };
    if (answer.status !== 503 || attempt >= retries) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls `condition` every 100 ms until it holds, or fails after `timeoutMs`. */
export async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs = 60_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fisher–Yates shuffle (returns a new array). */
export function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** A fresh random address (a fan's wallet). */
export function randomWallet(): Address {
  return privateKeyToAccount(`0x${randomBytes(32).toString("hex")}`).address;
}

/** An in-process service on a local chain with its rails on the fake (keeper and payments worker off). */
export interface PaymentsHarness {
  chain: TestChain;
  fake: FakeProviders;
  service: RunningService;
  payments: PaymentsContext;
  /** POSTs JSON to the service. */
  post(
    path: string,
    body: object,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** The fake's Checkout Session of a payment. */
  sessionOf(paymentId: string): FakeSession;
  /** Runs the reconciler until the payment reaches `state`. */
  settle(paymentId: string, state: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts chain, fake and service (database on `engine`), and funds the treasury with 100,000 mock USDC. */
export async function startPaymentsHarness(engine: Database["engine"] = "pglite"): Promise<PaymentsHarness> {
  const chain = await startTestChain();
  const fake = await startFakeProviders();
  const miner = setInterval(() => void chain.mine().catch(() => undefined), 250);
  const database = await serviceDatabase(engine);
  const service = await startService(loadConfig(serviceEnv(chain, fake, database)), {
    workers: { keeper: false, exchange: false, payments: false },
    logger: false,
  });
  const payments = paymentsContext(service.context);
  await mintStable(chain, service.context.chain.account.address, 100_000n * 1_000_000n);
  return {
    chain,
    fake,
    service,
    payments,
    async post(path, body, headers = {}) {
      const response = await fetch(`${service.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    sessionOf(paymentId) {
      const session = [...fake.sessions.values()].find((candidate) => candidate.paymentId === paymentId);
      if (session === undefined) throw new Error(`the fake has no session for ${paymentId}`);
      return session;
    },
    settle: (paymentId, state) =>
      waitFor(
        async () => {
          await reconcileOnce(payments);
          return (await getPayment(service.context.db, paymentId))?.state === state;
        },
        60_000,
        `${paymentId} ${state}`,
      ),
    async stop() {
      clearInterval(miner);
      await service.stop();
      await fake.close();
      await chain.stop();
      await database.remove();
    },
  };
}

/** Sends a contract call as dev account `index` and waits for it to succeed; returns the transaction hash. */
export async function sendAsDev(
  chain: TestChain,
  index: number,
  address: Address,
  abi: unknown,
  name: string,
  args: unknown[],
): Promise<`0x${string}`> {
  const { receipt } = await sendAs(chain, index, address, abi, name, args);
  return receipt.transactionHash;
}
