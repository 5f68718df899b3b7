/**
 * The local oracle network of `npm start`: three oracle-service instances (operators 1–3 = dev accounts 10–12,
 * threshold 2), each with its own PGlite data folder under `.encore/oracle-service/`, its own port and the other two
 * as peers; operator 1 also runs the keeper. Then the revenue flow of architecture.md runs for real on the seeded
 * Active campaign: every operator imports the demo statement, the artist registers the campaign's ISRCs with a
 * wallet signature, each operator builds the same report (same Merkle root and digest), operators 1 and 2 sign,
 * the signatures are exchanged over HTTP, the threshold holder submits through its durable outbox, the challenge
 * window passes (the local chain's clock is moved forward), and the keeper settles the report from the artist's
 * reserve into the holders' claimable revenue.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet } from "ethers";

import { readAbi } from "../lib/artifacts.ts";
import { PROJECT_ROOT } from "../lib/hardhat.ts";
import { rpc } from "../lib/localNode.ts";
import { findFreePort, LOCALHOST, portFromEnv } from "../lib/ports.ts";
import { DEMO_TRACKS } from "./demoStatement.ts";

/** The `encore` command of the oracle-service workspace. */
const ENCORE_BIN = join(PROJECT_ROOT, "oracle-service", "bin", "encore.js");
/** Port tried first for operator 1 when `ENCORE_SERVICE_PORT` is unset. */
const DEFAULT_SERVICE_PORT = 8787;
const DAY = 86_400;
/** `IRevenueOracle.ReportStatus.Settled`. */
const SETTLED = 3n;

/** One running operator instance. */
export interface OperatorInstance {
  name: string;
  address: string;
  url: string;
  logFile: string;
  /** Operator API key (local demo; stored hashed in its database). */
  apiKey: string;
  keeper: boolean;
}

/** What the revenue flow produced. */
export interface RevenueFlowResult {
  reportId: bigint;
  grossRevenue: bigint;
  amountDue: bigint;
  /** Holder address → claimable revenue after settlement. */
  claimable: { address: string; before: bigint; after: bigint }[];
}

/** The running network. */
export interface OracleNetwork {
  operators: OperatorInstance[];
  /** Stops every instance (SIGTERM: graceful), resolving when all exited. */
  stop(): Promise<void>;
}

/** Options of {@link startOracleNetwork}. */
export interface OracleNetworkOptions {
  rpcUrl: string;
  /** Deployments JSON (`generated/contracts.json`). */
  contractsFile: string;
  /** Private keys of the three operators. */
  operatorKeys: readonly string[];
  /** Statement files every operator imports before it starts serving (distributor CSV, default mapping). */
  statements: readonly string[];
  /** Where the statements' amounts come from and their rate to the settlement token (e.g. "1"). */
  fx: { rate: string; source: string };
  /** Aborting it (Ctrl-C during start-up) stops every process started so far. */
  signal?: AbortSignal;
  /**
   * Accounts created on the keeping operator (operator 1, which enqueues and sends notifications) before it starts
   * serving: `encore accounts add` arguments, e.g. `["--wallet", "0x…", "--email", "fan1@encore.local", …]`.
   */
  accounts?: readonly string[];
  /** Folder of the instances' data folders and logs (default `<repo>/.encore/oracle-service`). */
  dataRoot?: string;
  /** Whether operator 1 runs the keeper (default true). */
  keeper?: boolean;
}

/** Runs `encore <args>` to completion and returns its stdout; throws with its stderr on a non-zero exit. */
function encore(args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENCORE_BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"], signal });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`encore ${args[0]} ${args[1] ?? ""} failed: ${stderr.trim()}`)),
    );
  });
}

