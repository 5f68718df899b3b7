/**
 * Benchmark of statement import. Generates DSR Basic Audio reports (not timed), then measures in the same run:
 *
 * - the baseline: csv-parse (`delimiter: "\t"`, `quote: false`, `relax_column_count: true`) merely parsing the file;
 * - the import end to end — parse, validate, store every line in Postgres (PGlite in a temporary data folder) and
 *   aggregate (statement totals, units per ISRC) — in a child process, which also reports its peak RSS
 *   (`process.resourceUsage().maxRSS`, the whole process: PGlite, the main thread and the parser worker). The timed
 *   part is `importStatement` (hash, parse and validate in the worker, COPY, duplicate check, totals); the peak RSS
 *   also covers opening the database.
 *
 * The import child opens an existing, migrated data folder (created by another child, not measured) exactly as
 * `encore statements import` does (`openDatabase` with `bulkImport`: small Postgres buffers, baseline-compiled
 * WebAssembly) and runs plain `node` (no heap flags); creating a PGlite database (initdb) alone peaks at ~700 MB,
 * which is set-up, not import.
 *
 * Standalone: `node oracle-service/bench/statementsBench.ts --lines 1000000` prints a table.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { parse } from "csv-parse";
import pg from "pg";

import { openDatabase } from "../src/db/open.ts";
import { importStatement } from "../src/statements/index.ts";
import type { ServiceFigure } from "./figures.ts";
import { generateDsr } from "./generateDsr.ts";

/** Node flags of the import child: none, as the `encore` CLI runs (no heap caps). */
const IMPORT_CHILD_NODE_FLAGS: string[] = [];

/** The `encore` command, run as a user runs it. */
const ENCORE_BIN = join(import.meta.dirname, "..", "bin", "encore.js");
/** Preload that reports a process's peak RSS when it exits. */
const REPORT_PEAK_RSS = join(import.meta.dirname, "reportPeakRss.ts");

/** Size of the second run, which shows that peak RSS does not grow with the file. */
const SMALL_RUN_LINES = 100_000;

/** What the import child reports. */
interface ImportRun {
  milliseconds: number;
  lines: number;
  recordings: number;
  maxRssMegabytes: number;
}

/** Options of {@link benchStatementImport}. */
export interface StatementBenchOptions {
  /** Physical lines of the large generated report (e.g. 1,000,000). */
  lines: number;
}

/**
 * Runs the benchmark.
 *
 * @returns Throughput ratio against csv-parse (target ≥ 3) and peak RSS of the import at both sizes (target < 256 MB).
 */
