/**
 * Who may read `/metrics` (ENCORE_METRICS = public, operator or off), API keys as bearer tokens (Prometheus'
 * `authorization` setting), and the monitoring settings' validation. No chain needed: it is unreachable on purpose.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { findFreePort } from "../../../scripts/lib/ports.ts";
import { createApiKey } from "../../src/api/apiKeys.ts";
import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import type { ChainContext } from "../../src/chain/client.ts";
import { ConfigError, loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { monitoringRoutes } from "../../src/monitoring/routes.ts";
import { openTestDatabase } from "../support/databases.ts";
import { devKey } from "../support/localChain.ts";

describe("monitoring access and settings", () => {
  let db: Database;
  let deadUrl: string;
  let key: string;
  const apps: App[] = [];

  before(async () => {
    db = await openTestDatabase("pglite");
    deadUrl = `http://127.0.0.1:${await findFreePort(26_000)}`;
    key = await createApiKey(db, "prometheus");
  });
  after(async () => {
    for (const app of apps) await app.close();
    await db.close();
  });

  async function appWith(env: Record<string, string>): Promise<App> {
    const config = loadConfig({ ENCORE_RPC_URL: deadUrl, ENCORE_OPERATOR_KEY: devKey(10), ...env });
    const chain = {
      chain: { id: 31_337 },
      publicClient: createPublicClient({ transport: http(deadUrl, { retryCount: 0, timeout: 1_000 }) }),
      account: privateKeyToAccount(devKey(10)),
      deployment: {},
    } as unknown as ChainContext;
    const context: ServiceContext = { config, db, chain };
    const app = await buildApp(context, { routes: [monitoringRoutes] });
    apps.push(app);
    return app;
  }

  it("serves /metrics publicly by default", async () => {
    const app = await appWith({});
    const response = await app.inject({ method: "GET", url: "/metrics" });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /^# HELP encore_/m);
  });

  it("with ENCORE_METRICS=operator, needs an API key (header or bearer) or an operator session", async () => {
    const app = await appWith({ ENCORE_METRICS: "operator" });
    assert.equal((await app.inject({ method: "GET", url: "/metrics" })).statusCode, 401);
    const bearer = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${key}` } });
    assert.equal(bearer.statusCode, 200);
    const header = await app.inject({ method: "GET", url: "/metrics", headers: { "x-api-key": key } });
    assert.equal(header.statusCode, 200);
    const wrong = await app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer enc_${"x".repeat(40)}` },
    });
    assert.equal(wrong.statusCode, 401);
  });

  it("with ENCORE_METRICS=off, has no /metrics route", async () => {
    const app = await appWith({ ENCORE_METRICS: "off" });
    assert.equal((await app.inject({ method: "GET", url: "/metrics" })).statusCode, 404);
  });

  it("refuses a bad monitoring setting, naming it", () => {
    const base = { ENCORE_RPC_URL: "http://127.0.0.1:1", ENCORE_OPERATOR_KEY: devKey(10) };
    for (const [name, value] of [
      ["ENCORE_METRICS", "yes"],
      ["ENCORE_STREAM_INTERVAL_MS", "5s"],
      ["ENCORE_TREASURY_TOKEN", "0x12"],
    ]) {
      assert.throws(
        () => loadConfig({ ...base, [name]: value }),
        (error: unknown) => error instanceof ConfigError && error.setting === name,
        name,
      );
    }
    const config = loadConfig({ ...base, ENCORE_STREAM_PROBE_MS: "5", ENCORE_HEALTH_MAX_KEEPER_LAG: "7" });
    assert.equal(config.monitoring.streamProbeMs, 100, "clamped to the minimum");
    assert.equal(config.monitoring.maxKeeperLagBlocks, 7);
    assert.equal(config.monitoring.metrics, "public");
  });
});
