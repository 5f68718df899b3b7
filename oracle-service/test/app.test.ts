import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Type from "typebox";

import { createApiKey, hashApiKey, revokeApiKey } from "../src/api/apiKeys.ts";
import { buildApp } from "../src/api/app.ts";
import { requireApiKey } from "../src/api/auth.ts";
import type { App, ServiceContext } from "../src/api/context.ts";
import { connectChain } from "../src/chain/client.ts";
import { loadConfig } from "../src/config.ts";
import { openTestDatabase } from "./support/databases.ts";
import { devKey, startTestChain, type TestChain } from "./support/localChain.ts";

describe("HTTP app", () => {
  let chain: TestChain;
  let context: ServiceContext;
  let app: App;

  before(async () => {
    chain = await startTestChain();
    const config = loadConfig({
      ENCORE_RPC_URL: chain.url,
      ENCORE_OPERATOR_KEY: devKey(10),
      ENCORE_CONTRACTS_FILE: chain.contractsFile,
      ENCORE_RATE_LIMIT: "5",
    });
    context = { config, db: await openTestDatabase("pglite"), chain: await connectChain(config) };
    const operatorOnly = (instance: App, ctx: ServiceContext) => {
      instance.post(
        "/operator/echo",
        {
          preHandler: requireApiKey(ctx.db),
          config: { rateLimit: false },
          schema: {
            body: Type.Object({ text: Type.String({ maxLength: 10 }) }),
            response: { 200: Type.Object({ text: Type.String() }) },
          },
        },
        (request) => Promise.resolve({ text: request.body.text }),
      );
      let reads = 0;
      instance.get("/counter", { config: { rateLimit: false, readCache: true } }, () =>
        Promise.resolve({ reads: ++reads }),
      );
      instance.get("/boom", { config: { rateLimit: false } }, () =>
        Promise.reject(new Error("database password is hunter2")),
      );
    };
    app = await buildApp(context, { routes: [operatorOnly] });
  });

  after(async () => {
    await app?.close();
    await context?.db.close();
    await chain?.stop();
  });

  it("reports health with the chain and the operator", async () => {
    const response = await app.inject({ method: "GET", url: "/health" });
    assert.equal(response.statusCode, 200);
    const body = response.json<{ status: string; chain: { chainId: number }; operator: string }>();
    assert.equal(body.status, "ok");
    assert.equal(BigInt(body.chain.chainId), chain.chainId);
    assert.equal(body.operator, context.chain.account.address);
  });

  it("serves OpenAPI and Swagger UI at /docs", async () => {
    const spec = await app.inject({ method: "GET", url: "/docs/json" });
    assert.equal(spec.statusCode, 200);
    const paths = Object.keys(spec.json<{ paths: Record<string, unknown> }>().paths);
    assert.ok(paths.includes("/health") && paths.includes("/operator/echo"), paths.join(", "));
    const ui = await app.inject({ method: "GET", url: "/docs/" });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger-ui/i);
    const assets = await app.inject({ method: "GET", url: "/docs/static/swagger-ui-bundle.js" });
    assert.equal(assets.statusCode, 200, "Swagger UI's assets are served locally, not from a CDN");
  });

  it("operator routes need an active API key, stored hashed", async () => {
    const echo = (key?: string) =>
      app.inject({
        method: "POST",
        url: "/operator/echo",
        headers: key === undefined ? {} : { "x-api-key": key },
        payload: { text: "hi" },
      });
    assert.equal((await echo()).statusCode, 401);
    assert.equal((await echo("enc_wrong")).statusCode, 401);
    const key = await createApiKey(context.db, "ops");
    const [stored] = await context.db.query<{ key_hash: string }>("SELECT key_hash FROM api_keys WHERE name = 'ops'");
    assert.equal(stored.key_hash, hashApiKey(key));
    assert.ok(!JSON.stringify(stored).includes(key));
    assert.equal((await echo(key)).statusCode, 200);
    assert.equal(await revokeApiKey(context.db, "ops"), true);
    assert.equal((await echo(key)).statusCode, 401);
  });

  it("validates bodies (400 naming the field) and hides 5xx details", async () => {
    const key = await createApiKey(context.db, "validation");
    const bad = await app.inject({
      method: "POST",
      url: "/operator/echo",
      headers: { "x-api-key": key },
      payload: { text: "far too long for the schema" },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ message: string }>().message, /text/);
    const boom = await app.inject({ method: "GET", url: "/boom" });
    assert.equal(boom.statusCode, 500);
    assert.doesNotMatch(boom.body, /hunter2/);
  });

  it("reuses public GET answers briefly and forgets them after a write", async () => {
    const read = async () => {
      const response = await app.inject({ method: "GET", url: "/counter" });
      return { reads: response.json<{ reads: number }>().reads, cache: response.headers["x-cache"] };
    };
    const first = await read();
    assert.equal(first.cache, "miss");
    assert.deepEqual(await read(), { reads: first.reads, cache: "hit" });
    const key = await createApiKey(context.db, "cache");
    const write = await app.inject({
      method: "POST",
      url: "/operator/echo",
      headers: { "x-api-key": key },
      payload: { text: "w" },
    });
    assert.equal(write.statusCode, 200);
    assert.deepEqual(await read(), { reads: first.reads + 1, cache: "miss" });
    await new Promise((resolve) => setTimeout(resolve, context.config.readCacheMs + 50));
    assert.deepEqual(await read(), { reads: first.reads + 2, cache: "miss" });
  });

  it("gives other origins no CORS access to writes other than the signed ones", async () => {
    const origin = "http://127.0.0.1:5173";
    const preflight = await app.inject({
      method: "OPTIONS",
      url: "/operator/echo",
      headers: { origin, "access-control-request-method": "POST" },
    });
    assert.equal(preflight.headers["access-control-allow-methods"], "GET");
    const write = await app.inject({
      method: "POST",
      url: "/operator/echo",
      headers: { origin },
      payload: { text: "x" },
    });
    assert.equal(write.statusCode, 401);
    assert.equal(write.headers["access-control-allow-origin"], undefined);
    const read = await app.inject({ method: "GET", url: "/counter", headers: { origin } });
    assert.equal(read.headers["access-control-allow-origin"], "*");
  });

  it("refuses bodies over the size limit", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/operator/echo",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ text: "x".repeat(2_000_000) }),
    });
    assert.equal(response.statusCode, 413);
  });

  it("rate-limits public routes per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.inject({ method: "GET", url: "/health" })).statusCode);
    assert.ok(statuses.includes(429), statuses.join(","));
  });
});
