/**
 * Two operators, two databases, two real HTTP servers on loopback: catalog propagation, identical reports from the
 * same statements imported in different orders, signature exchange (bad and non-operator signatures refused), a
 * 2-of-3 submission on the local chain, and a served proof checked against the root the oracle emitted.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { privateKeyToAccount } from "viem/accounts";
import { keccak256, stringToHex, type Hex } from "viem";

import { createApiKey } from "../../src/api/apiKeys.ts";
import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import { catalogRoutes } from "../../src/api/routes/catalog.ts";
import { reportRoutes } from "../../src/api/routes/reports.ts";
import { statementRoutes } from "../../src/api/routes/statements.ts";
import { abis } from "../../src/chain/contracts.ts";
import { catalogEntryBody } from "../../src/catalog/catalog.ts";
import { signCatalogEntry } from "../../src/catalog/catalogTypedData.ts";
import { REPORT_TYPES, reportDigest } from "../../src/reports/reportTypedData.ts";
import { reportMessage, getReport } from "../../src/reports/reportStore.ts";
import { syncReportStatus } from "../../src/reports/syncStatus.ts";
import { createActiveCampaign, insertStatement, operatorContext, type ActiveCampaign } from "../support/campaigns.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { DEV_ACCOUNTS, devKey, startTestChain, type TestChain } from "../support/localChain.ts";

const DAY = 86_400n;

/** A bytes32 of one repeated byte. */
const hexOf = (byte: string): Hex => `0x${byte.repeat(32)}`;

/** keccak256 of the EIP-712 encodeType of `Report` (all its fields are atomic types). */
const reportTypeHash = () =>
  keccak256(stringToHex(`Report(${REPORT_TYPES.Report.map((field) => `${field.type} ${field.name}`).join(",")})`));
const TRACK = "USS1Z1412345";
const OTHER_TRACK = "GBAYE0000001";

interface Operator {
  context: ServiceContext;
  app: App;
  url: string;
  apiKey: string;
}

