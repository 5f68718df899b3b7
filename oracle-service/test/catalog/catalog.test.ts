import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import type { Address, Hex } from "viem";

import { buildApp } from "../../src/api/app.ts";
import { listAudit } from "../../src/audit/auditLog.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import { catalogRoutes } from "../../src/api/routes/catalog.ts";
import { catalogEntryBody } from "../../src/catalog/catalog.ts";
import { signCatalogEntry, type CatalogEntryMessage } from "../../src/catalog/catalogTypedData.ts";
import { normalizeIsrc } from "../../src/catalog/isrc.ts";
import { createActiveCampaign, operatorContext, type ActiveCampaign } from "../support/campaigns.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { DEV_ACCOUNTS, devKey, startTestChain, type TestChain } from "../support/localChain.ts";

const ISRC = "USS1Z1412345";
const inAnHour = () => BigInt(Math.floor(Date.now() / 1000) + 3_600);

describe("catalog", () => {
  let chain: TestChain;
  let first: ActiveCampaign; // artist 1
  let second: ActiveCampaign; // artist 1 again
  let other: ActiveCampaign; // artist 2

  before(async () => {
    chain = await startTestChain();
    first = await createActiveCampaign(chain);
    second = await createActiveCampaign(chain);
    other = await createActiveCampaign(chain, { artist: DEV_ACCOUNTS.artists[1] });
  });
  after(async () => {
    await chain?.stop();
  });

  it("normalizes display ISRCs and refuses malformed ones", () => {
    assert.equal(normalizeIsrc("us-s1z-14-12345"), ISRC);
    assert.throws(() => normalizeIsrc("USS1Z14123"), /not an ISRC/);
  });

  for (const engine of TEST_ENGINES) {
    describe(`on ${engine}`, () => {
      let context: ServiceContext;
      let app: App;
      let nonce = 0n;

      before(async () => {
        context = await operatorContext(chain, DEV_ACCOUNTS.operators[0], await openTestDatabase(engine));
        app = await buildApp(context, { routes: [catalogRoutes] });
      });
      after(async () => {
        await app?.close();
        await context?.db.close();
      });

      /** Signs an entry as dev account `signer` and posts it. */
      const register = async (signer: Hex, entry: Partial<CatalogEntryMessage> & { campaignId: bigint }) => {
        const message: CatalogEntryMessage = {
          isrc: ISRC,
          shareBps: 5_000,
          nonce: ++nonce,
          deadline: inAnHour(),
          ...entry,
        };
        const signature = await signCatalogEntry(
          privateKeyToAccount(signer),
          context.chain.chain.id,
          context.chain.deployment.EncoreHub,
          message,
        );
        const body = catalogEntryBody({ ...message, signature });
        const response = await app.inject({ method: "POST", url: "/catalog", payload: body });
        return { response, body, json: response.json<{ message: string; artist: Address; shareBps: number }>() };
      };

      it("stores an entry signed by the campaign's artist and serves it by ISRC and by campaign", async () => {
        const { response, json } = await register(first.artistKey, { campaignId: first.campaignId, shareBps: 6_000 });
        assert.equal(response.statusCode, 201, json.message);
        assert.equal(json.artist, first.artist);
        const byIsrc = await app.inject({ url: "/catalog/us-s1z-14-12345" });
        assert.equal(byIsrc.statusCode, 200);
        assert.equal(byIsrc.json<{ totalShareBps: number }>().totalShareBps, 6_000);
        const byCampaign = await app.inject({ url: `/campaigns/${first.campaignId}/catalog` });
        assert.deepEqual(
          byCampaign.json<{ entries: { isrc: string; shareBps: number }[] }>().entries.map((e) => [e.isrc, e.shareBps]),
          [[ISRC, 6_000]],
        );
        const [audited] = await listAudit(context.db, { limit: 1, actionPrefix: "catalog.registered" });
        assert.deepEqual(
          [audited.actor, audited.subject, audited.data.shareBps],
          [`artist:${first.artist}`, `campaign:${first.campaignId}`, 6_000],
        );
      });

      it("answers CORS for the dApp: POST /catalog's preflight and its answers, created or refused", async () => {
        const origin = "http://127.0.0.1:5173";
        const preflight = await app.inject({
          method: "OPTIONS",
          url: "/catalog",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
          },
        });
        assert.equal(preflight.statusCode, 204);
        assert.equal(preflight.headers["access-control-allow-origin"], "*");
        assert.deepEqual(String(preflight.headers["access-control-allow-methods"]).split(/,\s*/).sort(), [
          "GET",
          "POST",
        ]);
        assert.equal(preflight.headers["access-control-allow-headers"], "content-type");
        const created = await register(first.artistKey, { campaignId: first.campaignId, isrc: "USS1Z1400020" });
        assert.equal(created.response.statusCode, 201, created.json.message);
        assert.equal(created.response.headers["access-control-allow-origin"], "*");
        const refused = await app.inject({
          method: "POST",
          url: "/catalog",
          headers: { origin },
          payload: created.body,
        });
        assert.equal(refused.statusCode, 409);
        assert.equal(refused.headers["access-control-allow-origin"], "*", "the dApp can read why it was refused");
        // Other paths keep the GET-only preflight.
        const other = await app.inject({
          method: "OPTIONS",
          url: `/campaigns/${first.campaignId}/catalog`,
          headers: { origin, "access-control-request-method": "GET" },
        });
        assert.equal(other.headers["access-control-allow-methods"], "GET");
      });

      it("refuses an entry signed by someone other than the campaign's artist (403) and stores nothing", async () => {
        const { response, json } = await register(devKey(DEV_ACCOUNTS.fans[0]), {
          campaignId: second.campaignId,
          isrc: "USS1Z1400001",
        });
        assert.equal(response.statusCode, 403);
        assert.match(json.message, new RegExp(`artist is ${second.artist}`));
        const stored = await app.inject({ url: "/catalog/USS1Z1400001" });
        assert.deepEqual(stored.json<{ entries: unknown[] }>().entries, []);
      });

      it("refuses a replayed signature and a reused nonce (409)", async () => {
        const first_ = await register(first.artistKey, { campaignId: first.campaignId, isrc: "USS1Z1400002" });
        assert.equal(first_.response.statusCode, 201);
        const replay = await app.inject({ method: "POST", url: "/catalog", payload: first_.body });
        assert.equal(replay.statusCode, 409);
        assert.match(replay.json<{ message: string }>().message, /already registered/);
        nonce--; // same nonce, another ISRC
        const reused = await register(first.artistKey, { campaignId: first.campaignId, isrc: "USS1Z1400003" });
        assert.equal(reused.response.statusCode, 409);
        assert.match(reused.json.message, /nonce .* is already used/);
      });

      it("refuses another artist's claim on a held ISRC and names the holder (409)", async () => {
        const { response, json } = await register(other.artistKey, { campaignId: other.campaignId, shareBps: 1_000 });
        assert.equal(response.statusCode, 409);
        assert.match(json.message, new RegExp(`claimed by artist ${first.artist} \\(campaign ${first.campaignId}\\)`));
      });

      it("refuses shares of one ISRC above 100 % across the artist's campaigns (409), accepts up to 100 %", async () => {
        const over = await register(first.artistKey, { campaignId: second.campaignId, shareBps: 4_001 });
        assert.equal(over.response.statusCode, 409);
        assert.match(over.json.message, /6000 bps assigned .* 4001 more would pass 10000/);
        const exact = await register(first.artistKey, { campaignId: second.campaignId, shareBps: 4_000 });
        assert.equal(exact.response.statusCode, 201, exact.json.message);
        const again = await register(first.artistKey, { campaignId: second.campaignId, shareBps: 1 });
        assert.equal(again.response.statusCode, 409);
      });

      it("refuses bad input: hyphenated ISRC (400), share 0 (400), expired deadline (422), unknown campaign (404)", async () => {
        const hyphen = await register(first.artistKey, { campaignId: first.campaignId, isrc: "US-S1Z-14-00009" });
        assert.equal(hyphen.response.statusCode, 400);
        const zero = await register(first.artistKey, {
          campaignId: first.campaignId,
          isrc: "USS1Z1400009",
          shareBps: 0,
        });
        assert.equal(zero.response.statusCode, 400);
        const expired = await register(first.artistKey, {
          campaignId: first.campaignId,
          isrc: "USS1Z1400009",
          deadline: BigInt(Math.floor(Date.now() / 1000) - 1),
        });
        assert.equal(expired.response.statusCode, 422);
        const unknown = await register(first.artistKey, { campaignId: 999n, isrc: "USS1Z1400009" });
        assert.equal(unknown.response.statusCode, 404);
        assert.match(unknown.json.message, /campaign 999 does not exist/);
      });
    });
  }
});