/** Sends one JSON request to an instance and returns the parsed body; throws with the answer on a non-2xx. */
async function request<T>(url: string, method: "GET" | "POST", body?: unknown, apiKey?: string): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(apiKey === undefined ? {} : { "x-api-key": apiKey }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Polls `check` every 250 ms until it returns a value, or throws `what` after `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Starts the three instances and waits until each answers `/health`.
 *
 * @throws When an instance cannot start; the ones started are stopped again.
 */
export async function startOracleNetwork(options: OracleNetworkOptions): Promise<OracleNetwork> {
  const root = options.dataRoot ?? join(PROJECT_ROOT, ".encore", "oracle-service");
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            child.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
  };
  options.signal?.addEventListener("abort", () => void stop(), { once: true });
  try {
    options.signal?.throwIfAborted();
    let nextPort = portFromEnv("ENCORE_SERVICE_PORT") ?? DEFAULT_SERVICE_PORT;
    const ports: number[] = [];
    for (let i = 0; i < options.operatorKeys.length; i++) {
      const port = await findFreePort(nextPort);
      ports.push(port);
      nextPort = port + 1;
    }
    const urls = ports.map((port) => `http://${LOCALHOST}:${port}`);
    const operators: OperatorInstance[] = [];
    for (const [index, key] of options.operatorKeys.entries()) {
      const name = `operator-${index + 1}`;
      const dataDir = join(root, name);
      // The chain is new at every start, so an old database would describe another chain.
      rmSync(dataDir, { recursive: true, force: true });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ENCORE_RPC_URL: options.rpcUrl,
        ENCORE_OPERATOR_KEY: key,
        ENCORE_CONTRACTS_FILE: options.contractsFile,
        ENCORE_DATA_DIR: dataDir,
        ENCORE_HOST: LOCALHOST,
        ENCORE_PORT: String(ports[index]),
        ENCORE_PEERS: urls.filter((_, other) => other !== index).join(","),
        ENCORE_CONFIRMATIONS: "1",
        ENCORE_KEEPER_INTERVAL_MS: "1000",
        LOG_LEVEL: "info",
      };
      delete env.DATABASE_URL;
      const apiKey = /enc_[A-Za-z0-9_-]+/.exec(await encore(["apikey", "create", "local"], env, options.signal))?.[0];
      if (apiKey === undefined) throw new Error(`${name}: encore apikey create printed no key`);
      if (options.statements.length > 0) {
        // PGlite allows one process per data folder: the import runs before the instance starts serving.
        const fx = ["--fx", options.fx.rate, "--fx-source", options.fx.source];
        await encore(["statements", "import", "--format", "csv", ...fx, ...options.statements], env, options.signal);
      }
      options.signal?.throwIfAborted();
      const keeper = index === 0 && options.keeper !== false;
      if (keeper && options.accounts !== undefined)
        await encore(["accounts", "add", ...options.accounts], env, options.signal);
      const logFile = join(root, `${name}.log`);
      mkdirSync(root, { recursive: true });
      const log = createWriteStream(logFile);
      const child = spawn(process.execPath, [ENCORE_BIN, "serve", ...(keeper ? [] : ["--no-keeper"])], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      children.push(child);
      operators.push({ name, address: new Wallet(key).address, url: urls[index], logFile, apiKey, keeper });
    }
    for (const [index, operator] of operators.entries()) {
      await waitFor(`${operator.name} at ${operator.url} (log: ${operator.logFile})`, 60_000, async () => {
        if (children[index].exitCode !== null) {
          throw new Error(`${operator.name} exited during start-up; see ${operator.logFile}`);
        }
        const health = await request<{ status: string }>(`${operator.url}/health`, "GET");
        return health.status === "ok" ? true : undefined;
      });
    }
    return { operators, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The usage day of the demo statement (the day after the campaign's activation, `YYYY-MM-DD`) and the end of the
 * report period (the end of that day, unix seconds).
 */
export function demoPeriod(activatedAt: bigint): { day: string; periodEnd: bigint } {
  const usageDay = Math.floor(Number(activatedAt) / DAY) + 1;
  return { day: new Date(usageDay * DAY * 1000).toISOString().slice(0, 10), periodEnd: BigInt((usageDay + 1) * DAY) };
}

/** What {@link runDemoRevenue} needs. */
export interface DemoRevenueOptions {
  rpcUrl: string;
  network: OracleNetwork;
  hub: string;
  revenueOracle: string;
  campaignId: bigint;
  /** The campaign artist's private key (signs the catalog entries). */
  artistKey: string;
  /** Holders whose claimable revenue is reported. */
  holders: readonly string[];
  /** How many operators sign (the oracle's threshold). */
  signers: number;
  /** Called once the report is on-chain, still in its challenge window, before the clock is moved past it. */
  onSubmitted?: (reportId: bigint) => Promise<void>;
}

/** A report as the service shows it (the fields used here). */
interface ReportView {
  id: string;
  digest: string;
  grossRevenue: string;
  status: string;
}

/**
 * The revenue flow on the demo campaign, end to end through the services (see the file comment).
 *
 * @throws When a step fails or does not happen in time; the message names the step.
 */
export async function runDemoRevenue(options: DemoRevenueOptions): Promise<RevenueFlowResult> {
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 100 });
  try {
    const hub = new Contract(options.hub, readAbi("EncoreHub"), provider);
    const oracle = new Contract(options.revenueOracle, readAbi("RevenueOracle"), provider);
    const { chainId } = await provider.getNetwork();
    const campaign = (await hub.getFunction("campaign")(options.campaignId)) as { activatedAt: bigint };
    const { periodEnd } = demoPeriod(campaign.activatedAt);
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    // The report may only cover the past: move the local clock past the period's end.
    if (now < periodEnd + 60n) await rpc(options.rpcUrl, "evm_increaseTime", [Number(periodEnd + 60n - now)]);
    await rpc(options.rpcUrl, "evm_mine");
    const claimableOf = async (holder: string) =>
      (await hub.getFunction("claimable")(options.campaignId, holder)) as bigint;
    const before = await Promise.all(options.holders.map(claimableOf));

    // The artist registers the campaign's tracks with every operator (one signed claim per ISRC).
    const artist = new Wallet(options.artistKey);
    const deadline = periodEnd + BigInt(30 * DAY);
    const domain = { name: "Encore Catalog", version: "1", chainId, verifyingContract: options.hub };
    const types = {
      CatalogEntry: [
        { name: "isrc", type: "string" },
        { name: "campaignId", type: "uint256" },
        { name: "shareBps", type: "uint16" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint64" },
      ],
    };
    for (const [nonce, track] of DEMO_TRACKS.entries()) {
      const entry = { isrc: track.isrc, campaignId: options.campaignId, shareBps: 10_000, nonce, deadline };
      const signature = await artist.signTypedData(domain, types, entry);
      const body = {
        ...entry,
        campaignId: String(entry.campaignId),
        nonce: String(nonce),
        deadline: String(deadline),
        signature,
      };
      // Operator 1 forwards an accepted entry to its peers; posting to each as well is harmless (409: already held).
      for (const operator of options.network.operators) {
        await request(`${operator.url}/catalog`, "POST", body).catch((error: Error) => {
          if (!/: 409 /.test(error.message)) throw error;
        });
      }
    }

    // Every operator builds the report from its own import: the same lines give the same digest everywhere.
    const periodStart = campaign.activatedAt;
    const built: ReportView[] = [];
    for (const operator of options.network.operators) {
      const body = {
        campaignId: String(options.campaignId),
        periodStart: String(periodStart),
        periodEnd: String(periodEnd),
      };
      built.push(await request<ReportView>(`${operator.url}/reports`, "POST", body, operator.apiKey));
    }
    if (new Set(built.map((report) => report.digest)).size !== 1) {
      throw new Error(`operators built different reports: ${built.map((report) => report.digest).join(", ")}`);
    }
    // A threshold of operators sign; the exchange spreads the signatures and the holder of the threshold submits.
    for (const [index, operator] of options.network.operators.slice(0, options.signers).entries()) {
      await request(`${operator.url}/reports/${built[index].id}/sign`, "POST", undefined, operator.apiKey);
    }
    const reportId = await waitFor("the report to be submitted on-chain", 60_000, async () => {
      const pending = ((await oracle.getFunction("getCampaign")(options.campaignId)) as { pendingReport: bigint })
        .pendingReport;
      return pending === 0n ? undefined : pending;
    });
    const record = (await oracle.getFunction("getReport")(reportId)) as { amount: bigint; challengeEnd: bigint };
    const amountDue = record.amount;
    await options.onSubmitted?.(reportId);

    // The challenge window passes; the keeper (operator 1) settles from the artist's reserve.
    const afterWindow = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    if (afterWindow <= record.challengeEnd) {
      await rpc(options.rpcUrl, "evm_increaseTime", [Number(record.challengeEnd - afterWindow + 1n)]);
    }
    await rpc(options.rpcUrl, "evm_mine");
    await waitFor("the keeper to settle the report", 60_000, async () => {
      const status = ((await oracle.getFunction("getReport")(reportId)) as { status: bigint }).status;
      return status === SETTLED ? true : undefined;
    });
    const after = await Promise.all(options.holders.map(claimableOf));
    return {
      reportId,
      grossRevenue: BigInt(built[0].grossRevenue),
      amountDue,
      claimable: options.holders.map((address, i) => ({ address, before: before[i], after: after[i] })),
    };
  } finally {
    provider.destroy();
  }
}