/** `YYYY-MM-DD` of unix second `seconds`. */
const day = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().slice(0, 10);

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("reports between two operators", () => {
  let chain: TestChain;

  before(async () => {
    chain = await startTestChain();
  });
  after(async () => {
    await chain?.stop();
  });

  it("mirrors the oracle's EIP-712 Report: same type hash and same digest as hashReport", async () => {
    const context = await operatorContext(chain, DEV_ACCOUNTS.operators[0]);
    const oracle = context.chain.deployment.RevenueOracle;
    const read = context.chain.publicClient.readContract;
    assert.equal(
      await read({ address: oracle, abi: abis.RevenueOracle, functionName: "REPORT_TYPEHASH" }),
      reportTypeHash(),
    );
    const report = {
      campaignId: 7n,
      periodStart: 1n,
      periodEnd: 2n,
      grossRevenue: 3n,
      statementRoot: hexOf("ab"),
      sequence: 4n,
    };
    assert.equal(
      await read({ address: oracle, abi: abis.RevenueOracle, functionName: "hashReport", args: [report] }),
      reportDigest(context.chain.chain.id, oracle, report),
    );
  });

  for (const engine of TEST_ENGINES) {
    describe(`on ${engine}`, () => {
      const operators: Operator[] = [];
      let campaign: ActiveCampaign;

      before(async () => {
        campaign = await createActiveCampaign(chain, { revenueShareBps: 4_000 });
        await chain.increaseTime(10 * 86_400);
        // Two listening apps first (peers need each other's URLs), then contexts that know their peer.
        const indexes = DEV_ACCOUNTS.operators.slice(0, 2);
        const dbs = await Promise.all(indexes.map(() => openTestDatabase(engine)));
        const urls: string[] = [];
        const apps: App[] = [];
        const contexts: ServiceContext[] = [];
        for (const [n, index] of indexes.entries()) {
          const context = await operatorContext(chain, index, dbs[n]);
          const app = await buildApp(context, { routes: [statementRoutes, catalogRoutes, reportRoutes] });
          await app.listen({ port: 0, host: "127.0.0.1" });
          const address = app.server.address();
          urls.push(`http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`);
          apps.push(app);
          contexts.push(context);
        }
        for (const [n] of indexes.entries()) {
          contexts[n].config.peers = [urls[1 - n]];
          operators.push({
            context: contexts[n],
            app: apps[n],
            url: urls[n],
            apiKey: await createApiKey(dbs[n], "test"),
          });
        }
      });
      after(async () => {
        for (const operator of operators) {
          await operator.app.close();
          await operator.context.db.close();
        }
      });

      const call = async (operator: Operator, method: "GET" | "POST", path: string, body?: unknown) => {
        const response = await fetch(`${operator.url}${path}`, {
          method,
          headers: {
            "x-api-key": operator.apiKey,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return {
          status: response.status,
          json: (await response.json()) as Record<string, unknown> & { message?: string },
        };
      };

      it("forwards an artist's catalog entry to the peer, which verifies it itself", async () => {
        const [a, b] = operators;
        const artist = privateKeyToAccount(campaign.artistKey);
        for (const [isrc, shareBps, nonce] of [
          [TRACK, 6_000, 1n],
          [OTHER_TRACK, 10_000, 2n],
        ] as const) {
          const message = {
            isrc,
            campaignId: campaign.campaignId,
            shareBps,
            nonce,
            deadline: BigInt(Math.floor(Date.now() / 1000) + 600),
          };
          const signature = await signCatalogEntry(
            artist,
            a.context.chain.chain.id,
            a.context.chain.deployment.EncoreHub,
            message,
          );
          const response = await call(a, "POST", "/catalog", catalogEntryBody({ ...message, signature }));
          assert.equal(response.status, 201, response.json.message);
        }
        const onPeer = await until("the entries on the peer", async () => {
          const response = await call(b, "GET", `/campaigns/${campaign.campaignId}/catalog`);
          const entries = response.json.entries as unknown[];
          return entries.length === 2 ? entries : undefined;
        });
        assert.equal(onPeer.length, 2);
      });

      it("builds the same report (digest, root, leaves) from the same statements imported in other orders", async () => {
        const [a, b] = operators;
        const first = campaign.activatedAt + DAY;
        const statements = [
          {
            contentHash: "aa".repeat(32),
            periodStart: day(first),
            periodEnd: day(first + DAY),
            lines: [
              { lineNo: 1, isrc: TRACK, amountUnits: 1_000_001n },
              { lineNo: 2, isrc: "FRZ039800212", amountUnits: 5_000_000n }, // not in the catalog
              { lineNo: 3, isrc: OTHER_TRACK, amountUnits: 250_000n },
            ],
          },
          {
            contentHash: "0b".repeat(32),
            periodStart: day(first + 2n * DAY),
            periodEnd: day(first + 3n * DAY),
            lines: [
              { lineNo: 1, isrc: TRACK, amountUnits: 3n },
              { lineNo: 2, isrc: TRACK, amountUnits: 7_777_777n },
            ],
          },
          {
            // After the period: must not count.
            contentHash: "cc".repeat(32),
            periodStart: day(first + 8n * DAY),
            periodEnd: day(first + 8n * DAY),
            lines: [{ lineNo: 1, isrc: TRACK, amountUnits: 9_000_000n }],
          },
        ];
        for (const statement of statements) await insertStatement(a.context.db, statement);
        for (const statement of [...statements].reverse()) {
          await insertStatement(b.context.db, { ...statement, lines: [...statement.lines].reverse() });
        }
        const period = {
          campaignId: String(campaign.campaignId),
          periodStart: String(campaign.activatedAt),
          periodEnd: String(first + 7n * DAY),
        };
        const builtA = await call(a, "POST", "/reports", period);
        const builtB = await call(b, "POST", "/reports", period);
        assert.equal(builtA.status, 201, builtA.json.message);
        assert.equal(builtB.status, 201, builtB.json.message);
        assert.equal(builtA.json.digest, builtB.json.digest);
        assert.equal(builtA.json.statementRoot, builtB.json.statementRoot);
        // 0b… sorts before aa…: leaves are (0b,1) (0b,2) (aa,1) (aa,3); campaign parts are floored per line.
        const expected = [
          (3n * 6_000n) / 10_000n,
          (7_777_777n * 6_000n) / 10_000n,
          (1_000_001n * 6_000n) / 10_000n,
          250_000n,
        ];
        assert.equal(builtA.json.grossRevenue, String(expected.reduce((sum, x) => sum + x, 0n)));
        assert.equal(builtA.json.leafCount, "4");
        assert.equal(builtA.json.sequence, "1");
        const linesA = await call(a, "GET", `/reports/${String(builtA.json.id)}/lines`);
        const linesB = await call(b, "GET", `/reports/${String(builtB.json.id)}/lines`);
        assert.deepEqual(linesA.json.leaves, linesB.json.leaves);
        assert.deepEqual(
          (linesA.json.leaves as { campaignAmount: string }[]).map((leaf) => leaf.campaignAmount),
          expected.map(String),
        );
        const again = await call(a, "POST", "/reports", period);
        assert.equal(again.status, 200);
        assert.equal(again.json.id, builtA.json.id);
      });

      it("refuses periods the oracle would refuse and operator routes without a key", async () => {
        const [a] = operators;
        const now = (await a.context.chain.publicClient.getBlock()).timestamp;
        const id = String(campaign.campaignId);
        const future = await call(a, "POST", "/reports", {
          campaignId: id,
          periodStart: String(campaign.activatedAt),
          periodEnd: String(now + 3_600n),
        });
        assert.equal(future.status, 422);
        assert.match(future.json.message ?? "", /after the chain's time/);
        const early = await call(a, "POST", "/reports", {
          campaignId: id,
          periodStart: String(campaign.activatedAt - 1n),
          periodEnd: String(now - 10n),
        });
        assert.equal(early.status, 422);
        assert.match(early.json.message ?? "", /share window/);
        const unknown = await call(a, "POST", "/reports", {
          campaignId: "999",
          periodStart: "2026-01-01",
          periodEnd: "2026-01-02",
        });
        assert.equal(unknown.status, 404);
        const anonymous = await fetch(`${a.url}/reports`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ campaignId: id, periodStart: "1", periodEnd: "2" }),
        });
        assert.equal(anonymous.status, 401);
      });

      it("exchanges signatures: verified before stored; bad, non-operator and unknown-digest signatures refused", async () => {
        const [a, b] = operators;
        const reportA = (await call(a, "GET", `/campaigns/${campaign.campaignId}/reports`)).json.reports as {
          id: string;
          digest: Hex;
        }[];
        const reportB = (await call(b, "GET", `/campaigns/${campaign.campaignId}/reports`)).json.reports as {
          id: string;
          digest: Hex;
        }[];
        const digest = reportA[0].digest;

        const fan = privateKeyToAccount(devKey(DEV_ACCOUNTS.fans[0]));
        const fromFan = await call(b, "POST", `/reports/${digest}/signatures`, {
          signer: fan.address,
          signature: await fan.sign({ hash: digest }),
        });
        assert.equal(fromFan.status, 403);
        const garbage = await call(b, "POST", `/reports/${digest}/signatures`, {
          signer: fan.address,
          signature: `0x${"11".repeat(64)}1b`,
        });
        assert.equal(garbage.status, 400);
        const operatorC = privateKeyToAccount(devKey(DEV_ACCOUNTS.operators[2]));
        const otherDigest = hexOf("42");
        const unknown = await call(b, "POST", `/reports/${otherDigest}/signatures`, {
          signer: operatorC.address,
          signature: await operatorC.sign({ hash: otherDigest }),
        });
        assert.equal(unknown.status, 404);
        const wrongClaim = await call(b, "POST", `/reports/${digest}/signatures`, {
          signer: fan.address,
          signature: await operatorC.sign({ hash: digest }),
        });
        assert.equal(wrongClaim.status, 400);
        assert.deepEqual((await call(b, "GET", `/reports/${digest}/signatures`)).json.signatures, []);

        const signedA = await call(a, "POST", `/reports/${reportA[0].id}/sign`);
        assert.equal(signedA.status, 200, signedA.json.message);
        assert.equal(signedA.json.signer, a.context.chain.account.address);
        const signedB = await call(b, "POST", `/reports/${reportB[0].id}/sign`);
        assert.equal(signedB.status, 200, signedB.json.message);
        for (const operator of operators) {
          const held = await until("both signatures on each side", async () => {
            const list = (await call(operator, "GET", `/reports/${digest}/signatures`)).json.signatures as {
              signer: string;
            }[];
            return list.length === 2 ? list : undefined;
          });
          const signers = held.map((s) => s.signer);
          assert.deepEqual(
            signers,
            [...signers].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)),
          );
        }
        const replay = await call(b, "POST", `/reports/${digest}/signatures`, {
          signer: signedA.json.signer,
          signature: signedA.json.signature,
        });
        assert.equal(replay.status, 200);
        assert.equal(replay.json.created, false);
      });

      it("queues the 2-of-3 submission, lands it on chain, and serves proofs that verify against the emitted root", async () => {
        const [a] = operators;
        const [listed] = (await call(a, "GET", `/campaigns/${campaign.campaignId}/reports`)).json.reports as {
          id: string;
          digest: Hex;
        }[];
        const submitted = await call(a, "POST", `/reports/${listed.id}/submit`);
        assert.equal(submitted.status, 200, submitted.json.message);
        assert.equal(submitted.json.state, "queued");
        const [entry] = await a.context.db.query<{ to_address: string; data: Hex }>(
          "SELECT to_address, data FROM outbox_transactions WHERE key = $1",
          [`submitReport:${listed.digest}`],
        );
        // The outbox worker is tested on its own: send the queued calldata directly.
        const hash = await a.context.chain.walletClient.sendTransaction({
          to: entry.to_address as Hex,
          data: entry.data,
        });
        const receipt = await a.context.chain.publicClient.waitForTransactionReceipt({ hash });
        assert.equal(receipt.status, "success");

        const synced = await syncReportStatus(a.context, BigInt(listed.id));
        assert.equal(synced.status, "submitted");
        assert.equal(synced.onchainStatus, "Pending");
        assert.ok(synced.onchainReportId !== null);
        const [event] = await a.context.chain.publicClient.getContractEvents({
          address: a.context.chain.deployment.RevenueOracle,
          abi: abis.RevenueOracle,
          eventName: "ReportSubmitted",
          args: { reportId: synced.onchainReportId },
          fromBlock: 0n,
        });
        const report = await getReport(a.context.db, BigInt(listed.id));
        assert.equal(event.args.statementRoot, report.statementRoot);
        assert.deepEqual(
          { ...reportMessage(report) },
          {
            campaignId: event.args.campaignId,
            periodStart: event.args.periodStart,
            periodEnd: event.args.periodEnd,
            grossRevenue: event.args.grossRevenue,
            statementRoot: event.args.statementRoot,
            sequence: event.args.sequence,
          },
        );

        for (const leafIndex of [0, 3]) {
          const proof = await call(a, "GET", `/reports/${listed.id}/lines/${leafIndex}/proof`);
          assert.equal(proof.status, 200, proof.json.message);
          assert.equal(proof.json.onchainReportId, String(synced.onchainReportId));
          const values = proof.json.values as string[];
          const encoding = proof.json.leafEncoding as string[];
          assert.ok(StandardMerkleTree.verify(event.args.statementRoot, encoding, values, proof.json.proof as Hex[]));
          const forged = [...values];
          forged[3] = String(BigInt(values[3]) + 1n);
          assert.ok(!StandardMerkleTree.verify(event.args.statementRoot, encoding, forged, proof.json.proof as Hex[]));
        }
        assert.equal((await call(a, "GET", `/reports/${listed.id}/lines/4/proof`)).status, 404);

        const next = await call(a, "POST", "/reports", {
          campaignId: String(campaign.campaignId),
          periodStart: String(report.periodEnd),
          periodEnd: String(report.periodEnd + DAY),
        });
        assert.equal(next.status, 409);
        assert.match(next.json.message ?? "", /awaits settlement/);
        const resubmit = await call(a, "POST", `/reports/${listed.id}/submit`);
        assert.equal(resubmit.json.state, "submitted");
      });

      it("lists the imported statements and their lines", async () => {
        const [a] = operators;
        const list = await call(a, "GET", "/statements?limit=2");
        assert.equal(list.status, 200);
        const statements = list.json.statements as { id: string; contentHash: string }[];
        assert.equal(statements.length, 2);
        assert.ok(list.json.next !== null);
        const one = await call(a, "GET", `/statements/${statements[0].id}`);
        assert.equal(one.status, 200);
        assert.equal((one.json.lines as unknown[]).length, 1);
        assert.equal((await call(a, "GET", "/statements/424242")).status, 404);
      });
    });
  }
});
