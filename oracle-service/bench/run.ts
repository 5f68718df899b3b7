/**
 * The oracle service's part of `npm run bench`: statement import throughput and memory against csv-parse
 * (statementsBench.ts) and read-API latency (apiBench.ts). Prints the figures and adds them to
 * `bench/results/gas.json`, next to the protocol's gas figures. Exits 1 when a target is missed.
 *
 * Flags: `--lines N` (default 1,000,000) sets the size of the generated DSR file.
 */
import { parseArgs } from "node:util";

import { benchReadApi } from "./apiBench.ts";
import { passes, printFigures, writeFigures } from "./figures.ts";
import { benchStatementImport } from "./statementsBench.ts";

const { values } = parseArgs({ options: { lines: { type: "string", default: "1000000" } } });
const lines = Number(values.lines);
if (!Number.isInteger(lines) || lines < 1) throw new Error(`--lines must be a positive integer, got ${values.lines}`);

const figures = [...(await benchStatementImport({ lines })), ...(await benchReadApi())];
printFigures("Oracle service figures:", figures);
writeFigures(figures);
const missed = figures.filter((figure) => !passes(figure));
if (missed.length > 0) {
  console.error(
    `Targets missed: ${missed.map((figure) => `${figure.name} = ${figure.value} ${figure.unit}`).join("; ")}`,
  );
  process.exitCode = 1;
}
