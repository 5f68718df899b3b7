/**
 * `npm start`: the local platform in one command. Starts a Hardhat node on 127.0.0.1 (port 8545, or the next free
 * one; `ENCORE_RPC_PORT` fixes it), compiles if needed, deploys `ignition/modules/EncoreLocal.ts` with Ignition,
 * writes the generated contract files (`npm run export`), seeds demo data (`scripts/seed/seedDemo.ts`), runs the
 * oracle network, builds the dApp if its sources changed and serves it (port 5173 or the next free one;
 * `ENCORE_WEB_PORT` fixes it), prints what is where, and runs until Ctrl-C (SIGINT), SIGTERM or SIGHUP; then it
 * stops everything and exits 0.
 * A failing step prints what failed, stops the node and exits 1.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";

import { exportDeployments } from "./export/exportDeployments.ts";
import { Contract, JsonRpcProvider, formatUnits } from "ethers";

import { readAbi } from "./lib/artifacts.ts";
import { deployLocal, type LocalAddresses } from "./lib/deployLocal.ts";
import { writeDemoStatement } from "./local/demoStatement.ts";
import { startMailCatcher, type MailCatcher } from "./local/mailCatcher.ts";
import {
  demoPeriod,
  runDemoRevenue,
  startOracleNetwork,
  type OracleNetwork,
  type RevenueFlowResult,
} from "./local/oracleNetwork.ts";
import { PROJECT_ROOT, runHardhat } from "./lib/hardhat.ts";
import { rpc, startLocalNode, type LocalNode } from "./lib/localNode.ts";
import { findFreePort, isPortFree, LOCALHOST, portFromEnv } from "./lib/ports.ts";
import { serveStatic, type StaticServer } from "./lib/staticServer.ts";
import { ensureWebBuild, WEB_DIST } from "./lib/webBuild.ts";
import { seedDemo, type DemoSummary } from "./seed/seedDemo.ts";

/** Port tried first when `ENCORE_RPC_PORT` is unset. */
const DEFAULT_RPC_PORT = 8545;
/** Port tried first for the dApp when `ENCORE_WEB_PORT` is unset. */
const DEFAULT_WEB_PORT = 5173;
/** The node's output goes here (relative to the repository root; `.encore/` is git-ignored). */
const NODE_LOG = ".encore/hardhat-node.log";

/** Deployed addresses by contract name, in print order. */
type Addresses = LocalAddresses;

let node: LocalNode | undefined;
let oracleNetwork: OracleNetwork | undefined;
let webServer: StaticServer | undefined;
let mailCatcher: MailCatcher | undefined;
/** Locales of the demo fans' accounts, in the order of their residences (US, KR, BR, FR, NG). */
const FAN_LOCALES = ["en", "ko", "pt", "fr", "en"];
/** Aborted on shutdown: stops a compilation still running. */
const aborted = new AbortController();
let shuttingDown = false;
/** Whether a node was launched, so a failure message can point at its log. */
let nodeStarted = false;

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/**
 * Runs one start-up step and prints `✓ done` with its duration; a failure names the step (`doing`).
 */
async function step<T>(doing: string, done: string, run: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    const result = await run();
    console.log(`  ✓ ${done.padEnd(44)} ${seconds(startedAt)}`);
    return result;
  } catch (error) {
    throw new Error(`${doing} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Prints `· hint…` if `work` is still running after `afterMs`. */
async function withHint<T>(work: Promise<T>, afterMs: number, hint: string): Promise<T> {
  const timer = setTimeout(() => console.log(`  · ${hint}…`), afterMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}

/** The port in `variable` if set (it must be free), else `preferred` or the next free port. */
async function choosePort(variable: string, preferred: number): Promise<number> {
  const fixed = portFromEnv(variable);
  if (fixed !== undefined) {
    if (!(await isPortFree(fixed))) throw new Error(`${variable}=${fixed} is taken on ${LOCALHOST}`);
    return fixed;
  }
  const port = await findFreePort(preferred);
  if (port !== preferred) console.log(`  · port ${preferred} is taken, using ${port}`);
  return port;
}

/** Deploys `EncoreLocal` with Ignition to the node at `url`, from a fresh deployment folder. */
async function deploy(url: string, chainId: bigint): Promise<Addresses> {
  // The chain is new at every start, so an old journal for this chain id would not match it.
  rmSync(join(PROJECT_ROOT, "ignition", "deployments", `chain-${chainId}`), { recursive: true, force: true });
  return deployLocal(url);
}

function printSummary(running: LocalNode, addresses: Addresses, demo: DemoSummary, generated: string[]): void {
  const out: string[] = [""];
  out.push(`RPC URL  ${running.url}   (chain id ${running.chainId}; node log: ${NODE_LOG})`, "", "Contracts");
  const width = Math.max(...Object.keys(addresses).map((name) => name.length));
  for (const [name, address] of Object.entries(addresses)) out.push(`  ${name.padEnd(width)} ${address}`);
  out.push(`  generated: ${generated.join(", ")}`, "");
  out.push("Demo accounts (Hardhat's public dev keys: fine on this chain, never on a real one)");
  out.push(
    "  (operators sign revenue reports, a threshold of them per report; the guardian may dispute a report in its window)",
  );
  for (const a of demo.accounts) {
    out.push(`  ${a.role.padEnd(9)} ${a.name.padEnd(27)} ${a.address}  ${a.privateKey ?? "(key unknown)"}`);
  }
  out.push("", "Campaigns");
  for (const c of demo.campaigns) {
    out.push(`  #${c.id}  ${c.state.padEnd(8)} ${`${c.artist} — ${c.title}`.padEnd(38)} ${c.story}`);
  }
  out.push("");
  console.log(out.join("\n"));
}

