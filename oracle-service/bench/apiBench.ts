/**
 * Read-API latency: the public read routes the dApp and holders use (a report, its lines' Merkle proofs, a
 * campaign's reports, the statements) at a fixed 1,000 requests/s on loopback, measured with autocannon (its load
 * generator in a worker thread so it does not share the server's event loop). Target: p99 < 20 ms.
 *
 * Set-up (not timed): a local chain with a finalized campaign, PGlite in a temp folder, a statement of
 * {@link LINES} lines on the campaign's ISRCs, a catalog entry signed by the artist, and the report built from them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { privateKeyToAccount } from "viem/accounts";

import { buildApp } from "../src/api/app.ts";
import { copyLine } from "../src/db/database.ts";
import { openDatabase } from "../src/db/open.ts";
import { registerCatalogEntry } from "../src/catalog/catalog.ts";
import { signCatalogEntry } from "../src/catalog/catalogTypedData.ts";
import { buildReport } from "../src/reports/buildReport.ts";
import { ROUTES } from "../src/service.ts";
import { createActiveCampaign, operatorContext } from "../test/support/campaigns.ts";
import { DEV_ACCOUNTS, startTestChain } from "../test/support/localChain.ts";
import { printFigures, type ServiceFigure } from "./figures.ts";

/** Lines of the statement behind the benchmarked report. */
const LINES = 20_000;
const RATE = 1_000;
const DURATION_S = 10;
const ISRC = "QZBEN2600001";
const DAY = 86_400n;

/** Measures the read API; returns the p99 figure (and prints the details). */
export async function benchReadApi(): Promise<ServiceFigure[]> {
  const chain = await startTestChain();
  const dir = mkdtempSync(join(tmpdir(), "encore-api-bench-"));
  const db = await openDatabase({ dataDir: join(dir, "pglite") });
  try {
    const campaign = await createActiveCampaign(chain);
    await chain.increaseTime(3 * Number(DAY));
    const context = await operatorContext(chain, DEV_ACCOUNTS.operators[0], db);
    const day = new Date(Number((campaign.activatedAt / DAY + 1n) * DAY) * 1000).toISOString().slice(0, 10);
    const [statement] = await db.query<{ id: bigint }>(
      `INSERT INTO statements (content_hash, format, period_start, period_end, currency, fx_rate, fx_source,
         token_decimals, file_names, line_count, gross_amount)
       VALUES ($1, 'csv', $2, $2, 'USD', 1, 'bench', 6, '["bench.csv"]', $3, 0) RETURNING id`,
      ["ab".repeat(32), day, LINES],
    );
    let text = "";
    for (let line = 1; line <= LINES; line++) {
      text += copyLine([statement.id, line, "bench.csv", line, ISRC, "Stream", "US", 100, "1.25", 1_250_000]);
    }
    await db.copyIn(
      "statement_lines",
      [
        "statement_id",
        "line_no",
        "file_name",
        "file_line",
        "isrc",
        "usage_type",
        "territory",
        "quantity",
        "amount",
        "amount_units",
      ],
      text,
    );
    const artist = privateKeyToAccount(campaign.artistKey);
    const entry = { isrc: ISRC, campaignId: campaign.campaignId, shareBps: 10_000, nonce: 1n, deadline: 2n ** 40n };
    const signature = await signCatalogEntry(artist, context.chain.chain.id, context.chain.deployment.EncoreHub, entry);
    await registerCatalogEntry(context, { ...entry, signature });
    const periodEnd = (campaign.activatedAt / DAY + 2n) * DAY;
    const { report } = await buildReport(context, {
      campaignId: campaign.campaignId,
      periodStart: campaign.activatedAt,
      periodEnd,
    });

    const app = await buildApp(
      { ...context, config: { ...context.config, rateLimitPerMinute: 1_000_000 } },
      {
        routes: ROUTES,
      },
    );
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
    // Warm the proof cache and the JIT, as a running service would be.
    for (let i = 0; i < 200; i++) await fetch(`${base}/reports/${report.id}/lines/${i}/proof`);
    const paths = [
      `/reports/${report.id}`,
      `/campaigns/${campaign.campaignId}/reports`,
      `/statements`,
      ...Array.from({ length: 7 }, (_, i) => `/reports/${report.id}/lines/${(i * 2_857) % LINES}/proof`),
    ];
    if (process.env.ENCORE_BENCH_PROFILE) {
      for (const path of paths.slice(0, 4)) {
        const started = performance.now();
        for (let i = 0; i < 50; i++) await (await fetch(`${base}${path}`)).text();
        console.log(`${path}: ${((performance.now() - started) / 50).toFixed(2)} ms sequential`);
      }
    }
    const result = await autocannon({
      url: base,
      connections: 20,
      overallRate: RATE,
      duration: DURATION_S,
      workers: 1,
      requests: paths.map((path) => ({ method: "GET" as const, path })),
    });
    await app.close();
    const non2xx = result.non2xx + result.errors + result.timeouts;
    console.log(
      `read API: ${result.requests.total} requests in ${DURATION_S} s (${result.requests.average} req/s), ` +
        `latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, ` +
        `max ${result.latency.max} ms, non-2xx/errors ${non2xx}`,
    );
    if (non2xx > 0) throw new Error(`read API bench: ${non2xx} requests failed`);
    return [
      {
        name: "read API p99 latency at 1,000 req/s",
        value: result.latency.p99,
        unit: "ms",
        baseline: "absolute",
        target: 20,
        atLeast: false,
      },
      {
        name: "read API sustained rate",
        value: Math.round(result.requests.average),
        unit: "req/s",
        baseline: "absolute",
        target: RATE * 0.95,
        atLeast: true,
      },
    ];
  } finally {
    await db.close();
    await chain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  printFigures("Read API", await benchReadApi());
}
