/**
 * Builds the dApp (`web/dist`) for `npm start` when its inputs changed since the last build: a sha256 over the
 * dApp's sources, the legal texts it bundles, the shared terms renderer and the generated contract file is kept in
 * `web/dist/.inputs-hash`, so a second start with nothing changed skips Vite entirely.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

import { PROJECT_ROOT } from "./hardhat.ts";

/** The dApp's folder. */
export const WEB_ROOT = join(PROJECT_ROOT, "web");
/** Where the build goes. */
export const WEB_DIST = join(WEB_ROOT, "dist");

const HASH_FILE = join(WEB_DIST, ".inputs-hash");
/** Files and folders whose content goes into the build. */
const INPUTS = [
  "web/src",
  "web/index.html",
  "web/vite.config.ts",
  "web/package.json",
  "legal/terms",
  "legal/faq",
  "scripts/legal/termsTemplates.ts",
];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** sha256 over the paths and contents of every input file. */
export function webInputsHash(): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of filesUnder(join(PROJECT_ROOT, input))) {
      hash.update(relative(PROJECT_ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

/**
 * Runs `vite build` in `web/` unless `web/dist` was built from the same inputs.
 *
 * @returns Whether a build ran.
 * @throws When Vite fails; the message holds its output.
 */
export async function ensureWebBuild(signal?: AbortSignal): Promise<boolean> {
  const inputs = webInputsHash();
  if (existsSync(join(WEB_DIST, "index.html")) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, "utf8") === inputs) {
    return false;
  }
  await new Promise<void>((resolve, reject) => {
    const vite = join(PROJECT_ROOT, "node_modules", "vite", "bin", "vite.js");
    const child = spawn(process.execPath, [vite, "build", "--logLevel", "error"], {
      cwd: WEB_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      signal,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code, killedBy) =>
      code === 0
        ? resolve()
        : reject(new Error(`vite build failed (${killedBy ?? `exit code ${code}`}):\n${output.trim()}`)),
    );
  });
  writeFileSync(HASH_FILE, inputs);
  return true;
}
