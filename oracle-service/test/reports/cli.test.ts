import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";

import type { ServiceContext } from "../../src/api/context.ts";
import { catalogCommand } from "../../src/cli/commands/catalog.ts";
import { reportsCommand } from "../../src/cli/commands/reports.ts";
import { listAudit } from "../../src/audit/auditLog.ts";
import { createActiveCampaign, insertStatement, operatorContext, type ActiveCampaign } from "../support/campaigns.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { DEV_ACCOUNTS, startTestChain, type TestChain } from "../support/localChain.ts";

const DAY = 86_400n;
const day = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().slice(0, 10);

/** Runs a command and captures its output. */
async function run(
  command: typeof reportsCommand | typeof catalogCommand,
  args: string[],
  context: ServiceContext,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: "", stderr: "" };
  stdout.on("data", (chunk: Buffer) => (chunks.stdout += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (chunks.stderr += chunk.toString()));
  const code = await command(args, { ...context, stdout, stderr, env });
  return { code, ...chunks };
}

describe("encore reports / encore catalog", () => {
  let chain: TestChain;
  let campaign: ActiveCampaign;

  before(async () => {
    chain = await startTestChain();
    campaign = await createActiveCampaign(chain);
    await chain.increaseTime(5 * 86_400);
  });
  after(async () => {
    await chain?.stop();
  });

  for (const engine of TEST_ENGINES) {
    describe(`on ${engine}`, () => {
      let context: ServiceContext;
      before(async () => {
        context = await operatorContext(chain, DEV_ACCOUNTS.operators[0], await openTestDatabase(engine));
      });
      after(async () => {
        await context?.db.close();
      });

      it("answers usage errors with exit code 2 and --help with 0", async () => {
        assert.equal((await run(reportsCommand, ["build", "--campaign", "1"], context)).code, 2);
        assert.equal((await run(reportsCommand, ["sign", "x"], context)).code, 2);
        assert.equal((await run(reportsCommand, ["frobnicate"], context)).code, 2);
        assert.equal((await run(reportsCommand, ["build", "--nope"], context)).code, 2);
        assert.match((await run(reportsCommand, ["--help"], context)).stdout, /reports build --campaign/);
        assert.equal((await run(catalogCommand, ["--help"], context)).code, 0);
        const noKey = await run(
          catalogCommand,
          ["register", "--isrc", "USS1Z1412345", "--campaign", "1", "--share-bps", "5000", "--key-env", "ARTIST_KEY"],
          context,
        );
        assert.equal(noKey.code, 2);
        assert.match(noKey.stderr, /ARTIST_KEY does not hold/);
      });

      it("registers a track with the artist key from the environment and lists it; a second claim fails", async () => {
        const args = [
          "register",
          "--isrc",
          "US-S1Z-14-12345",
          "--campaign",
          String(campaign.campaignId),
          "--share-bps",
          "5000",
          "--key-env",
          "ARTIST_KEY",
        ];
        const env = { ARTIST_KEY: campaign.artistKey };
        const registered = await run(catalogCommand, args, context, env);
        assert.equal(registered.code, 0, registered.stderr);
        assert.ok(!registered.stdout.includes(campaign.artistKey.slice(2)), "the key is never printed");
        assert.match((await run(catalogCommand, ["list"], context)).stdout, /USS1Z1412345 → campaign \d+: 5000 bps/);
        const again = await run(catalogCommand, args, context, env);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /already in campaign/);
      });

      it("builds, signs and reports missing signatures on submit", async () => {
        const first = campaign.activatedAt + DAY;
        await insertStatement(context.db, {
          contentHash: createHash("sha256").update(engine).digest("hex"),
          periodStart: day(first),
          periodEnd: day(first + DAY),
          lines: [{ lineNo: 1, isrc: "USS1Z1412345", amountUnits: 2_000_000n }],
        });
        const id = String(campaign.campaignId);
        const future = await run(
          reportsCommand,
          ["build", "--campaign", id, "--from", String(campaign.activatedAt), "--to", "2999-01-01"],
          context,
        );
        assert.equal(future.code, 1);
        assert.match(future.stderr, /after the chain's time/);
        const built = await run(
          reportsCommand,
          ["build", "--campaign", id, "--from", String(campaign.activatedAt), "--to", String(first + 3n * DAY)],
          context,
        );
        assert.equal(built.code, 0, built.stderr);
        assert.match(built.stdout, /built report (\d+) .*gross 1000000 units/);
        const reportId = /built report (\d+)/.exec(built.stdout)?.[1] ?? "";
        const signed = await run(reportsCommand, ["sign", reportId], context);
        assert.equal(signed.code, 0, signed.stderr);
        assert.match(signed.stdout, new RegExp(`as ${context.chain.account.address}`));
        const submit = await run(reportsCommand, ["submit", reportId], context);
        assert.equal(submit.code, 1);
        assert.match(submit.stdout, /1 of 2 signatures, 1 missing/);
        const audited = await listAudit(context.db, { limit: 10, actionPrefix: "report." });
        assert.deepEqual(
          audited.map((entry) => [entry.action, entry.data.report]),
          [
            ["report.signed", reportId],
            ["report.built", reportId],
          ],
        );
      });
    });
  }
});
