/**
 * The dApp's part of `npm run bench`: the initial JavaScript a first visit downloads (the entry script and every
 * chunk `index.html` preloads, gzip level 9, as a static host would serve them; target ≤ 350 kB) and the time to
 * interactive of the Discover page on a local chain with the demo data, in headless Chromium with a cold cache
 * (navigation start → the campaign cards rendered and the filter buttons clickable; median of 5 runs).
 * Prints a table, writes `bench/results/web.json` and exits 1 when the size target is missed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";

import { deployLocal } from "../lib/deployLocal.ts";
import { PROJECT_ROOT } from "../lib/hardhat.ts";
import { startLocalNode } from "../lib/localNode.ts";
import { findFreePort } from "../lib/ports.ts";
import { serveStatic } from "../lib/staticServer.ts";
import { ensureWebBuild, WEB_DIST } from "../lib/webBuild.ts";
import { seedDemo } from "../seed/seedDemo.ts";

/** Initial JavaScript budget, gzip bytes (issue: ≤ 350 kB). */
const INITIAL_JS_TARGET = 350 * 1024;
const RUNS = 5;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];

/** One figure of the results file. */
interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number | null;
  pass: boolean | null;
}

/** The scripts a first visit loads before any route chunk: the entry module and its modulepreloads. */
export function initialScripts(indexHtml: string): string[] {
  const sources = [...indexHtml.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((match) => match[1]);
  const preloads = [...indexHtml.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map(
    (match) => match[1],
  );
  return [...new Set([...sources, ...preloads])];
}

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

async function timeToInteractive(): Promise<number[]> {
  const work = mkdtempSync(join(tmpdir(), "encore-web-bench-"));
  const nodePort = await findFreePort(23_000 + Math.floor(Math.random() * 5_000));
  const node = await startLocalNode({ port: nodePort, logFile: join(work, "node.log") });
  const deploymentId = `web-bench-${nodePort}`;
  const deploymentDir = join(PROJECT_ROOT, "ignition", "deployments", deploymentId);
  try {
    const contracts = await deployLocal(node.url, deploymentId);
    await seedDemo({
      rpcUrl: node.url,
      hub: contracts.EncoreHub,
      stablecoin: contracts.MockStablecoin,
      revenueOracle: contracts.RevenueOracle,
      complianceRegistry: contracts.ComplianceRegistry,
    });
    const server = await serveStatic(WEB_DIST, await findFreePort(nodePort + 1), {
      chainId: Number(node.chainId),
      rpcUrl: node.url,
      contracts,
    });
    // Closed in the `finally` below even when Chromium fails to start: an open server would keep this process alive.
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // A new context per run: empty cache, nothing warmed up by the previous run.
        const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${server.url}/#/`);
        await page.locator("[data-testid^=campaign-card-]").first().waitFor();
        await page.getByTestId("filter-Failed").click({ trial: true });
        times.push(await page.evaluate(() => performance.now()));
        await context.close();
      }
      return times;
    } finally {
      await browser?.close();
      await server.close();
    }
  } finally {
    await node.stop();
    rmSync(deploymentDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const built = await ensureWebBuild();
  const scripts = initialScripts(readFileSync(join(WEB_DIST, "index.html"), "utf8"));
  const initialJs = scripts.reduce((sum, src) => sum + gzipSize(join(WEB_DIST, src)), 0);
  const times = await timeToInteractive();
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const figures: Figure[] = [
    {
      name: "dApp initial JavaScript (gzip)",
      value: initialJs,
      unit: "bytes",
      target: INITIAL_JS_TARGET,
      pass: initialJs <= INITIAL_JS_TARGET,
    },
    {
      name: "dApp Discover time to interactive (median)",
      value: Math.round(median),
      unit: "ms",
      target: null,
      pass: null,
    },
  ];
  console.log(`\ndApp (${built ? "built now" : "build up to date"}; ${scripts.length} initial scripts)`);
  console.log(
    `  initial JavaScript      ${(initialJs / 1024).toFixed(1)} kB gzip   target ≤ ${INITIAL_JS_TARGET / 1024} kB` +
      `   ratio ${(initialJs / INITIAL_JS_TARGET).toFixed(3)}   ${initialJs <= INITIAL_JS_TARGET ? "met" : "MISSED"}`,
  );
  console.log(
    `  Discover TTI            ${Math.round(median)} ms median of ${RUNS} cold loads (${times.map((t) => Math.round(t)).join(", ")} ms)`,
  );
  mkdirSync(join(PROJECT_ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(PROJECT_ROOT, "bench", "results", "web.json"), `${JSON.stringify(figures, null, 2)}\n`);
  return figures.every((figure) => figure.pass !== false) ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
