/**
 * Running Hardhat's CLI from scripts without `npx`: the CLI is started with the Node binary that runs the script
 * (Node 22 from the npm `node` package under `npm start`/`npm test`), so no npm wrapper process sits between
 * the script and Hardhat and signals reach Hardhat directly.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root. */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Absolute path of Hardhat's CLI entry point (`hardhat/dist/src/cli.js`), resolved from the package's main export.
 *
 * @returns The path to pass to `node`.
 */
export function hardhatCliPath(): string {
  return fileURLToPath(new URL("cli.js", import.meta.resolve("hardhat")));
}

/**
 * Runs `hardhat <args>` to completion with its output captured, so a successful run prints nothing (compiler
 * warnings included) and a failing one shows everything.
 *
 * @param args - Task and arguments, e.g. `["build", "--quiet", "--no-tests"]`.
 * @param signal - Aborting it kills Hardhat (SIGTERM) and rejects.
 * @returns The captured output (stdout and stderr interleaved).
 * @throws When Hardhat exits non-zero; the message holds the command and its output.
 */
export function runHardhat(args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hardhatCliPath(), ...args], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      signal,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code, killedBy) => {
      if (code === 0) resolve(output);
      else
        reject(new Error(`hardhat ${args.join(" ")} failed (${killedBy ?? `exit code ${code}`}):\n${output.trim()}`));
    });
  });
}
