/** Runs graph-cli offline (`graph codegen`, `graph build`) in the subgraph folder. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { BIN, SUBGRAPH_ROOT } from "./paths.ts";

/**
 * Runs `graph <args>` with the new-version check off; prints its output only when it fails.
 *
 * @returns `graph <command> ok`.
 * @throws When the command fails.
 */
export function runGraph(args: string[]): string {
  const result = spawnSync(join(BIN, "graph"), args, {
    cwd: SUBGRAPH_ROOT,
    encoding: "utf8",
    env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true", NO_COLOR: "1" },
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    throw new Error(`graph ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  }
  return `graph ${args[0]} ok`;
}
