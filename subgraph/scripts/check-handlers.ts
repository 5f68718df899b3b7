/**
 * `node scripts/check-handlers.ts`: fails when an event handler of the rendered `subgraph.yaml` is not called by any
 * matchstick test (`tests/*.test.ts`), so a new handler cannot land untested.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { readEventHandlers } from "./lib/manifest.ts";
import { SUBGRAPH_ROOT } from "./lib/paths.ts";

/**
 * Handlers no test calls (a call is `<handler>(` in a test file).
 *
 * @param testsDir - Folder of the `*.test.ts` files.
 * @returns Untested handler names, and how many handlers were checked.
 */
export function untestedHandlers(testsDir: string = join(SUBGRAPH_ROOT, "tests")): {
  untested: string[];
  checked: number;
} {
  const sources = readdirSync(testsDir)
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => readFileSync(join(testsDir, f), "utf8"))
    .join("\n");
  const handlers = [...new Set(readEventHandlers().map((h) => h.handler))];
  const untested = handlers.filter((handler) => !new RegExp(`\\b${handler}\\(`).test(sources));
  return { untested, checked: handlers.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { untested, checked } = untestedHandlers();
  if (untested.length > 0) {
    console.error(`handlers without a test: ${untested.join(", ")}`);
    process.exitCode = 1;
  } else console.log(`handler coverage: all ${checked} handlers are called by a test`);
}
