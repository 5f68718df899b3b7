/**
 * End to end in headless Debian Chromium against a real local chain: a fan connects through the injected test
 * wallet, invests with permit in the Funding campaign and sees the raise and their position change, switches
 * language, then (as fan 2) claims revenue and takes a refund. In the oracle leg a fan's permit investment fills a
 * campaign, which succeeds; its revenue is reported with 2-of-3 operator EIP-712 signatures (./oracleReport.ts), the
 * fan sees the report in its challenge window, it is settled from the artist's reserve, and the fan claims it. Any console error or any request to a non-loopback
 * host fails the test. Screenshots go to `web/test-results/`.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Contract, JsonRpcProvider } from "ethers";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { Address, Hex } from "viem";

import { startOracleNetwork, type OracleNetwork } from "../../../scripts/local/oracleNetwork.ts";
import { readAbi } from "../../../scripts/lib/artifacts.ts";
import { deployLocal, type LocalAddresses } from "../../../scripts/lib/deployLocal.ts";
import { PROJECT_ROOT } from "../../../scripts/lib/hardhat.ts";
import { startLocalNode, type LocalNode } from "../../../scripts/lib/localNode.ts";
import { findFreePort } from "../../../scripts/lib/ports.ts";
import { writeDemoStatement } from "../../../scripts/local/demoStatement.ts";
import { demoPeriod } from "../../../scripts/local/oracleNetwork.ts";
import { createDemoCampaign, seedDemo, type DemoSummary } from "../../../scripts/seed/seedDemo.ts";
import { serveStatic, type StaticServer } from "../../../scripts/lib/staticServer.ts";
import { reportAndSettle } from "./oracleReport.ts";
import { installTestWallet } from "./testWallet.ts";

const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RESULTS = join(WEB_ROOT, "test-results");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True for requests the page may make: its own server, the node, and inline data. */
function isLocal(url: string): boolean {
  if (url.startsWith("data:") || url.startsWith("blob:")) return true;
  const { hostname } = new URL(url);
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

/** Visible text with the locale's non-breaking and narrow spaces turned into plain spaces. */
async function text(locator: { innerText(): Promise<string> }): Promise<string> {
  return (await locator.innerText()).replace(/[\u00a0\u202f]/g, " ");
}

/** Hardhat's public dev account 19 (never an operator here): the key of the studio leg's oracle service. */
const STUDIO_SERVICE_KEY = "0xdf57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e";

/** The first `<number> mUSDC` amount in `text`, as a number (English digits). */
function amountIn(text: string): number {
  const match = /([\d,]+(?:\.\d+)?) mUSDC/.exec(text);
  assert.ok(match !== null, `no mUSDC amount in "${text}"`);
  return Number(match[1].replaceAll(",", ""));
}

describe("dApp in headless Chromium", () => {
  let node: LocalNode;
  let server: StaticServer;
  let context: BrowserContext;
  let page: Page;
  let work: string;
  let deploymentDir: string;
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  const fans: string[] = [];
  const artists: string[] = [];
  /** Served as `/config.json`; a leg may add the service URL and reload. */
  let runtimeConfig: { chainId: number; rpcUrl: string; contracts: Record<string, string>; serviceUrl?: string };
  /** The studio leg's oracle service, started early (it boots while the other legs run). */
  let studioService: Promise<OracleNetwork> | undefined;
  let contracts: LocalAddresses;
  let demo: DemoSummary;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), "encore-web-e2e-"));
    const nodePort = await findFreePort(21_000 + Math.floor(Math.random() * 10_000));
    node = await startLocalNode({ port: nodePort, logFile: join(work, "node.log") });
    const deploymentId = `web-e2e-${nodePort}`;
    deploymentDir = join(PROJECT_ROOT, "ignition", "deployments", deploymentId);
    contracts = await deployLocal(node.url, deploymentId);
    studioService = startStudioService(node.url, contracts);
    studioService.catch(() => undefined); // awaited (and its failure reported) by the ISRC leg
    demo = await seedDemo({
      rpcUrl: node.url,
      hub: contracts.EncoreHub,
      stablecoin: contracts.MockStablecoin,
      revenueOracle: contracts.RevenueOracle,
      complianceRegistry: contracts.ComplianceRegistry,
    });
    fans.push(...demo.accounts.filter((account) => account.role === "fan").map((account) => account.address));
    artists.push(...demo.accounts.filter((account) => account.role === "artist").map((account) => account.address));
    const webPort = await findFreePort(nodePort + 1);
    runtimeConfig = { chainId: Number(node.chainId), rpcUrl: node.url, contracts };
    server = await serveStatic(join(WEB_ROOT, "dist"), webPort, runtimeConfig);
    mkdirSync(RESULTS, { recursive: true });
    context = await chromium.launchPersistentContext(join(work, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: "en-US",
      viewport: { width: 1280, height: 900 },
    });
    await context.route("**/*", async (route) => {
      if (isLocal(route.request().url())) return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    await context.addInitScript(installTestWallet, { rpcUrl: node.url, account: fans[0] });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
  });

  /**
   * One `encore serve` (no keeper, no peers) on this chain for the studio's ISRC leg, with its own data folder. Its
   * operator key is a dev account that is not an oracle operator: catalog entries need no operator.
   */
  const startStudioService = (rpcUrl: string, contracts: Record<string, string>) => {
    const contractsFile = join(work, "contracts.json");
    writeFileSync(contractsFile, JSON.stringify({ deployments: { [Number(node.chainId)]: contracts } }));
    return startOracleNetwork({
      rpcUrl,
      contractsFile,
      operatorKeys: [STUDIO_SERVICE_KEY],
      statements: [],
      fx: { rate: "1", source: "e2e" },
      dataRoot: join(work, "oracle-service"),
      keeper: false,
    });
  };

  after(async () => {
    await context?.close();
    await (await studioService?.catch(() => undefined))?.stop();
    await server?.close();
    await node?.stop();
    if (deploymentDir !== undefined) rmSync(deploymentDir, { recursive: true, force: true });
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });

  /** Connects the injected wallet through RainbowKit when it is not connected (after a reload). */
  const connectWallet = async () => {
    if ((await page.getByTestId("rk-account-button").count()) > 0) return;
    await page.getByRole("button", { name: "Connect Wallet" }).click();
    await page.getByTestId("rk-wallet-option-injected").click();
    await page.getByTestId("rk-account-button").waitFor();
  };

  /**
   * Leaves for Discover and opens `hash`, so the page reads the chain again without a reload (a reload would reset
   * the injected test wallet to disconnected).
   */
  const revisit = async (hash: string) => {
    await page.goto(`${server.url}/#/`);
    await page.locator("[data-testid^=campaign-card-]").first().waitFor();
    await page.goto(`${server.url}/${hash}`);
  };

  /** Switches the injected test wallet to `account`, as a user switching accounts in their wallet would. */
  const switchAccount = (account: string) =>
    page.evaluate(
      (address) =>
        (window as unknown as { __encoreTestWallet: { setAccount(a: string): void } }).__encoreTestWallet.setAccount(
          address,
        ),
      account,
    );

  it("lists the seeded campaigns and filters them by state", async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByTestId("campaign-card-3").waitFor();
    assert.equal(await page.locator("[data-testid^=campaign-card-]").count(), 3);
    await page.getByTestId("filter-Failed").click();
    assert.equal(await page.locator("[data-testid^=campaign-card-]").count(), 1);
    await page.getByTestId("campaign-card-2").waitFor();
    await page.getByTestId("filter-all").click();
    await page.getByTestId("campaign-card-1").waitFor();
    const card = await text(page.getByTestId("campaign-card-3"));
    assert.match(card, /2,250 mUSDC raised of 8,000 mUSDC goal · hard cap 12,000 mUSDC/);
    assert.match(card, /Funding closes in 29 days/);
    assert.match(card, /Holders share 25% of the revenue for 3 years\./);
    await shot("discover");
  });

  it("connects the injected wallet and invests with one permit signature", async () => {
    await page.getByRole("button", { name: "Connect Wallet" }).click();
    await page.getByTestId("rk-wallet-option-injected").click();
    await page.getByTestId("rk-account-button").waitFor();
    await page.goto(`${server.url}/#/campaign/3`);
    await page.getByTestId("invest-amount").fill("500");
    assert.match(await text(page.getByTestId("share-preview")), /500 mUSDC buys 18.18% .* still 4.17%/);
    await page.getByTestId("invest-submit").click();
    await page.getByTestId("action-status").filter({ hasText: "You invested 500 mUSDC." }).waitFor();
    await page.getByTestId("progress").filter({ hasText: "2,750 mUSDC raised" }).waitFor();
    assert.match(await text(page.getByTestId("position")), /Your position: 500 mUSDC \(18.18%/);
    await shot("campaign-invested");
  });

  it("explains a refused investment in plain words", async () => {
    // Fan 1 is a US resident: Reg CF allows 2,500 per campaign, and 500 are already invested.
    await page.getByTestId("invest-amount").fill("2500");
    await page.getByTestId("invest-submit").click();
    const status = page.getByTestId("action-status").filter({ hasText: "The rules of US allow at most" });
    await status.waitFor();
    assert.match(await text(status), /at most 2,500 mUSDC per campaign; you would hold 3,000 mUSDC\./);
  });

  it("switches every visible string to another language", async () => {
    const before = await page.locator("main").innerText();
    await page.getByTestId("language").selectOption("fr");
    await page.getByText("Toutes les campagnes").waitFor();
    const after = await text(page.locator("main"));
    assert.notEqual(after, before);
    assert.match(after, /2 750 mUSDC collectés sur un objectif de 8 000 mUSDC/);
    assert.match(await page.locator("nav").innerText(), /Découvrir[\s\S]*Portefeuille/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "fr");
    await shot("campaign-fr");
    await page.getByTestId("language").selectOption("en");
    await page.getByText("All campaigns").waitFor();
  });

  it("claims revenue and takes a refund from the portfolio", async () => {
    await page.evaluate(
      (fan) =>
        (window as unknown as { __encoreTestWallet: { setAccount(a: string): void } }).__encoreTestWallet.setAccount(
          fan,
        ),
      fans[1],
    );
    await page.getByTestId("nav-portfolio").click();
    const balance = page.getByTestId("wallet-balance");
    await page.getByTestId("claim-1").waitFor();
    const before = await balance.innerText();
    await page.getByTestId("history").filter({ hasText: "Investment" }).waitFor();
    await page.getByTestId("claim-1").click();
    const claimedStatus = page.getByTestId("action-status").filter({ hasText: "You claimed" });
    await claimedStatus.waitFor();
    const claimed = /You claimed ([\d,.]+ mUSDC)/.exec(await text(claimedStatus))?.[1];
    assert.ok(claimed !== undefined);
    await page.getByTestId("claim-1").waitFor({ state: "detached" });
    assert.notEqual(await balance.innerText(), before);
    // The statement and the history show the claim; both download as CSV.
    await page.getByTestId("history").filter({ hasText: "Revenue claimed" }).waitFor();
    assert.ok((await text(page.getByTestId("statement-1"))).includes(claimed));
    const [statement] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("download-statement").click(),
    ]);
    const csv = readFileSync(await statement.path(), "utf8");
    assert.match(
      csv,
      /^campaign_id,campaign,gross_reported_mUSDC,to_holders_mUSDC,accrued_mUSDC,paid_mUSDC,claimable_mUSDC\r\n1,/,
    );
    // Campaign 1's line ends with accrued, paid and claimable: all of it is paid now.
    const [, accrued, paid, left] = /^1,.*,([\d.]+),([\d.]+),([\d.]+)$/m.exec(csv.replace(/\r/g, "")) ?? [];
    assert.ok(Number(paid) > 0 && paid === accrued && left === "0", csv);
    const afterClaim = await balance.innerText();
    await page.getByTestId("refund-2").click();
    await page.getByTestId("action-status").filter({ hasText: "You were refunded 2,000 mUSDC." }).waitFor();
    await page.getByTestId("position-2").waitFor({ state: "detached" });
    assert.notEqual(await balance.innerText(), afterClaim);
    await shot("portfolio");
  });

  it("renders a campaign's contract and proves it hashes to the on-chain termsHash", async () => {
    await page.goto(`${server.url}/#/campaign/3`);
    await page.getByTestId("terms-open").click();
    const proof = page.getByTestId("terms-proof");
    await proof.waitFor();
    assert.match(
      await text(proof),
      /^Verified: this text hashes to 0x[0-9a-f]{64}, the hash the campaign committed to/,
    );
    const hash = /0x[0-9a-f]{64}/.exec(await text(proof))?.[0];
    assert.ok(hash !== undefined && (await text(page.getByTestId("terms"))).includes(`on-chain: ${hash}`));
    assert.match(await page.locator(".terms-text").innerText(), /revenue share/i);
    await shot("campaign-terms");
  });

  it("shows the per-country FAQ, how payouts and sanctions work, and the contract addresses", async () => {
    await page.getByTestId("nav-legal").click();
    await page.getByTestId("faq").filter({ hasText: "United States" }).waitFor();
    await page.getByTestId("faq-country").selectOption("KR");
    await page.getByTestId("faq").filter({ hasText: "Korea" }).waitFor();
    assert.match(await text(page.locator("main")), /taken from the artist's bond and paid to holders/);
    assert.match(await text(page.getByTestId("contracts")), /EncoreHub\s+0x[0-9a-fA-F]{40}/);
    await page.getByTestId("language").selectOption("fr");
    await page.getByTestId("faq").filter({ hasText: "Corée" }).waitFor();
    await shot("legal-fr");
    await page.getByTestId("language").selectOption("en");
  });

  it("creates a campaign through the artist studio's wizard", async () => {
    await page.evaluate(
      (artist) =>
        (window as unknown as { __encoreTestWallet: { setAccount(a: string): void } }).__encoreTestWallet.setAccount(
          artist,
        ),
      artists[0],
    );
    await page.getByTestId("nav-studio").click();
    await page.getByTestId("studio-title").fill("Live at the Harbor");
    await page.getByTestId("studio-description").fill("A live album recorded on tour.");
    await page.getByTestId("studio-jurisdiction").selectOption("EU");
    await page.getByTestId("studio-next").click();
    // The funding step refuses a hard cap below the goal, in plain words, before anything is signed.
    await page.getByTestId("studio-goal").fill("5000");
    await page.getByTestId("studio-hardCap").fill("4000");
    await page.getByTestId("studio-minInvestment").fill("50");
    await page.getByTestId("studio-next").click();
    await page.getByText("The hard cap must be at least the goal.").waitFor();
    await page.getByTestId("studio-hardCap").fill("7500");
    await page.getByTestId("studio-next").click();
    await page.getByTestId("studio-revenueSharePercent").fill("20");
    await page.getByTestId("studio-bond").fill("250");
    await page.getByTestId("studio-next").click();
    await page.getByTestId("studio-terms-hash").waitFor();
    assert.match(await text(page.getByTestId("studio-review")), /Raise 5,000 mUSDC \(hard cap 7,500 mUSDC\)/);
    const termsHash = await page.getByTestId("studio-terms-hash").innerText();
    await shot("studio-review");
    await page.getByTestId("studio-create").click();
    await page.getByTestId("action-status").filter({ hasText: "Campaign #4 is created." }).waitFor();
    await page.getByTestId("studio-open").click();
    await page.locator("#campaign-title").filter({ hasText: "Live at the Harbor" }).waitFor();
    // The new campaign's contract, rendered from the chain's record, hashes to what the wizard showed.
    await page.getByTestId("terms-open").click();
    await page.getByTestId("terms-proof").filter({ hasText: "Verified" }).waitFor();
    assert.ok((await text(page.getByTestId("terms-proof"))).includes(termsHash));
    await shot("studio-created");
  });

  it("the artist funds and withdraws the revenue reserve and sees bond, reserve and debts in the studio", async () => {
    await page.goto(`${server.url}/#/studio`);
    await connectWallet();
    await switchAccount(artists[0]);
    // Artist 1's Active campaign holds a 1,000 mUSDC bond, locked until 180 days after its 3-year share window.
    const bond = page.getByTestId("desk-campaign-1").getByTestId("desk-bond");
    await bond.filter({ hasText: "1,000 mUSDC, locked until" }).waitFor();
    assert.equal(await page.getByTestId("withdraw-bond-1").count(), 0, "a locked bond offers no withdrawal");
    await page.getByTestId("no-debts").filter({ hasText: "You owe nothing." }).waitFor();
    const reserve = page.getByTestId("reserve-mUSDC");
    const balance = reserve.getByTestId("reserve-balance");
    await balance.filter({ hasText: "In the reserve:" }).waitFor();
    const before = amountIn(await text(balance));
    assert.ok(before >= 1_000, `the seed funded 1,000 mUSDC; the reserve shows ${before}`);
    const free = amountIn(await text(reserve.getByTestId("reserve-free")));

    // Funding: one permit signature, then fundReserveWithPermit; the reserve grows by exactly the amount.
    await reserve.getByTestId("reserve-amount").fill("250");
    await reserve.getByTestId("reserve-fund").click();
    await page.getByTestId("action-status").filter({ hasText: "250 mUSDC added to your reserve." }).waitFor();
    await balance.filter({ hasText: `In the reserve: ${(before + 250).toLocaleString("en-US")} mUSDC` }).waitFor();

    // Withdrawing more than the free part is refused before the wallet is asked.
    await reserve.getByTestId("reserve-amount").fill(String(free + 251));
    await reserve.getByTestId("reserve-withdraw").click();
    await reserve.getByText(`Only ${(free + 250).toLocaleString("en-US")} mUSDC is free to withdraw.`).waitFor();
    await reserve.getByTestId("reserve-amount").fill("100");
    await reserve.getByTestId("reserve-withdraw").click();
    await page.getByTestId("action-status").filter({ hasText: "100 mUSDC withdrawn from your reserve." }).waitFor();
    await balance.filter({ hasText: `In the reserve: ${(before + 150).toLocaleString("en-US")} mUSDC` }).waitFor();
    // No oracle service is configured yet: the catalog says so instead of failing.
    await page.getByTestId("catalog-unavailable").waitFor();
    await shot("studio-desk");
  });

  it("a fan's permit investment fills a campaign; 2 of 3 operators report its revenue, it settles, the fan claims", async (t) => {
    const startedAt = performance.now();
    const fan = fans[0];
    const addresses = { rpcUrl: node.url, hub: contracts.EncoreHub, stablecoin: contracts.MockStablecoin };
    // Artist 1 (whose revenue reserve the demo funded) opens a campaign that one investment fills.
    const campaignId = await createDemoCampaign(addresses, artists[0], {
      title: "Nova Lights — live single “Afterglow (Live)”",
      description: "One song recorded on the last night of the tour. Holders share 20 % of its revenue for 3 years.",
      goal: 1_000,
      hardCap: 1_000,
      fundingSeconds: 30 * 86_400,
      revenueShareBps: 2_000,
      bond: 0,
      compliance: "0x0000000000000000000000000000000000000000",
      jurisdiction: "US",
    });
    await switchAccount(fan);
    await page.goto(`${server.url}/#/campaign/${campaignId}`);
    // No oracle service is configured here, so paying by card is not offered, and the page says why.
    await page.getByTestId("card-unavailable").filter({ hasText: "need the platform's payment service" }).waitFor();
    await page.getByTestId("invest-amount").fill("1000");
    await page.getByTestId("invest-submit").click();
    await page.getByTestId("action-status").filter({ hasText: "You invested 1,000 mUSDC." }).waitFor();
    // The hard cap is reached, so the campaign may be finalized at once: it succeeds.
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 50 });
    try {
      const hub = new Contract(contracts.EncoreHub, readAbi("EncoreHub"), await provider.getSigner(fans[4]));
      await ((await hub.getFunction("finalize")(campaignId)) as { wait(): Promise<unknown> }).wait();
      const { activatedAt } = (await hub.getFunction("campaign")(campaignId)) as { activatedAt: bigint };
      await revisit(`#/campaign/${campaignId}`);
      await page.locator(".badge.Active").waitFor();

      // Revenue of the day after activation, reported with 2 of the 3 operators' EIP-712 signatures (the oracle's
      // threshold); the fan sees it in its challenge window; then it is settled from the artist's reserve.
      const statement = join(work, "statement.csv");
      const { day, periodEnd } = demoPeriod(activatedAt);
      writeDemoStatement(statement, day);
      const operators = demo.accounts.filter((a) => a.role === "operator");
      const claimableBefore = (await hub.getFunction("claimable")(campaignId, fan)) as bigint;
      const revenueAt = performance.now();
      const revenue = await reportAndSettle({
        rpcUrl: node.url,
        oracle: contracts.RevenueOracle as Address,
        campaignId,
        periodStart: activatedAt,
        periodEnd,
        statementFile: statement,
        operatorKeys: operators.slice(0, 2).map((a) => a.privateKey as Hex),
        sender: operators[0].address as Address,
        onSubmitted: async (reportId) => {
          await revisit(`#/campaign/${campaignId}`);
          await page.getByTestId(`report-${reportId}`).filter({ hasText: "In its challenge window until" }).waitFor();
          await shot("campaign-report-challenge");
        },
      });
      // The fan holds every share: all that was due is theirs (per-share accounting may leave 1 unit behind).
      const claimable = ((await hub.getFunction("claimable")(campaignId, fan)) as bigint) - claimableBefore;
      assert.ok(claimable > 0n && revenue.amountDue - claimable <= 1n, `${claimable} of ${revenue.amountDue}`);
      const mUSDC = (units: bigint) =>
        `${(Number(units) / 1e6).toLocaleString("en-US", { maximumFractionDigits: 2 })} mUSDC`;
      // Window over, settled from the artist's reserve: the page says so.
      await revisit(`#/campaign/${campaignId}`);
      const settled = `Settled: ${mUSDC(revenue.amountDue)} paid`;
      await page.getByTestId(`report-${revenue.reportId}`).filter({ hasText: settled }).waitFor();
      const revenueSeconds = (performance.now() - revenueAt) / 1000;

      // The fan claims it in the portfolio and sees the wallet balance grow by it.
      await page.getByTestId("nav-portfolio").click();
      const balance = page.getByTestId("wallet-balance");
      await page.getByTestId(`claim-${campaignId}`).waitFor();
      const before = await text(balance);
      await page.getByTestId(`claim-${campaignId}`).click();
      await page
        .getByTestId("action-status")
        .filter({ hasText: `You claimed ${mUSDC(claimable)}.` })
        .waitFor();
      await page.getByTestId(`claim-${campaignId}`).waitFor({ state: "detached" });
      assert.notEqual(await text(balance), before);
      await shot("portfolio-oracle-claim");
      t.diagnostic(
        `oracle leg ${((performance.now() - startedAt) / 1000).toFixed(1)} s, ` +
          `report → settled ${revenueSeconds.toFixed(1)} s`,
      );
    } finally {
      provider.destroy();
    }
  });

  it("registers an ISRC with a wallet signature at a real oracle service (CORS from the dApp's origin)", async () => {
    // The dApp learns the service's URL from config.json.
    runtimeConfig.serviceUrl = (await studioService!).operators[0].url;
    // A reload reads the new config; the wallet connects again, as the artist.
    await page.goto(`${server.url}/#/studio`);
    await page.reload();
    await page.locator("#studio-title").first().waitFor();
    await connectWallet();
    await switchAccount(artists[0]);
    await page.getByTestId("catalog-empty").waitFor();

    // Checked like the service does before anything is signed.
    await page.getByTestId("isrc-campaign").selectOption("1");
    await page.getByTestId("isrc-code").fill("US-S1Z-14-1234");
    await page.getByTestId("isrc-share").fill("150");
    await page.getByTestId("isrc-register").click();
    await page.getByText("Not an ISRC: 2 letters, 3 letters or digits, then 7 digits.").waitFor();
    await page.getByText("Enter a percentage between 0.01 and 100 (two decimals at most).").waitFor();

    await page.getByTestId("isrc-code").fill("us-s1z-14-00042");
    await page.getByText("Will be signed as USS1Z1400042").waitFor();
    await page.getByTestId("isrc-share").fill("40");
    await page.getByTestId("isrc-register").click();
    const status = page.getByTestId("catalog-status");
    const settled = page.locator("[data-testid=catalog-status]:is(.success, .error)");
    await settled.waitFor();
    assert.match(await text(settled), /^USS1Z1400042 is registered for Nova Lights .* with a 40% share\.$/);
    const entries = page.getByTestId("catalog-entries");
    await entries.filter({ hasText: "USS1Z1400042" }).waitFor();
    assert.match(await text(entries), /USS1Z1400042\s+Nova Lights.*\s+40%/);
    // The service holds it, verified against the chain: the entry's artist is the campaign's.
    const stored = (await (await fetch(`${runtimeConfig.serviceUrl}/catalog/USS1Z1400042`)).json()) as {
      entries: { campaignId: string; shareBps: number; artist: string }[];
    };
    assert.deepEqual(
      stored.entries.map((entry) => [entry.campaignId, entry.shareBps, entry.artist.toLowerCase()]),
      [["1", 4_000, artists[0].toLowerCase()]],
    );

    // The same ISRC again on the same campaign: the service's refusal, in plain words.
    const logged = consoleErrors.length;
    await page.getByTestId("isrc-code").fill("USS1Z1400042");
    await page.getByTestId("isrc-share").fill("10");
    await page.getByTestId("isrc-register").click();
    await status.filter({ hasText: "This ISRC is already in this campaign's catalog" }).waitFor();
    // Chromium logs every non-2xx fetch; this one refusal is expected, nothing else may be logged.
    for (let wait = 0; wait < 50 && consoleErrors.length === logged; wait++) await page.waitForTimeout(100);
    assert.deepEqual(consoleErrors.splice(logged), [
      "Failed to load resource: the server responded with a status of 409 (Conflict)",
    ]);
    await shot("studio-catalog");
  });

  it("has no serious accessibility violation (axe) on any page, and fits a phone's width", async () => {
    const axeSource = readFileSync(join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
    const pages: [string, string][] = [
      ["discover", "[data-testid^=campaign-card-]"],
      ["campaign/3", "#campaign-title"],
      ["portfolio", "#portfolio-title"],
      ["studio", "#studio-title"],
      ["operator", "#operator-title"],
      ["legal", "[data-testid=faq]"],
    ];
    const seriousViolations = async () => {
      await page.addScriptTag({ content: axeSource });
      return page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
          }
        ).axe;
        const result = await axe.run();
        return result.violations
          .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
          .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
      });
    };
    // A visitor without a connected wallet first (a reload disconnects the injected test wallet): RainbowKit's
    // "Connect Wallet" button must be readable too.
    await page.goto(`${server.url}/#/`);
    await page.reload();
    await page.getByRole("button", { name: "Connect Wallet" }).waitFor();
    assert.deepEqual(await seriousViolations(), [], "#/ without a wallet");
    await connectWallet();
    for (const [route, ready] of pages) {
      await page.goto(`${server.url}/#/${route === "discover" ? "" : route}`);
      await page.locator(ready).first().waitFor();
      assert.deepEqual(await seriousViolations(), [], `#/${route}`);
    }
    await page.setViewportSize({ width: 375, height: 800 });
    for (const [route, ready] of pages) {
      await page.goto(`${server.url}/#/${route === "discover" ? "" : route}`);
      await page.locator(ready).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `#/${route} is ${overflow}px wider than a 375px phone`);
      if (route === "discover") await shot("discover-phone");
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("made no outside request and logged no console error", () => {
    assert.deepEqual(blocked, []);
    assert.deepEqual(consoleErrors, []);
  });
});
