/**
 * A Hardhat node as a child process on 127.0.0.1: started, waited for, and stopped again. Its output goes to a log
 * file so the terminal stays readable.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

import { hardhatCliPath, PROJECT_ROOT } from "./hardhat.ts";
import { LOCALHOST } from "./ports.ts";

/** A running local node started by {@link startLocalNode}. */
export interface LocalNode {
  /** JSON-RPC URL, e.g. `http://127.0.0.1:8545`. */
  readonly url: string;
  readonly port: number;
  readonly chainId: bigint;
  /** File receiving the node's stdout and stderr. */
  readonly logFile: string;
  /** Settles when the node process exits, for any reason; the value describes how. */
  readonly exited: Promise<string>;
  /** Stops the node (SIGTERM, then SIGKILL after 5 s); resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startLocalNode}. */
export interface LocalNodeOptions {
  /** Port to listen on (127.0.0.1 only). */
  port: number;
  /** Log file for the node's output (its folder is created). */
  logFile: string;
  /** How long to wait for the node to answer, in ms (default 60 s). */
  timeoutMs?: number;
}

/** The line Hardhat prints once its JSON-RPC server listens. */
const READY_LINE = "Started HTTP and WebSocket JSON-RPC server at";

/**
 * Sends one JSON-RPC request.
 *
 * @param url - Node URL.
 * @param method - RPC method, e.g. `eth_chainId`.
 * @param params - Method parameters.
 * @returns The `result` of the response.
 * @throws When the request fails or the node answers with an error.
 */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * Starts `hardhat node --hostname 127.0.0.1 --port <port>` and waits until it answers `eth_chainId`.
 *
 * The node runs in its own process group, so a Ctrl-C in the terminal reaches only the parent, which then stops
 * the node in order. If the parent exits without stopping it, an exit hook kills it.
 *
 * @param options - Port, log file and time-out.
 * @returns The running node.
 * @throws When the node exits early (e.g. the port was taken meanwhile) or does not answer in time; the message
 *   quotes the end of its log. The node is killed before the error is thrown.
 */
export async function startLocalNode(options: LocalNodeOptions): Promise<LocalNode> {
  const { port, logFile, timeoutMs = 60_000 } = options;
  const url = `http://${LOCALHOST}:${port}`;
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [hardhatCliPath(), "node", "--hostname", LOCALHOST, "--port", String(port)], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stderr.pipe(log);
  let startupOutput = "";
  let printedReady = false;
  child.stdout.on("data", (chunk: Buffer) => {
    log.write(chunk);
    if (printedReady) return;
    startupOutput += chunk.toString();
    printedReady = startupOutput.includes(READY_LINE);
  });

  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<string>((resolve) => {
    child.once("error", (error) => resolve(`could not start: ${error.message}`));
    child.once("close", (code, signal) => {
      process.removeListener("exit", killOnExit);
      resolve(signal !== null ? `killed by ${signal}` : `exit code ${code}`);
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const stop = async (): Promise<void> => {
    if (hasExited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
    await new Promise<void>((resolve) => log.end(resolve));
  };

  const logTail = () => readFileSync(logFile, "utf8").trim().split("\n").slice(-15).join("\n");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited) {
      await stop();
      throw new Error(`hardhat node on ${url} stopped during start-up (${await exited}). Its log:\n${logTail()}`);
    }
    if (printedReady) {
      try {
        const chainId = BigInt((await rpc(url, "eth_chainId")) as string);
        return { url, port, chainId, logFile, exited, stop };
      } catch {
        // Listening but not answering yet: poll again.
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hardhat node on ${url} did not answer within ${timeoutMs / 1000} s. Its log:\n${logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