function printOracle(network: OracleNetwork, revenue: RevenueFlowResult, campaignId: bigint): void {
  const out: string[] = ["Oracle service (3 operators, threshold 2; logs in .encore/oracle-service/)"];
  for (const operator of network.operators) {
    const role = operator.keeper ? "API + keeper" : "API";
    out.push(`  ${operator.name}  ${operator.url}  ${operator.address}  ${role}  API key ${operator.apiKey}`);
  }
  out.push(`  API docs: ${network.operators[0].url}/docs`, "");
  out.push(
    `Revenue: the demo statement (.encore/demo-statement.csv) became report #${revenue.reportId} on campaign #${campaignId}: ` +
      `${formatUnits(revenue.grossRevenue, 6)} mUSDC gross → ${formatUnits(revenue.amountDue, 6)} mUSDC due, ` +
      "co-signed by 2 operators, settled by the keeper after the challenge window. Holders' claimable:",
  );
  for (const holder of revenue.claimable.filter((h) => h.after > 0n)) {
    out.push(`  ${holder.address}  ${formatUnits(holder.before, 6)} → ${formatUnits(holder.after, 6)} mUSDC`);
  }
  out.push("");
  console.log(out.join("\n"));
}

/** When campaign `campaignId` became Active (unix seconds). */
async function campaignActivatedAt(url: string, hub: string, campaignId: bigint): Promise<bigint> {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  try {
    const contract = new Contract(hub, readAbi("EncoreHub"), provider);
    return ((await contract.getFunction("campaign")(campaignId)) as { activatedAt: bigint }).activatedAt;
  } finally {
    provider.destroy();
  }
}

