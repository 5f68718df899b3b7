/**
 * `npm run bench`: measures protocol.md's gas figures against baselines deployed in the same run, and the revenue
 * oracle's figures (`submitReport`, `settle`, `enforce`, `performUpkeep`) and the compliance overhead on `invest`,
 * prints a table,
 * and writes `bench/results/gas.json` (`[{name, value, unit, baseline, ratio, target, pass}]`).
 *
 * Flags:
 * - `--check` (used by `npm test`): also compares every measurement with the committed snapshot
 *   `bench/gas-snapshot.json` and exits 1 when one is more than 2 % worse, or when a target is missed.
 * - `--update-snapshot`: rewrites the snapshot with the fresh measurements (commit it to accept a change).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import hre from "hardhat";

import { complianceFiguresFrom, measureCompliance } from "./complianceScenarios.ts";
import { oracleFiguresFrom, measureOracle } from "./oracleScenarios.ts";
import { figuresFrom, measureAll, type Measurement } from "./scenarios.ts";

const SNAPSHOT_FILE = "bench/gas-snapshot.json";
const RESULTS_FILE = "bench/results/gas.json";
/** A measurement may be at most this much worse than the snapshot before `--check` fails. */
const TOLERANCE = 0.02;

/** Snapshot file content: named gas figures, sorted by name. */
type Snapshot = Record<string, number>;

function readSnapshot(): Snapshot {
  if (!existsSync(SNAPSHOT_FILE)) throw new Error(`${SNAPSHOT_FILE} is missing: run \`npm run bench:update\``);
  const parsed: unknown = JSON.parse(readFileSync(SNAPSHOT_FILE, "utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new Error(`${SNAPSHOT_FILE}: expected an object`);
  const snapshot: Snapshot = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== "number") throw new Error(`${SNAPSHOT_FILE}: "${name}" must be a number of gas`);
    snapshot[name] = value;
  }
  return snapshot;
}

/** Problems found comparing fresh measurements with the snapshot (empty when all are within tolerance). */
export function compareWithSnapshot(measurements: Measurement[], snapshot: Snapshot): string[] {
  const problems: string[] = [];
  for (const { name, gas } of measurements) {
    const expected = snapshot[name];
    if (expected === undefined) {
      problems.push(`"${name}" has no snapshot entry (run \`npm run bench:update\` and commit the snapshot)`);
    } else if (Number(gas) > expected * (1 + TOLERANCE)) {
      const worse = ((Number(gas) / expected - 1) * 100).toFixed(2);
      problems.push(`"${name}": ${gas} gas is ${worse} % worse than the snapshot's ${expected}`);
    }
  }
  for (const name of Object.keys(snapshot)) {
    if (!measurements.some((m) => m.name === name)) problems.push(`snapshot entry "${name}" was not measured`);
  }
  return problems;
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  const { ethers, networkHelpers } = await hre.network.create();

  const measurements = [
    ...(await measureAll(ethers, networkHelpers)),
    ...(await measureOracle(ethers, networkHelpers)),
    ...(await measureCompliance(ethers, networkHelpers)),
  ];
  const figures = [
    ...figuresFrom(measurements),
    ...oracleFiguresFrom(measurements),
    ...complianceFiguresFrom(measurements),
  ].map((f) => ({
    name: f.name,
    value: f.unit === "ratio" ? Number(f.value.toFixed(4)) : f.value,
    unit: f.unit,
    baseline: f.baseline,
    ratio: f.unit === "ratio" ? Number(f.value.toFixed(4)) : null,
    target: f.target,
    pass: f.value <= f.target,
  }));

  console.log("\nGas measurements (receipt gasUsed, optimizer on, local EVM):");
  console.table(measurements.map((m) => ({ name: m.name, gas: Number(m.gas) })));
  console.log("Figures of protocol.md:");
  console.table(
    figures.map((f) => ({ figure: f.name, value: f.value, unit: f.unit, target: `<= ${f.target}`, pass: f.pass })),
  );

  mkdirSync("bench/results", { recursive: true });
  writeFileSync(RESULTS_FILE, JSON.stringify(figures, null, 2) + "\n");
  console.log(`Wrote ${RESULTS_FILE}`);

  if (args.has("--update-snapshot")) {
    const snapshot = Object.fromEntries(
      [...measurements].sort((a, b) => a.name.localeCompare(b.name)).map((m) => [m.name, Number(m.gas)]),
    );
    writeFileSync(SNAPSHOT_FILE, JSON.stringify(snapshot, null, 2) + "\n");
    console.log(`Updated ${SNAPSHOT_FILE}: commit it to accept these figures.`);
  }

  if (args.has("--check")) {
    const problems = compareWithSnapshot(measurements, readSnapshot());
    for (const f of figures)
      if (!f.pass) problems.push(`target missed: ${f.name} = ${f.value} (target <= ${f.target})`);
    if (problems.length > 0) {
      console.error("\nGas check failed:\n" + problems.map((p) => `  - ${p}`).join("\n"));
      process.exitCode = 1;
      return;
    }
    console.log(`Gas check passed: ${measurements.length} figures within ${TOLERANCE * 100} % of ${SNAPSHOT_FILE}.`);
  }
}

await main();
