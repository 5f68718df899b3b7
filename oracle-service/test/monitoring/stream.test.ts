/**
 * The operator stream over a real HTTP connection (app.listen on a free port): the overview at once, again on a
 * change, heartbeats, and a clean end when the app closes (close() does not wait on the open stream). The chain is
 * unreachable here on purpose: the overview still streams, with its chain fields null.
 */
import assert from "node:assert/strict";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { after, before, describe, it } from "node:test";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { findFreePort } from "../../../scripts/lib/ports.ts";
import { createApiKey } from "../../src/api/apiKeys.ts";
import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import { recordAudit } from "../../src/audit/auditLog.ts";
import type { ChainContext } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { monitoringRoutes } from "../../src/monitoring/routes.ts";
import { sseEvent } from "../../src/monitoring/stream.ts";
import { openTestDatabase } from "../support/databases.ts";
import { devKey } from "../support/localChain.ts";

/** An SSE client that records what it received. */
interface Client {
  response: IncomingMessage;
  text(): string;
  events(): { event: string; id?: string; data: unknown }[];
  /** Resolves once `predicate` holds for the text received (checked on each chunk), or rejects after `ms`. */
  until(predicate: (client: Client) => boolean, ms?: number): Promise<void>;
  ended: Promise<void>;
}

function connect(url: string, headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (response) => {
      let received = "";
      const waiters: (() => void)[] = [];
      const client: Client = {
        response,
        text: () => received,
        events: () =>
          received
            .split("\n\n")
            .filter((block) => /^(id|event): /m.test(block))
            .map((block) => {
              const field = (name: string) => new RegExp(`^${name}: (.*)$`, "m").exec(block)?.[1];
              return {
                event: field("event") ?? "message",
                id: field("id"),
                data: JSON.parse(field("data") ?? "null") as unknown,
              };
            }),
        until: (predicate, ms = 10_000) =>
          new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`timed out; received:\n${received}`)), ms);
            const check = () => {
              if (!predicate(client)) return waiters.push(check);
              clearTimeout(timer);
              done();
            };
            check();
          }),
        ended: new Promise((done) => response.once("end", done)),
      };
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        received += chunk;
        for (const waiter of waiters.splice(0)) waiter();
      });
      resolve(client);
    });
    req.once("error", reject);
    req.end();
  });
}

describe("operator stream (Server-Sent Events)", () => {
  let db: Database;
  let app: App;
  let url: string;
  let key: string;

  before(async () => {
    const deadUrl = `http://127.0.0.1:${await findFreePort(25_000)}`;
    const config = loadConfig({
      ENCORE_RPC_URL: deadUrl,
      ENCORE_OPERATOR_KEY: devKey(10),
      ENCORE_STREAM_INTERVAL_MS: "60000",
      ENCORE_STREAM_PROBE_MS: "100",
      ENCORE_STREAM_HEARTBEAT_MS: "300",
    });
    db = await openTestDatabase("pglite");
    const chain = {
      chain: { id: 31_337 },
      publicClient: createPublicClient({ transport: http(deadUrl, { retryCount: 0, timeout: 1_000 }) }),
      account: privateKeyToAccount(devKey(10)),
      deployment: {},
    } as unknown as ChainContext;
    const context: ServiceContext = { config, db, chain };
    app = await buildApp(context, { routes: [monitoringRoutes] });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    assert.ok(typeof address === "object" && address !== null);
    url = `http://127.0.0.1:${address.port}/v1/operator/stream`;
    key = await createApiKey(db, "dashboard");
  });

  after(async () => {
    await app.close().catch(() => undefined);
    await db.close();
  });

  it("formats events as SSE text", () => {
    assert.equal(sseEvent("overview", { a: 1 }, 3), 'id: 3\nevent: overview\ndata: {"a":1}\n\n');
  });

  it("refuses a client without credentials", async () => {
    const client = await connect(url, {});
    assert.equal(client.response.statusCode, 401);
    await client.ended;
  });

  it("pushes the overview at once and on change, sends heartbeats, and ends cleanly on close", async () => {
    const client = await connect(url, { "x-api-key": key });
    assert.equal(client.response.statusCode, 200);
    assert.match(String(client.response.headers["content-type"]), /^text\/event-stream/);
    await client.until((c) => c.events().some((event) => event.event === "overview"));
    const first = client.events()[0] as { event: string; id: string; data: { audit: { entries: string } } };
    assert.equal(first.event, "overview");
    assert.equal(first.id, "1");

    await recordAudit(db, { actor: "test", action: "test.stream_change" });
    await client.until((c) => c.events().filter((event) => event.event === "overview").length >= 2, 5_000);
    const second = client.events()[1] as { data: { audit: { entries: string; recent: { action: string }[] } } };
    assert.equal(BigInt(second.data.audit.entries), BigInt(first.data.audit.entries) + 1n);
    assert.equal(second.data.audit.recent[0].action, "test.stream_change");

    await client.until((c) => c.text().includes(": heartbeat "), 5_000);

    const started = Date.now();
    await app.close();
    assert.ok(Date.now() - started < 3_000, `close() took ${Date.now() - started} ms`);
    await client.ended;
    assert.equal(client.events().at(-1)?.event, "shutdown");
  });
});
