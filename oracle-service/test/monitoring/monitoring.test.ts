/**
 * Monitoring against a real local chain and a real database: /health (ok, keeper lag, chain down → degraded),
 * /metrics (Prometheus text with the expected series and values), the operator overview and audit routes (API key
 * or operator session), and the access rules.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createPublicClient, getAddress, http } from "viem";
import { privateKeyToAddress } from "viem/accounts";

import { createOperatorAccount } from "../../src/accounts/operators.ts";
import { createApiKey } from "../../src/api/apiKeys.ts";
import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import { authRoutes } from "../../src/api/routes/auth.ts";
import { recordAudit } from "../../src/audit/auditLog.ts";
import { connectChain } from "../../src/chain/client.ts";
import { abis } from "../../src/chain/contracts.ts";
import { loadConfig } from "../../src/config.ts";
import { enqueueTransaction } from "../../src/outbox/outboxStore.ts";
import { monitoringRoutes } from "../../src/monitoring/routes.ts";
import { findFreePort } from "../../../scripts/lib/ports.ts";
import { openTestDatabase } from "../support/databases.ts";
import { devKey, startTestChain, type TestChain } from "../support/localChain.ts";
import { signInWith, TEST_SIWE_DOMAIN } from "../support/siwe.ts";

/** Parses Prometheus text: series (name + labels, as written) → value; and the TYPE of each metric. */
function parseProm(text: string): { values: Map<string, number>; types: Map<string, string> } {
  const values = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (line.startsWith("#")) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    assert.ok(sample, `not a Prometheus sample line: ${line}`);
    values.set(sample[1], Number(sample[2]));
  }
  return { values, types };
}

