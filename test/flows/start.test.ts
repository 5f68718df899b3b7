// `npm start` end to end: the local platform starts as a child process (`node scripts/start.ts`, as npm runs it),
// deploys and seeds a real Hardhat node on 127.0.0.1, answers over JSON-RPC, and stops cleanly on Ctrl-C.
import { expect } from "chai";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Contract, JsonRpcProvider, type InterfaceAbi } from "ethers";

import { renderTerms } from "../../scripts/legal/renderTerms.ts";
import { findFreePort, isPortFree } from "../../scripts/lib/ports.ts";
import type { EncoreHub, RevenueOracle } from "../../types/ethers-contracts/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const READY = /Encore is running at (http:\/\/127\.0\.0\.1:(\d+))/;
/** `IEncoreHub.State` names by value. */
const STATE_NAMES = ["Funding", "Failed", "Active", "Ended"];

/** A running `npm start` child. */
interface Platform {
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the RPC URL once the ready line is printed; rejects if it exits first. */
  ready: Promise<{ url: string; port: number }>;
  /** Sends `signal` and resolves with the exit code (`null` when killed by a signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<Platform>();

/** Starts `node scripts/start.ts` with `env` on top of a clean copy of this process's environment. */
function startPlatform(env: Record<string, string>): Platform {
  const base = { ...process.env };
  for (const name of ["ENCORE_RPC_PORT", "ENCORE_RPC_URL", "HH_TEST", "NODE_ENV"]) delete base[name];
  const child = spawn(process.execPath, ["scripts/start.ts"], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const ready = new Promise<{ url: string; port: number }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match !== null) resolve({ url: match[1], port: Number(match[2]) });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
  });
  const platform: Platform = {
    output: () => output,
    ready,
    stop: async (signal) => {
      child.kill(signal);
      const code = await exited;
      running.delete(platform);
      return code;
    },
  };
  running.add(platform);
  return platform;
}

