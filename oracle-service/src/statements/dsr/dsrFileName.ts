/**
 * DSR file names: `DSR_<Sender>_<Recipient>_<Service>_<Period>_<Territory>_<x>of<y>_<timestamp>.tsv` (or `.tsv.gz`),
 * e.g. `DSR_PADPIDA2014120301U_PADPIDA2010081202X_Spotify_2026-03_US_1of2_20260405T101500Z.tsv.gz`.
 */
import { basename } from "node:path";

import { StatementError } from "../statementError.ts";

/** The parts of a DSR file name. */
export interface DsrFileName {
  /** The base name itself. */
  file: string;
  sender: string;
  recipient: string;
  service: string;
  period: string;
  territory: string;
  /** This file's number, 1-based. */
  part: number;
  /** How many files the report has. */
  parts: number;
  timestamp: string;
}

const DSR_FILE_NAME = /^DSR_([^_]+)_([^_]+)_([^_]+)_([^_]+)_([^_]+)_(\d+)of(\d+)_([^_.]+)\.tsv(?:\.gz)?$/;

/**
 * Parses a DSR file name.
 *
 * @throws StatementError - field `file name` when the name does not follow the convention or `x of y` is impossible.
 */
export function parseDsrFileName(path: string): DsrFileName {
  const file = basename(path);
  const match = DSR_FILE_NAME.exec(file);
  if (match === null) {
    throw new StatementError(
      file,
      0,
      "file name",
      "does not follow the DSR naming convention; expected DSR_<Sender>_<Recipient>_<Service>_<Period>_<Territory>_<x>of<y>_<timestamp>.tsv or .tsv.gz",
    );
  }
  const [, sender, recipient, service, period, territory, part, parts, timestamp] = match;
  const name = { file, sender, recipient, service, period, territory, part: Number(part), parts: Number(parts) };
  if (name.part < 1 || name.parts < 1 || name.part > name.parts) {
    throw new StatementError(file, 0, "file name", `part ${part}of${parts} is impossible; expected 1 ≤ x ≤ y`);
  }
  return { ...name, timestamp };
}

/**
 * Orders the files of one report by part number and checks they are one complete report: the same sender,
 * recipient, service, period, territory and part count, each part exactly once.
 *
 * @throws StatementError - field `file name` naming the missing, repeated or foreign part.
 */
export function orderReportParts(paths: readonly string[]): { path: string; name: DsrFileName }[] {
  const parts = paths.map((path) => ({ path, name: parseDsrFileName(path) }));
  parts.sort((a, b) => a.name.part - b.name.part);
  const first = parts[0].name;
  const reportKey = (name: DsrFileName) =>
    [name.sender, name.recipient, name.service, name.period, name.territory, name.parts].join("_");
  for (const { name } of parts) {
    if (reportKey(name) !== reportKey(first)) {
      throw new StatementError(
        name.file,
        0,
        "file name",
        `belongs to a different report than ${first.file}; expected every part to share sender, recipient, service, period, territory and part count`,
      );
    }
  }
  for (let index = 1; index < parts.length; index++) {
    if (parts[index].name.part === parts[index - 1].name.part) {
      throw new StatementError(parts[index].name.file, 0, "file name", `part ${parts[index].name.part} is given twice`);
    }
  }
  for (let part = 1; part <= first.parts; part++) {
    if (parts[part - 1]?.name.part !== part) {
      throw new StatementError(
        first.file,
        0,
        "file name",
        `part ${part}of${first.parts} of this report is missing; expected all ${first.parts} files of the report`,
      );
    }
  }
  return parts;
}
