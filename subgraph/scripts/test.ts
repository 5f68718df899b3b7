/**
 * `npm test -w subgraph`: renders the localhost manifest, runs `graph codegen` and `graph build` offline, compiles
 * and runs the matchstick tests, checks that every handler has a test, that manifest and ABIs agree, that the
 * base-sepolia config renders, and that the dApp's queries are valid against the graph-node API. Stops at the
 * first failing step.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { abiDrift } from "./check-abi.ts";
import { untestedHandlers } from "./check-handlers.ts";
import { runGraph } from "./lib/graphCli.ts";
import { SUBGRAPH_ROOT } from "./lib/paths.ts";
import { renderManifest, renderTemplate, type NetworkConfig } from "./render-manifest.ts";
import { runAll } from "./run-matchstick.ts";
import { validateQueries } from "./validate-queries.ts";

function testFiles(): string[] {
  return ["EncoreHub", "EncoreShares", "RevenueOracle", "ComplianceRegistry", "EncoreAutomation", "utils"].map((name) =>
    join(SUBGRAPH_ROOT, "tests", `${name}.test.ts`),
  );
}

const steps: [string, () => string | Promise<string>][] = [
  ["render localhost manifest", () => `addresses from ${renderManifest("localhost")}`],
  [
    "render base-sepolia template",
    () => {
      const config = JSON.parse(
        readFileSync(join(SUBGRAPH_ROOT, "config", "base-sepolia.json"), "utf8"),
      ) as NetworkConfig;
      renderTemplate(readFileSync(join(SUBGRAPH_ROOT, "subgraph.template.yaml"), "utf8"), config, true);
      return "config/base-sepolia.json fills every placeholder";
    },
  ],
  ["graph codegen", () => runGraph(["codegen"])],
  ["graph build", () => runGraph(["build"])],
  [
    "matchstick tests",
    async () => {
      const failures = await runAll(testFiles());
      if (failures > 0) throw new Error(`${failures} matchstick failures`);
      return "all passed";
    },
  ],
  [
    "handler coverage",
    () => {
      const { untested, checked } = untestedHandlers();
      if (untested.length > 0) throw new Error(`handlers without a test: ${untested.join(", ")}`);
      return `all ${checked} handlers are called by a test`;
    },
  ],
  [
    "ABI drift",
    () => {
      const drift = abiDrift();
      const problems = [
        ...drift.unknown.map((l) => `not in the ABI: ${l}`),
        ...drift.unhandled.map((l) => `no handler: ${l}`),
      ];
      if (problems.length > 0) throw new Error(problems.join("\n"));
      return `${drift.checked} handled events match the ABIs; every ABI event is handled`;
    },
  ],
  [
    "dApp queries",
    () => {
      const { errors, summary } = validateQueries();
      if (errors.length > 0) throw new Error(errors.join("\n"));
      return summary;
    },
  ],
];

const started = performance.now();
for (const [name, step] of steps) {
  const t0 = performance.now();
  try {
    const result = await step();
    console.log(`✔ ${name}: ${result} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(`✘ ${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
console.log(`subgraph tests passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
