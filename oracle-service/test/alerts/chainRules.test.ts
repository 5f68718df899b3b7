/**
 * On a real local chain with the contracts deployed: the keeper enqueues notifications for holders and artists
 * with accounts (campaign succeeded, due-date reminder, overdue notice); `late_payment` finds a debt only once its
 * due date has passed; `treasury_low` compares the service account's stablecoin with the threshold;
 * `rpc_unreachable` reports a node that does not answer or whose head is stale.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createPublicClient, http } from "viem";

import { createAccount } from "../../src/accounts/accounts.ts";
import { latePaymentRule, rpcUnreachableRule, treasuryLowRule } from "../../src/alerts/rules/index.ts";
import type { ServiceContext } from "../../src/api/context.ts";
import type { ChainContext } from "../../src/chain/client.ts";
import { abis } from "../../src/chain/contracts.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { createKeeper } from "../../src/keeper/keeper.ts";
import { createOutboxWorker } from "../../src/outbox/outbox.ts";
import { openTestDatabase } from "../support/databases.ts";
import { devKey, DEV_ACCOUNTS, startTestChain, type TestChain } from "../support/localChain.ts";
import { operatorContext } from "../outbox/outboxTestKit.ts";
import { scenario, USDC, type Scenario } from "../keeper/keeperScenario.ts";

const KEEPER_ACCOUNT = 9;
const ARTIST = 15;
const FANS = DEV_ACCOUNTS.fans;

describe("chain notifications and chain alert rules", () => {
  let chain: TestChain;
  let context: ChainContext;
  let act: Scenario;
  let db: Database;
  let service: ServiceContext;

  before(async () => {
    chain = await startTestChain();
    context = await operatorContext(chain, KEEPER_ACCOUNT);
    act = scenario(chain, context);
    db = await openTestDatabase("pglite");
    const config = loadConfig({
      ENCORE_RPC_URL: chain.url,
      ENCORE_OPERATOR_KEY: devKey(KEEPER_ACCOUNT),
      ENCORE_TREASURY_LOW_THRESHOLD: "10.5",
    });
    service = { config, db, chain: context };
  });
  after(async () => {
    await db?.close();
    await chain?.stop();
  });

  const keeper = () => createKeeper({ db, chain: context, confirmations: 1, intervalMs: 50, dueReminderDays: 3 });
  const outbox = () => createOutboxWorker({ db, chain: context, confirmations: 1, intervalMs: 50 });
  /** A keeper round, then the outbox sends and confirms what it enqueued. */
  const round = async () => {
    await keeper().runOnce();
    const worker = outbox();
    await worker.runOnce();
    await chain.mine(1);
    await worker.runOnce();
    await chain.mine(1);
    await keeper().runOnce();
  };
  const notifications = () =>
    db.query<{ kind: string; account_id: bigint; data: Record<string, string | number>; dedupe_key: string }>(
      "SELECT kind, account_id, data, dedupe_key FROM notifications ORDER BY id",
    );

  it("notifies holders and the artist from chain events, and late_payment waits for the due date", async () => {
    const artist = act.wallet(ARTIST).account.address;
    const fanAddress = act.wallet(FANS[0]).account.address;
    const fan = await createAccount(db, { kind: "fan", wallet: fanAddress, email: "fan@example.test", locale: "fr" });
    const artistAccount = await createAccount(db, { kind: "artist", wallet: artist, email: "artist@example.test" });

    const id = await act.createCampaign(ARTIST, { goal: 1_000n * USDC, bond: 300n * USDC });
    await act.invest(id, FANS[0], 600n * USDC);
    await act.invest(id, FANS[1], 400n * USDC);
    await chain.increaseTime(3_601);
    await chain.mine(1);
    await round();
    const succeeded = (await notifications()).filter((n) => n.kind === "campaign_succeeded");
    assert.deepEqual(
      succeeded.map((n) => [n.account_id, n.data.campaign, n.data.raised, n.dedupe_key]),
      [[fan.id, `#${id}`, "1000", `campaign_succeeded:${id}:${fan.id}`]],
      "only the investor with an account",
    );
    assert.equal(typeof succeeded[0].data.token, "string");

    const reportId = await act.submitReport(id, 1_000n * USDC, 1n);
    await chain.increaseTime(3_601);
    await chain.mine(1);
    await round();
    await round();
    const report = await context.publicClient.readContract({
      address: context.deployment.RevenueOracle,
      abi: abis.RevenueOracle,
      functionName: "getReport",
      args: [reportId],
    });
    assert.equal(report.status, 4, "settled into a debt (the artist's reserve is empty)");
    const reminder = (await notifications()).find((n) => n.kind === "due_date_reminder");
    assert.ok(reminder, "the artist is reminded: the due date is a day away");
    assert.equal(reminder.account_id, artistAccount.id);
    assert.equal(reminder.dedupe_key, `due_date_reminder:${reportId}`);
    assert.equal(reminder.data.days, 1);
    assert.equal(reminder.data.reportId, reportId.toString());
    assert.deepEqual(await latePaymentRule().evaluate(service), [], "not due yet");

    await chain.increaseTime(86_401);
    await chain.mine(1);
    const [finding] = await latePaymentRule().evaluate(service);
    assert.equal(finding?.key, `report:${reportId}`);
    assert.equal(finding.severity, "critical");
    assert.match(
      finding.summary,
      new RegExp(`^Report ${reportId} \\(campaign ${id}\\): [0-9.,]+ overdue since \\d{4}-\\d{2}-\\d{2}$`),
    );
    await keeper().runOnce();
    const overdue = (await notifications()).filter((n) => n.kind === "overdue_notice");
    assert.deepEqual(
      overdue.map((n) => [n.account_id, n.dedupe_key]),
      [[artistAccount.id, `overdue_notice:${reportId}`]],
    );
    await keeper().runOnce();
    assert.equal((await notifications()).filter((n) => n.kind === "overdue_notice").length, 1, "once");
  });

  it("treasury_low compares the service account's stablecoin balance with the threshold", async () => {
    const balance = await context.publicClient.readContract({
      address: context.deployment.MockStablecoin,
      abi: abis.MockStablecoin,
      functionName: "balanceOf",
      args: [context.account.address],
    });
    if (balance >= 10_500_000n) throw new Error("the keeper account unexpectedly holds stablecoin");
    const [low] = await treasuryLowRule().evaluate(service);
    assert.equal(low?.key, `treasury:${context.deployment.MockStablecoin.toLowerCase()}`);
    assert.match(low.summary, /below 10\.50 /);
    await act.send(KEEPER_ACCOUNT, {
      address: context.deployment.MockStablecoin,
      abi: abis.MockStablecoin,
      functionName: "mint",
      args: [context.account.address, 11n * USDC],
    });
    assert.deepEqual(await treasuryLowRule().evaluate(service), []);
  });

  it("rpc_unreachable reports a node that does not answer or whose head is stale", async () => {
    assert.deepEqual(await rpcUnreachableRule().evaluate({ ...service, config: { ...service.config } }), []);
    const head = await context.publicClient.getBlock({ blockTag: "latest" });
    const later = () => new Date(Number(head.timestamp + 3_600n) * 1000);
    const [stale] = await rpcUnreachableRule({ now: later }).evaluate(service);
    assert.equal(stale?.key, "rpc");
    assert.match(stale.summary, /is stale: head block \d+ is \d+ s old/);
    const down = {
      ...context,
      publicClient: createPublicClient({ transport: http("http://127.0.0.1:1", { retryCount: 0 }) }),
    } as unknown as ChainContext;
    const [unreachable] = await rpcUnreachableRule().evaluate({ ...service, chain: down });
    assert.equal(unreachable?.summary, `RPC node ${new URL(chain.url).host} is unreachable`);
    assert.equal(unreachable.severity, "critical");
  });
});
