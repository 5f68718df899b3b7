/**
 * `node scripts/run-matchstick.ts [file.test.ts …]`: compiles the matchstick tests (`tests/*.test.ts`) with the
 * AssemblyScript compiler graph-cli pins, as `graph test` would, and runs them with the runner in
 * `scripts/matchstick/` (no matchstick binary, no Docker). Exits 1 when a test fails, a file registers no test,
 * a compilation fails or a module imports a host function the runner does not implement.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { BUILD_DIR, REPO_ROOT, SUBGRAPH_ROOT } from "./lib/paths.ts";
import { runTestModule, type TestResult } from "./matchstick/runner.ts";
import { SchemaRules } from "./matchstick/schema.ts";

interface Asc {
  ready: Promise<void>;
  main(
    argv: string[],
    options: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
    callback: (error: Error | null) => number,
  ): number;
}

/** The AssemblyScript compiler graph-cli depends on (0.19.x, hoisted to the repository's node_modules). */
const asc = createRequire(import.meta.url)(join(REPO_ROOT, "node_modules", "assemblyscript", "cli", "asc.js")) as Asc;

/**
 * Compiles one test file to `build/tests/<name>.wasm` with graph-cli's flags plus `--exportTable` (the runner
 * calls tests through the table).
 *
 * @returns The wasm path.
 * @throws When the compiler reports errors.
 */
export async function compileTest(file: string): Promise<string> {
  await asc.ready;
  const outDir = join(BUILD_DIR, "tests");
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `${basename(file, ".ts")}.wasm`);
  const nodeModules = join(REPO_ROOT, "node_modules");
  const argv = [
    "--explicitStart",
    "--exportRuntime",
    "--exportTable",
    "--runtime",
    "stub",
    relative(SUBGRAPH_ROOT, file),
    relative(SUBGRAPH_ROOT, join(nodeModules, "@graphprotocol", "graph-ts", "global", "global.ts")),
    "--baseDir",
    SUBGRAPH_ROOT,
    "--lib",
    nodeModules,
    "--outFile",
    outFile,
    "--debug",
  ];
  let failure: Error | null = null;
  const status = asc.main(argv, { stdout: process.stdout, stderr: process.stderr }, (error) => {
    failure = error;
    return 0;
  });
  if (failure !== null || status !== 0) throw new Error(`compilation of ${relative(SUBGRAPH_ROOT, file)} failed`);
  return outFile;
}

/** Test files to run: the arguments, or every `tests/*.test.ts`. */
function testFiles(args: string[]): string[] {
  if (args.length > 0) return args.map((a) => join(process.cwd(), a));
  const dir = join(SUBGRAPH_ROOT, "tests");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".test.ts"))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Compiles and runs the test files; prints one line per test and a summary.
 *
 * @returns Number of failures (failed tests, empty files, compile or load errors).
 */
export async function runAll(files: string[]): Promise<number> {
  const schema = new SchemaRules(join(SUBGRAPH_ROOT, "schema.graphql"));
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const name = relative(SUBGRAPH_ROOT, file);
    let results: TestResult[];
    try {
      results = await runTestModule(readFileSync(await compileTest(file)), schema);
    } catch (error) {
      console.error(`✘ ${name}: ${error instanceof Error ? error.message : String(error)}`);
      failed++;
      continue;
    }
    if (results.length === 0) {
      console.error(`✘ ${name}: no tests registered`);
      failed++;
    }
    console.log(`${name}`);
    for (const result of results) {
      if (result.passed) {
        passed++;
        console.log(`  ✔ ${result.name}`);
      } else {
        failed++;
        console.log(`  ✘ ${result.name}`);
        for (const line of result.details) console.log(`      ${line}`);
      }
    }
  }
  console.log(`matchstick: ${passed} passed, ${failed} failed (${files.length} files)`);
  return failed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const failures = await runAll(testFiles(process.argv.slice(2)));
  process.exitCode = failures === 0 ? 0 : 1;
}