describe("monitoring", () => {
  let chain: TestChain;
  let context: ServiceContext;
  let app: App;
  let key: string;

  before(async () => {
    chain = await startTestChain();
    const config = loadConfig({
      ENCORE_RPC_URL: chain.url,
      ENCORE_OPERATOR_KEY: devKey(10),
      ENCORE_CONTRACTS_FILE: chain.contractsFile,
      ENCORE_SIWE_DOMAIN: TEST_SIWE_DOMAIN,
      ENCORE_HEALTH_MAX_KEEPER_LAG: "5",
    });
    context = { config, db: await openTestDatabase("pglite"), chain: await connectChain(config) };
    app = await buildApp(context, { routes: [authRoutes, monitoringRoutes] });
    key = await createApiKey(context.db, "monitoring");
  });

  after(async () => {
    await app?.close();
    await context?.db.close();
    await chain?.stop();
  });

  const asOperator = (url: string) => app.inject({ method: "GET", url, headers: { "x-api-key": key } });

  it("/health keeps its contract and adds the outbox and the keeper lag", async () => {
    await context.db.transaction((tx) =>
      enqueueTransaction(tx, {
        key: "test:health",
        to: context.chain.deployment.EncoreHub,
        data: "0x",
        label: "health test",
      }),
    );
    const head = await context.chain.publicClient.getBlockNumber({ cacheTime: 0 });
    await context.db.query("INSERT INTO chain_cursors (name, block_number, block_hash) VALUES ('keeper', $1, $2)", [
      (head - 2n).toString(),
      `0x${"ab".repeat(32)}`,
    ]);
    const response = await app.inject({ method: "GET", url: "/health" });
    assert.equal(response.statusCode, 200);
    const body = response.json<{
      status: string;
      database: { ok: boolean; engine: string };
      chain: { ok: boolean; chainId: number; blockNumber: string };
      operator: string;
      outbox: { queued: number; oldestOpenAgeSeconds: number };
      keeper: { cursorBlock: string; lagBlocks: string };
    }>();
    assert.equal(body.status, "ok", response.body);
    assert.deepEqual(body.database, { engine: "pglite", ok: true });
    assert.equal(body.chain.ok, true);
    assert.equal(BigInt(body.chain.chainId), chain.chainId);
    assert.equal(body.operator, context.chain.account.address);
    assert.equal(body.outbox.queued, 1);
    assert.ok(body.outbox.oldestOpenAgeSeconds >= 0);
    assert.equal(body.keeper.cursorBlock, (head - 2n).toString());
    assert.equal(BigInt(body.keeper.lagBlocks), BigInt(body.chain.blockNumber) - (head - 2n));

    await chain.mine(10);
    const lagging = (await app.inject({ method: "GET", url: "/health" })).json<{
      status: string;
      problems: string[];
    }>();
    assert.equal(lagging.status, "degraded");
    assert.match(lagging.problems.join(";"), /keeper: 12 blocks behind the chain head \(more than 5\)/);
  });

  it("/health and /metrics say degraded / chain down when the node does not answer", async () => {
    const deadUrl = `http://127.0.0.1:${await findFreePort(24_000)}`;
    const dead: ServiceContext = {
      ...context,
      chain: {
        ...context.chain,
        publicClient: createPublicClient({
          chain: context.chain.chain,
          transport: http(deadUrl, { retryCount: 0, timeout: 2_000 }),
        }),
      },
    };
    const deadApp = await buildApp(dead, { routes: [monitoringRoutes] });
    try {
      const health = (await deadApp.inject({ method: "GET", url: "/health" })).json<{
        status: string;
        database: { ok: boolean };
        chain: { ok: boolean; blockNumber?: string };
        keeper: { lagBlocks: string | null };
        problems: string[];
      }>();
      assert.equal(health.status, "degraded");
      assert.equal(health.database.ok, true);
      assert.equal(health.chain.ok, false);
      assert.equal(health.chain.blockNumber, undefined);
      assert.equal(health.keeper.lagBlocks, null);
      assert.deepEqual(health.problems, ["chain: the node does not answer"]);

      const metrics = await deadApp.inject({ method: "GET", url: "/metrics" });
      assert.equal(metrics.statusCode, 200, "one failed reading never fails the scrape");
      const { values } = parseProm(metrics.body);
      assert.equal(values.get("encore_chain_up"), 0);
      assert.equal(values.get("encore_database_up"), 1);
      assert.ok(Number.isNaN(values.get("encore_keeper_lag_blocks")), "unknown, not 0");
      assert.ok(Number.isNaN(values.get("encore_chain_head_block")), metrics.body);
      assert.ok((values.get('encore_metrics_source_errors_total{source="keeper"}') ?? 0) >= 1);
      assert.equal(values.get('encore_outbox_transactions{status="queued"}'), 1);
    } finally {
      await deadApp.close();
    }
  });

  it("/metrics serves Prometheus text with the expected series and values", async () => {
    const stablecoin = getAddress(chain.addresses.MockStablecoin);
    const operator = context.chain.account.address;
    const hash = await context.chain.walletClient.writeContract({
      address: stablecoin,
      abi: abis.MockStablecoin,
      functionName: "mint",
      args: [operator, 1_234_500_000n],
    });
    await context.chain.publicClient.waitForTransactionReceipt({ hash });
    await context.db.query(
      `INSERT INTO reports (campaign_id, period_start, period_end, gross_revenue, statement_root, sequence, digest,
         leaf_count, built_block, status) VALUES (1, 0, 10, 5, '0x', 1, '0xdigest1', 1, 1, 'signed')`,
    );
    await context.db.query(
      `INSERT INTO keeper_report_events (block_number, log_index, report_id, campaign_id, status)
       VALUES (1, 0, 7, 1, 'pending'), (2, 0, 7, 1, 'debt'), (3, 0, 8, 1, 'pending')`,
    );
    const response = await app.inject({ method: "GET", url: "/metrics" });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    const { values, types } = parseProm(response.body);
    const head = await context.chain.publicClient.getBlockNumber({ cacheTime: 0 });
    const [audit] = await context.db.query<{ seq: bigint }>("SELECT seq FROM audit_head");
    const [cursor] = await context.db.query<{ block_number: bigint }>("SELECT block_number FROM chain_cursors");
    const expected: [string, number][] = [
      ["encore_database_up", 1],
      ["encore_chain_up", 1],
      ["encore_chain_head_block", Number(head)],
      ['encore_outbox_transactions{status="queued"}', 1],
      ['encore_outbox_transactions{status="failed"}', 0],
      ['encore_reports{status="signed"}', 1],
      ['encore_reports{status="built"}', 0],
      ['encore_onchain_reports{status="pending"}', 1],
      ['encore_onchain_reports{status="debt"}', 1],
      ["encore_keeper_cursor_block", Number(cursor.block_number)],
      ["encore_keeper_lag_blocks", Number(head - cursor.block_number)],
      [`encore_treasury_balance{token="${stablecoin}",holder="${operator}"}`, 1234.5],
      ['encore_accounts{kind="fan"}', 0],
      ["encore_sessions_active", 0],
      ["encore_notifications_queued", 0],
      ["encore_audit_entries", Number(audit.seq)],
      ['encore_metrics_source_errors_total{source="treasury"}', 0],
    ];
    for (const [series, value] of expected) assert.equal(values.get(series), value, series);
    assert.equal(types.get("encore_outbox_transactions"), "gauge");
    assert.equal(types.get("encore_metrics_source_errors_total"), "counter");
  });

  it("operator routes take an API key or an operator session, never a fan's", async () => {
    assert.equal((await app.inject({ method: "GET", url: "/v1/operator/overview" })).statusCode, 401);
    const wrong = await app.inject({ method: "GET", url: "/v1/operator/overview", headers: { "x-api-key": "enc_x" } });
    assert.equal(wrong.statusCode, 401);
    const chainId = Number(chain.chainId);
    const fan = await signInWith(app, devKey(4), chainId);
    const refused = await app.inject({ method: "GET", url: "/v1/operator/overview", headers: fan.headers });
    assert.equal(refused.statusCode, 403);
    await createOperatorAccount(context.db, privateKeyToAddress(devKey(11)), "test");
    const operator = await signInWith(app, devKey(11), chainId);
    const allowed = await app.inject({ method: "GET", url: "/v1/operator/audit?limit=1", headers: operator.headers });
    assert.equal(allowed.statusCode, 200, allowed.body);
  });

  it("the overview shows open reports, debts, the outbox, the keeper, the treasury and recent audit entries", async () => {
    await recordAudit(context.db, { actor: "test", action: "test.overview", subject: "campaign:1" });
    const response = await asOperator("/v1/operator/overview");
    assert.equal(response.statusCode, 200, response.body);
    const overview = response.json<{
      chain: { ok: boolean; headBlock: string };
      reports: {
        local: Record<string, number>;
        pending: { reportId: string; onchainStatus: string | null }[];
        debts: { reportId: string; status: string }[];
        awaitingSubmission: { status: string; periodEnd: string }[];
      };
      outbox: { counts: { queued: number }; open: number };
      keeper: { lagBlocks: string };
      treasury: { balance: string };
      audit: { entries: string; recent: { action: string }[] };
    }>();
    assert.equal(overview.chain.ok, true);
    assert.deepEqual(overview.reports.local, { signed: 1 });
    assert.deepEqual(
      overview.reports.pending.map((report) => report.reportId),
      ["8"],
    );
    assert.equal(overview.reports.pending[0].onchainStatus, null, "no such report on chain: fields left null");
    assert.deepEqual(
      overview.reports.debts.map((report) => [report.reportId, report.status]),
      [["7", "debt"]],
    );
    assert.deepEqual(
      overview.reports.awaitingSubmission.map((report) => [report.status, report.periodEnd]),
      [["signed", "1970-01-01T00:00:10.000Z"]],
    );
    assert.equal(overview.outbox.counts.queued, 1);
    assert.equal(overview.outbox.open, 1);
    const [cursor] = await context.db.query<{ block_number: bigint }>("SELECT block_number FROM chain_cursors");
    assert.equal(BigInt(overview.keeper.lagBlocks), BigInt(overview.chain.headBlock) - cursor.block_number);
    assert.equal(overview.treasury.balance, "1234500000");
    assert.equal(overview.audit.recent[0].action, "test.overview");
    assert.ok(overview.audit.recent.some((entry) => entry.action === "config.api_key_created"));
  });

  it("pages the audit log newest first", async () => {
    const first = (await asOperator("/v1/operator/audit?limit=2")).json<{
      entries: { seq: string }[];
      nextBefore: string;
    }>();
    assert.equal(first.entries.length, 2);
    assert.ok(BigInt(first.entries[0].seq) > BigInt(first.entries[1].seq));
    const next = (await asOperator(`/v1/operator/audit?limit=2&before=${first.nextBefore}`)).json<{
      entries: { seq: string }[];
    }>();
    assert.equal(BigInt(next.entries[0].seq), BigInt(first.entries[1].seq) - 1n);
    const bad = await asOperator("/v1/operator/audit?before=abc");
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ message: string }>().message, /before/);
  });
});