export async function benchStatementImport(options: StatementBenchOptions): Promise<ServiceFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "encore-statements-bench-"));
  try {
    const large = await generateDsr(mkdtempSync(join(dir, "large-")), options.lines);
    const small = await generateDsr(mkdtempSync(join(dir, "small-")), Math.min(SMALL_RUN_LINES, options.lines));
    const baseline = await csvParseLinesPerSecond(large.path);
    const largeRun = runImportChild(dir, large.path);
    const smallRun = runImportChild(dir, small.path);
    const cliRun = await runImportCli(dir, large.path);
    const importLinesPerSecond = (large.fileLines / largeRun.milliseconds) * 1000;
    const sizes = (lines: number) => `${lines.toLocaleString("en-US")} lines`;
    const serverUrl = process.env.ENCORE_BENCH_DATABASE_URL;
    const serverFigures: ServiceFigure[] = [];
    if (serverUrl !== undefined && serverUrl !== "") {
      const serverRun = await runServerImportChild(serverUrl, large.path);
      serverFigures.push(
        {
          name: "statements import throughput vs csv-parse (Postgres server)",
          value: round(((large.fileLines / serverRun.milliseconds) * 1000) / baseline, 2),
          unit: "×",
          baseline: "the same import into a Postgres server (ENCORE_BENCH_DATABASE_URL) instead of PGlite",
          target: 3,
          atLeast: true,
        },
        {
          name: `statements import peak RSS (Postgres server, ${sizes(large.fileLines)})`,
          value: serverRun.maxRssMegabytes,
          unit: "MB",
          baseline: "maxRSS of the import child when the database is a server (no PGlite in the process)",
          target: 256,
          atLeast: false,
        },
      );
    }
    return [
      {
        name: "csv-parse throughput (baseline)",
        value: Math.round(baseline),
        unit: "lines/s",
        baseline: `csv-parse parsing the ${sizes(large.fileLines)} DSR file, nothing else`,
        target: 0,
        atLeast: true,
      },
      {
        name: "statements import throughput",
        value: Math.round(importLinesPerSecond),
        unit: "lines/s",
        baseline: "parse + validate + store every line (PGlite, data folder) + aggregate per ISRC",
        target: Math.round(baseline * 3),
        atLeast: true,
      },
      {
        name: "statements import throughput vs csv-parse",
        value: round(importLinesPerSecond / baseline, 2),
        unit: "×",
        baseline: "csv-parse lines/s on the same file in the same run",
        target: 3,
        atLeast: true,
      },
      {
        name: `statements import peak RSS (${sizes(large.fileLines)})`,
        value: largeRun.maxRssMegabytes,
        unit: "MB",
        baseline: "maxRSS of the import child process (PGlite opened with small buffers)",
        target: 256,
        atLeast: false,
      },
      {
        name: `encore statements import peak RSS (CLI process, ${sizes(large.fileLines)})`,
        value: cliRun.maxRssMegabytes,
        unit: "MB",
        baseline: `maxRSS of the real command, ${(cliRun.milliseconds / 1000).toFixed(1)} s from start to exit`,
        target: 256,
        atLeast: false,
      },
      {
        name: `statements import peak RSS (${sizes(small.fileLines)})`,
        value: smallRun.maxRssMegabytes,
        unit: "MB",
        baseline: "the same, for a file a tenth of the size",
        target: 256,
        atLeast: false,
      },
      ...serverFigures,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

/** Records per second of csv-parse merely parsing `path`. */
async function csvParseLinesPerSecond(path: string): Promise<number> {
  const started = performance.now();
  let records = 0;
  const parser = createReadStream(path).pipe(parse({ delimiter: "\t", quote: false, relax_column_count: true }));
  for await (const record of parser) if (record) records++;
  return (records / (performance.now() - started)) * 1000;
}

/** Creates a migrated data folder, then imports `file` into it in a fresh child process. */
function runImportChild(dir: string, file: string): ImportRun {
  const dataDir = mkdtempSync(join(dir, "pgdata-"));
  const run = (nodeFlags: string[], ...args: string[]) =>
    execFileSync(process.execPath, [...nodeFlags, import.meta.filename, "--child", ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 20,
    });
  run([], "setup", "--data-dir", dataDir);
  const output = run(IMPORT_CHILD_NODE_FLAGS, "import", "--data-dir", dataDir, "--file", file);
  rmSync(dataDir, { recursive: true, force: true });
  return JSON.parse(output.trim().split("\n").at(-1)!) as ImportRun;
}

/**
 * Runs the real `encore statements import` on `file` against a migrated data folder, with a preload that reports the
 * process's peak RSS when it exits (reportPeakRss.ts). Time is from spawn to exit, opening the database included.
 */
async function runImportCli(dir: string, file: string): Promise<ImportRun> {
  const dataDir = mkdtempSync(join(dir, "pgdata-cli-"));
  execFileSync(process.execPath, [import.meta.filename, "--child", "setup", "--data-dir", dataDir], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--import",
      REPORT_PEAK_RSS,
      ENCORE_BIN,
      ...["statements", "import", "--format", "dsr", "--fx", "0.92", "--fx-source", "benchmark", file],
    ],
    {
      env: { ...process.env, ENCORE_DATA_DIR: dataDir, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "inherit", "pipe"],
    },
  );
  let output = "";
  let peak = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => (peak += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  rmSync(dataDir, { recursive: true, force: true });
  const lines = /^lines\s+([\d,]+)/m.exec(output)?.[1];
  if (code !== 0 || lines === undefined || !/^\d+\n$/.test(peak)) {
    throw new Error(`encore statements import exited with ${code}, peak RSS "${peak.trim()}":\n${output}`);
  }
  return {
    milliseconds: performance.now() - started,
    lines: Number(lines.replaceAll(",", "")),
    recordings: 0,
    maxRssMegabytes: Math.round(Number(peak) / 1024),
  };
}

/** Imports `file` in a child process into a fresh database created on the Postgres server at `adminUrl`. */
async function runServerImportChild(adminUrl: string, file: string): Promise<ImportRun> {
  const name = `encore_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const output = execFileSync(
      process.execPath,
      [
        ...IMPORT_CHILD_NODE_FLAGS,
        import.meta.filename,
        "--child",
        "import",
        "--database-url",
        url.toString(),
        "--file",
        file,
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 },
    );
    return JSON.parse(output.trim().split("\n").at(-1)!) as ImportRun;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

/** The import child: imports the file, aggregates per ISRC and prints an {@link ImportRun} as JSON. */
async function importChild(dataDir: string | undefined, file: string, databaseUrl?: string): Promise<void> {
  // Opened exactly as `encore statements import` opens it.
  const db = await openDatabase({ databaseUrl, dataDir }, { bulkImport: true });
  const started = performance.now();
  const imported = await importStatement(db, {
    files: [file],
    format: "dsr",
    fx: { rate: "0.92", source: "benchmark" },
    tokenDecimals: 6,
    totalsByIsrc: true,
  });
  const milliseconds = performance.now() - started;
  await db.close();
  const run: ImportRun = {
    milliseconds,
    lines: imported.lines,
    recordings: imported.unitsByIsrc!.size,
    maxRssMegabytes: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

function printTable(figures: ServiceFigure[]): void {
  const rows = figures.map((figure) => [
    figure.name,
    `${figure.value.toLocaleString("en-US")} ${figure.unit}`,
    figure.target === 0 ? "" : `${figure.atLeast ? "≥" : "<"} ${figure.target.toLocaleString("en-US")}`,
    figure.target === 0
      ? ""
      : (figure.atLeast ? figure.value >= figure.target : figure.value < figure.target)
        ? "met"
        : "MISSED",
  ]);
  const header = ["figure", "value", "target", ""];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  for (const row of [header, ...rows]) {
    process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column])).join("  ")}\n`);
  }
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      lines: { type: "string", default: "1000000" },
      child: { type: "string" },
      "data-dir": { type: "string" },
      file: { type: "string" },
      "database-url": { type: "string" },
    },
    allowPositionals: true,
  });
  if (values.child === "setup") {
    const db = await openDatabase({ dataDir: values["data-dir"] });
    await db.close();
  } else if (values.child === "import") {
    await importChild(values["data-dir"], values.file!, values["database-url"]);
  } else {
    printTable(await benchStatementImport({ lines: Number(values.lines) }));
  }
}
