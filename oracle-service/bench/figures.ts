/**
 * The service's benchmark figures and how they join the protocol's gas figures in `bench/results/gas.json` (the
 * one results file `npm run bench` writes).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { REPOSITORY_ROOT } from "../src/config.ts";

/** One measured figure of the service. */
export interface ServiceFigure {
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with (a baseline name, or "absolute"). */
  baseline: string;
  target: number;
  /** True: the value must be at least `target`; false: at most. */
  atLeast: boolean;
}

/** The shared results file. */
export const RESULTS_FILE = join(REPOSITORY_ROOT, "bench", "results", "gas.json");

/** Whether `figure` meets its target. */
export function passes(figure: ServiceFigure): boolean {
  return figure.atLeast ? figure.value >= figure.target : figure.value <= figure.target;
}

/**
 * Writes `figures` into the results file, replacing earlier service figures of the same names and keeping the
 * protocol's gas figures.
 */
export function writeFigures(figures: readonly ServiceFigure[]): void {
  const existing: { name: string }[] = existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as { name: string }[])
    : [];
  const names = new Set(figures.map((figure) => figure.name));
  const rows = [
    ...existing.filter((row) => !names.has(row.name)),
    ...figures.map((figure) => ({
      name: figure.name,
      value: figure.value,
      unit: figure.unit,
      baseline: figure.baseline,
      ratio: figure.unit === "ratio" ? figure.value : null,
      target: figure.target,
      targetIs: figure.atLeast ? "at least" : "at most",
      pass: passes(figure),
    })),
  ];
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(rows, null, 2)}\n`);
}

/** Prints `figures` as a table. */
export function printFigures(title: string, figures: readonly ServiceFigure[]): void {
  console.log(title);
  console.table(
    figures.map((figure) => ({
      figure: figure.name,
      value: figure.value,
      unit: figure.unit,
      target: `${figure.atLeast ? ">=" : "<="} ${figure.target}`,
      pass: passes(figure),
    })),
  );
}