/** Holds `port` on 127.0.0.1 until closed; `undefined` when it is already taken by someone else. */
async function occupy(port: number): Promise<Server | undefined> {
  if (!(await isPortFree(port))) return undefined;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

/** Closes a server from {@link occupy}. */
function release(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
}

/**
 * Runs `read` against the platform at `url` with contracts built from the generated ABI/address file (the way a
 * consumer of `generated/` would), then closes the connection.
 */
async function withDeployment<T>(
  url: string,
  read: (deployment: {
    chainId: bigint;
    address: (name: string) => string;
    contract: <C>(name: string) => C;
  }) => Promise<T>,
): Promise<T> {
  const generated = JSON.parse(readFileSync(join(ROOT, "generated", "contracts.json"), "utf8")) as {
    deployments: Record<string, Record<string, string>>;
    abis: Record<string, InterfaceAbi>;
  };
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  try {
    const { chainId } = await provider.getNetwork();
    const address = (name: string) => generated.deployments[chainId.toString()][name];
    const contract = <C>(name: string) => new Contract(address(name), generated.abis[name], provider) as unknown as C;
    return await read({ chainId, address, contract });
  } finally {
    provider.destroy();
  }
}

/** The seeded campaigns' states, read over JSON-RPC with the generated ABI and address. */
function campaignStates(url: string): Promise<string[]> {
  return withDeployment(url, async ({ contract }) => {
    const hub = contract<EncoreHub>("EncoreHub");
    const states: string[] = [];
    for (let id = 1n; id <= (await hub.campaignCount()); id++) states.push(STATE_NAMES[Number(await hub.state(id))]);
    return states;
  });
}

/** The deployed oracle's operator count, threshold, report count and campaign 1's pending report. */
function oracleState(url: string) {
  return withDeployment(url, async ({ contract }) => {
    const oracle = contract<RevenueOracle>("RevenueOracle");
    return {
      operators: (await oracle.operators()).length,
      threshold: await oracle.threshold(),
      reports: await oracle.reportCount(),
      pendingReport: (await oracle.getCampaign(1n)).pendingReport,
    };
  });
}

/**
 * For every seeded campaign: the terms named in its metadata, rendered again from the parameters in its
 * `CampaignCreated` event, and the `termsHash` stored on-chain.
 */
function termsHashes(url: string): Promise<{ rendered: string; onChain: string; jurisdiction: string }[]> {
  return withDeployment(url, async ({ chainId, address, contract }) => {
    const hub = contract<EncoreHub>("EncoreHub");
    const out = [];
    for (const event of await hub.queryFilter(hub.filters.CampaignCreated())) {
      const [campaignId, artist, , config, feeBps] = event.args;
      const metadata = JSON.parse(decodeURIComponent(config.metadataURI.replace("data:application/json,", ""))) as {
        terms: { jurisdiction: string; version: string; language: "en" | "fr" };
      };
      const { termsHash } = renderTerms(
        {
          artist,
          token: config.token,
          tokenSymbol: "mUSDC",
          tokenDecimals: 6,
          goal: config.goal,
          hardCap: config.hardCap,
          fundingDeadline: config.fundingDeadline,
          minInvestment: config.minInvestment,
          maxPerInvestor: config.maxPerInvestor,
          revenueShareBps: config.revenueShareBps,
          payoutCap: config.payoutCap,
          shareDuration: config.shareDuration,
          vestingDuration: config.vestingDuration,
          bond: config.bond,
          feeBps,
          chainId,
          hubAddress: address("EncoreHub"),
        },
        metadata.terms,
      );
      out.push({
        rendered: termsHash,
        onChain: (await hub.campaign(campaignId)).termsHash,
        jurisdiction: metadata.terms.jurisdiction,
      });
    }
    return out;
  });
}

describe("npm start: the local platform", function () {
  this.timeout(300_000);

  afterEach(async () => {
    // A failed test must not leave a platform (and its node) running.
    for (const platform of running) await platform.stop("SIGTERM");
  });

  it("deploys, seeds an Active, a Failed and a Funding campaign, and stops cleanly on Ctrl-C", async () => {
    const port = await findFreePort(28_545);
    const platform = startPlatform({ ENCORE_RPC_PORT: String(port) });
    const { url } = await platform.ready;
    expect(url).to.equal(`http://127.0.0.1:${port}`);
    for (const name of [
      "EncoreHub",
      "EncoreShares",
      "RevenueOracle",
      "EncoreAutomation",
      "ComplianceRegistry",
      "MockStablecoin",
    ]) {
      expect(platform.output()).to.match(new RegExp(`${name} +0x[0-9a-fA-F]{40}`));
    }
    expect(platform.output().match(/operator +oracle operator \d +0x[0-9a-fA-F]{40} +0x[0-9a-f]{64}/g)).to.have.length(
      3,
    );
    expect(platform.output()).to.match(/guardian +oracle guardian +0x[0-9a-fA-F]{40}/);
    expect(platform.output()).to.match(/attester +compliance attester \(KYC\) +0x[0-9a-fA-F]{40}/);
    expect(platform.output()).to.contain("fans attested: 1 US, 2 KR, 3 BR, 4 FR accredited, 5 NG accredited");
    // The oracle operators reported the demo statement; the keeper settled it after the challenge window.
    expect(await oracleState(url)).to.deep.equal({ operators: 3, threshold: 2n, reports: 1n, pendingReport: 0n });
    expect(platform.output()).to.match(
      /report #1 on campaign #1: 3200(\.0)? mUSDC gross → 640(\.0)? mUSDC due, co-signed by 2 operators, settled by the keeper/,
    );
    const operatorUrls = [...platform.output().matchAll(/operator-\d +(http:\/\/127\.0\.0\.1:\d+) +0x/g)].map(
      (match) => match[1],
    );
    expect(operatorUrls).to.have.length(3);
    for (const operatorUrl of operatorUrls) {
      const health = (await (await fetch(`${operatorUrl}/health`)).json()) as { status: string };
      expect(health.status).to.equal("ok");
    }
    // The local mail catcher is printed, and the settlement's revenue notifications reach the demo fans there.
    const mailUrl = /read the mail at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(platform.output())?.[1];
    expect(mailUrl, platform.output()).to.be.a("string");
    let mails: { to: string[]; subject: string }[] = [];
    for (let tries = 0; tries < 60 && mails.length === 0; tries++) {
      mails = (await (await fetch(`${mailUrl}messages`)).json()) as typeof mails;
      if (mails.length === 0) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const revenue = /^(New revenue from #1|Nouveaux revenus de #1|Novas receitas de #1|#1의 새 수익)$/;
    for (let tries = 0; tries < 60 && !mails.some((mail) => revenue.test(mail.subject)); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      mails = (await (await fetch(`${mailUrl}messages`)).json()) as typeof mails;
    }
    const revenueMail = mails.find((mail) => revenue.test(mail.subject));
    expect(revenueMail?.to[0], JSON.stringify(mails)).to.match(/^fan\d@encore\.local$/);
    expect(readFileSync(join(ROOT, "generated", "contracts.ts"), "utf8")).to.match(
      /^\/\/ Generated by `npm run export`.*do not edit/,
    );

    // The dApp is built and served with the runtime config of this chain.
    const dapp = /dApp +(http:\/\/127\.0\.0\.1:\d+) /.exec(platform.output())?.[1];
    expect(dapp, "dApp URL printed").to.be.a("string");
    expect(await (await fetch(`${dapp}/`)).text()).to.contain('<div id="root">');
    const runtime = (await (await fetch(`${dapp}/config.json`)).json()) as {
      rpcUrl: string;
      contracts: Record<string, string>;
    };
    expect(runtime.rpcUrl).to.equal(url);
    expect(platform.output()).to.match(new RegExp(`EncoreHub +${runtime.contracts.EncoreHub}`));

    expect(await campaignStates(url)).to.deep.equal(["Active", "Failed", "Funding"]);
    // The investment contract of each demo campaign, rendered from its parameters, hashes to its on-chain termsHash.
    const terms = await termsHashes(url);
    expect(terms.map((t) => t.jurisdiction)).to.deep.equal(["US", "EU", "BR"]);
    for (const t of terms) expect(t.rendered).to.equal(t.onChain);

    expect(await platform.stop("SIGINT")).to.equal(0);
    expect(await isPortFree(port)).to.equal(true);
  });

  it("uses the next free port when 8545 is taken", async () => {
    const blocker = await occupy(8545);
    try {
      const platform = startPlatform({});
      const { url, port } = await platform.ready;
      expect(port).to.be.greaterThan(8545);
      expect(platform.output()).to.contain(`port 8545 is taken, using ${port}`);
      expect(await campaignStates(url)).to.have.length(3);
      expect(await platform.stop("SIGTERM")).to.equal(0);
      expect(await isPortFree(port)).to.equal(true);
    } finally {
      await release(blocker);
    }
  });

  it("fails with a clear message when ENCORE_RPC_PORT is taken", async () => {
    const port = await findFreePort(28_600);
    const blocker = await occupy(port);
    try {
      const platform = startPlatform({ ENCORE_RPC_PORT: String(port) });
      const error = await platform.ready.then(
        () => undefined,
        (reason: unknown) => reason as Error,
      );
      expect(error?.message).to.contain(`ENCORE_RPC_PORT=${port} is taken on 127.0.0.1`);
      expect(await platform.stop("SIGTERM")).to.equal(1);
    } finally {
      await release(blocker);
    }
  });
});
