/**
 * Cross-origin access (src/api/cors.ts): reads open to any origin; writes only where the route opts in with
 * `config: { crossOrigin: true }`, with a JSON body and without credential headers; the real checkout route opts in
 * and the operator routes do not.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";

import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import { registerCors } from "../../src/api/cors.ts";
import { connectChain } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import { paymentRoutes } from "../../src/payments/paymentRoutes.ts";
import { openTestDatabase } from "../support/databases.ts";
import { devKey, startTestChain, type TestChain } from "../support/localChain.ts";

const ORIGIN = "http://127.0.0.1:5173";

/** A preflight as a browser sends it before a cross-origin `method` with `headers`. */
function preflight(app: FastifyInstance, url: string, method: string, headers: string) {
  return app.inject({
    method: "OPTIONS",
    url,
    headers: { origin: ORIGIN, "access-control-request-method": method, "access-control-request-headers": headers },
  });
}

describe("CORS mechanism", () => {
  let app: FastifyInstance;

  before(async () => {
    app = Fastify();
    registerCors(app);
    app.post("/open/:id", { config: { crossOrigin: true } }, () => Promise.resolve({ ok: true }));
    app.post("/closed", () => Promise.resolve({ ok: true }));
    app.get("/read/:id", () => Promise.resolve({ ok: true }));
    await app.ready();
  });
  after(() => app.close());

  it("answers every origin on reads, and lets the preflight of a read carry a credential header", async () => {
    const read = await app.inject({ method: "GET", url: "/read/7", headers: { origin: ORIGIN } });
    assert.equal(read.headers["access-control-allow-origin"], "*");
    const answer = await preflight(app, "/read/7", "GET", "x-api-key");
    assert.equal(answer.statusCode, 204);
    assert.equal(answer.headers["access-control-allow-methods"], "GET");
    assert.equal(answer.headers["access-control-allow-headers"], "x-api-key, authorization");
  });

  it("allows a JSON POST to a route that opted in, without credential headers, on any of its paths", async () => {
    const answer = await preflight(app, "/open/42?x=1", "POST", "content-type");
    assert.equal(answer.headers["access-control-allow-methods"], "GET, POST");
    assert.equal(answer.headers["access-control-allow-headers"], "content-type");
    const post = await app.inject({ method: "POST", url: "/open/42", headers: { origin: ORIGIN }, payload: {} });
    assert.equal(post.statusCode, 200);
    assert.equal(post.headers["access-control-allow-origin"], "*");
  });

  it("keeps writes to other routes closed: no POST in their preflight, no allow-origin on their answers", async () => {
    for (const url of ["/closed", "/open", "/open/1/more", "/read/7"]) {
      const answer = await preflight(app, url, "POST", "content-type");
      assert.equal(answer.headers["access-control-allow-methods"], "GET", url);
      assert.doesNotMatch(String(answer.headers["access-control-allow-headers"]), /content-type/, url);
    }
    const post = await app.inject({ method: "POST", url: "/closed", headers: { origin: ORIGIN }, payload: {} });
    assert.equal(post.headers["access-control-allow-origin"], undefined);
  });
});

describe("CORS of the payment routes", () => {
  let chain: TestChain;
  let context: ServiceContext;
  let app: App;

  before(async () => {
    chain = await startTestChain();
    const config = loadConfig({
      ENCORE_RPC_URL: chain.url,
      ENCORE_OPERATOR_KEY: devKey(10),
      ENCORE_CONTRACTS_FILE: chain.contractsFile,
    });
    context = { config, db: await openTestDatabase("pglite"), chain: await connectChain(config) };
    app = await buildApp(context, { routes: [paymentRoutes] });
  });
  after(async () => {
    await app?.close();
    await context?.db.close();
    await chain?.stop();
  });

  it("lets the dApp's origin start a checkout, but not an operator payout", async () => {
    const checkout = await preflight(app, "/v1/payments/checkout", "POST", "content-type");
    assert.equal(checkout.headers["access-control-allow-methods"], "GET, POST");
    const payout = await preflight(app, "/v1/payouts/revenue", "POST", "content-type, x-api-key");
    assert.equal(payout.headers["access-control-allow-methods"], "GET");
    // Without Stripe keys the rail is off: the options say so, and the refusal is readable cross-origin.
    const options = await app.inject({ method: "GET", url: "/v1/payments/options", headers: { origin: ORIGIN } });
    assert.deepEqual(options.json(), { providers: [], currency: "usd" });
    const refused = await app.inject({
      method: "POST",
      url: "/v1/payments/checkout",
      headers: { origin: ORIGIN },
      payload: { campaignId: "1", amountMinor: "1000", wallet: "0x0000000000000000000000000000000000000001" },
    });
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.headers["access-control-allow-origin"], "*");
  });
});