/** Stops the node (if started) and exits; a second signal while stopping exits at once. */
async function shutdown(code: number, message: string): Promise<void> {
  if (shuttingDown) process.exit(code === 0 ? 1 : code);
  shuttingDown = true;
  if (code === 0) console.log(message);
  else console.error(message);
  aborted.abort();
  try {
    await webServer?.close();
    await oracleNetwork?.stop();
    await mailCatcher?.stop();
    await node?.stop();
  } finally {
    // The node's exit hook kills a node still starting up.
    process.exit(code);
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => void shutdown(0, `\n${signal} received: stopping the local platform…`));
  }
  console.log("Starting Encore's local platform");

  const port = await choosePort("ENCORE_RPC_PORT", DEFAULT_RPC_PORT);
  const logFile = join(PROJECT_ROOT, NODE_LOG);
  nodeStarted = true;
  const [nodeResult, buildResult] = await Promise.allSettled([
    step(`starting a Hardhat node on ${LOCALHOST}:${port}`, `Hardhat node on ${LOCALHOST}:${port}`, () =>
      startLocalNode({ port, logFile }),
    ),
    step("compiling the contracts", "contracts compiled (if changed)", () =>
      withHint(
        runHardhat(["build", "--quiet", "--no-tests"], aborted.signal),
        8_000,
        "compiling with solc-js: a minute or more",
      ),
    ),
  ]);
  if (nodeResult.status === "fulfilled") node = nodeResult.value;
  if (nodeResult.status === "rejected") throw nodeResult.reason;
  if (buildResult.status === "rejected") throw buildResult.reason;
  const running = nodeResult.value;
  void running.exited.then((how) => {
    if (!shuttingDown) void shutdown(1, `✖ The Hardhat node stopped unexpectedly (${how}); see ${NODE_LOG}`);
  });

  const addresses = await step("deploying EncoreLocal with Ignition", "deployed EncoreLocal with Ignition", () =>
    deploy(running.url, running.chainId),
  );
  const { files } = await step("exporting ABIs and addresses", "exported ABIs and addresses", () =>
    Promise.resolve(exportDeployments()),
  );
  // Vite runs while the chain is seeded (the build only needs the generated contract file).
  const webBuild = step("building the dApp", "dApp built (if changed)", () => ensureWebBuild(aborted.signal));
  webBuild.catch(() => undefined);
  const demo = await step("seeding demo data", "seeded demo artists, fans and campaigns", () =>
    seedDemo({
      rpcUrl: running.url,
      hub: addresses.EncoreHub,
      stablecoin: addresses.MockStablecoin,
      revenueOracle: addresses.RevenueOracle,
      complianceRegistry: addresses.ComplianceRegistry,
    }),
  );

  const active = demo.campaigns.find((campaign) => campaign.state === "Active");
  const keyOf = (role: string) => demo.accounts.filter((a) => a.role === role).map((a) => a.privateKey ?? "");
  if (active === undefined) throw new Error("the demo has no Active campaign");
  // Blocks every second from now on, so confirmation depths are reached on an idle chain.
  await rpc(running.url, "evm_setIntervalMining", [1_000]);
  const statement = join(PROJECT_ROOT, ".encore", "demo-statement.csv");
  const activatedAt = await campaignActivatedAt(running.url, addresses.EncoreHub, active.id);
  writeDemoStatement(statement, demoPeriod(activatedAt).day);
  const catcher = await step("starting the local mail catcher", "local SMTP mail catcher", () =>
    startMailCatcher({ dir: join(PROJECT_ROOT, ".encore", "mail") }),
  );
  mailCatcher = catcher;
  // The operators inherit this environment: their mail goes to the catcher, SMS to their log (nothing leaves).
  Object.assign(process.env, {
    SMTP_HOST: LOCALHOST,
    SMTP_PORT: String(catcher.smtpPort),
    ENCORE_MAIL_FROM: "Encore (local) <no-reply@encore.local>",
    ENCORE_OPERATOR_EMAILS: "operators@encore.local",
    ENCORE_OPERATOR_PHONES: "+15550000000",
    ENCORE_SMS_MODE: "log",
    ENCORE_NOTIFY_INTERVAL_MS: "1000",
    ENCORE_ALERT_INTERVAL_MS: "10000",
  });
  const fans = demo.accounts.filter((a) => a.role === "fan");
  oracleNetwork = await step("starting 3 oracle operators", "oracle operators serving (operator 1 keeps)", () =>
    startOracleNetwork({
      rpcUrl: running.url,
      contractsFile: join(PROJECT_ROOT, "generated", "contracts.json"),
      operatorKeys: keyOf("operator"),
      statements: [statement],
      fx: { rate: "1", source: "demo: mock USDC pegged 1:1 to USD" },
      signal: aborted.signal,
      accounts: fans.flatMap((fan, index) => [
        ...["--wallet", fan.address, "--email", `fan${index + 1}@encore.local`],
        ...["--locale", FAN_LOCALES[index] ?? "en"],
      ]),
    }),
  );
  const network = oracleNetwork;
  const revenue = await step("reporting demo revenue", "demo revenue reported, co-signed and settled", () =>
    runDemoRevenue({
      rpcUrl: running.url,
      network,
      hub: addresses.EncoreHub,
      revenueOracle: addresses.RevenueOracle,
      campaignId: active.id,
      artistKey: keyOf("artist")[0],
      holders: demo.accounts.filter((a) => a.role === "fan").map((a) => a.address),
      signers: 2,
    }),
  );

  await webBuild;
  const webPort = await choosePort("ENCORE_WEB_PORT", DEFAULT_WEB_PORT);
  webServer = await step("serving the dApp", `dApp on ${LOCALHOST}:${webPort}`, () =>
    serveStatic(WEB_DIST, webPort, {
      chainId: Number(running.chainId),
      rpcUrl: running.url,
      contracts: addresses,
      serviceUrl: network.operators[0].url,
    }),
  );

  printSummary(running, addresses, demo, files);
  printOracle(network, revenue, active.id);
  console.log(
    [
      `Mail     local SMTP catcher on ${LOCALHOST}:${catcher.smtpPort}: read the mail at ${catcher.webUrl} ` +
        `(JSON: ${catcher.webUrl}messages; files: .encore/mail/*.eml)`,
      `  demo fans have accounts (fan1…fan${fans.length}@encore.local, locales ${FAN_LOCALES.slice(0, fans.length).join(", ")}): ` +
        "their revenue notifications arrive there; operator alerts go to operators@encore.local; SMS are only logged",
      "",
      `dApp     ${webServer.url}   (connect a browser wallet to chain ${running.chainId} at ${running.url}; import a demo fan key)`,
      "",
    ].join("\n"),
  );
  console.log(`Encore is running at ${running.url} (ready in ${seconds(startedAt)}). Press Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = nodeStarted ? `\n  The Hardhat node's log is in ${NODE_LOG}.` : "";
  void shutdown(1, `\n✖ npm start failed: ${message}${hint}`);
});
