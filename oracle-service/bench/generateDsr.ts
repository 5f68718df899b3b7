/**
 * Writes a large, valid DDEX DSR Basic Audio report for benchmarks: HEAD, ten SY01 summaries (one per territory),
 * then blocks of one AS01 resource and nine SU02 streaming lines, then a FOOT whose counts and the summaries' totals
 * match. Written as a stream (constant memory); amounts come from a fixed-seed generator, so a given size always gives
 * the same bytes.
 *
 * Standalone: `node oracle-service/bench/generateDsr.ts --lines 1000000 --out /tmp/dsr`.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

/** Territories of the summaries; SU02 line `i` of a block belongs to summary `i`. */
const TERRITORIES = ["US", "GB", "DE", "FR", "JP", "BR", "SE", "NL", "ES", "IT"];
/** Revenue lines per block (one AS01 plus these make a block). */
const LINES_PER_BLOCK = 9;

/** The generated report. */
export interface GeneratedDsr {
  path: string;
  /** Physical lines in the file. */
  fileLines: number;
  /** Revenue (SU02) lines. */
  revenueLines: number;
  /** Distinct ISRCs (one per block). */
  recordings: number;
}

/** A small deterministic pseudo-random generator (mulberry32). */
function randomCents(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % 5000;
  };
}

function cents(value: bigint): string {
  const text = value.toString().padStart(3, "0");
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/**
 * Writes a report of about `lines` physical lines into `dir`.
 *
 * @returns Where it is and what it holds.
 */
export async function generateDsr(dir: string, lines: number): Promise<GeneratedDsr> {
  const blocks = Math.max(1, Math.round((lines - TERRITORIES.length - 2) / (LINES_PER_BLOCK + 1)));
  const path = join(dir, "DSR_PADPIDBENCH01_PADPIDENCORE01_BenchService_2026-03_Worldwide_1of1_20260405T000000Z.tsv");
  const totals = TERRITORIES.map(() => 0n);
  const usages = TERRITORIES.map(() => 0);
  const next = randomCents(20260405);
  // First pass: the summary totals (the SY records come before the lines they add up).
  for (let block = 0; block < blocks; block++) {
    for (let index = 0; index < LINES_PER_BLOCK; index++) {
      totals[index] += BigInt(next());
      usages[index] += 100 + index;
    }
  }
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buffered = "";
  const write = async (text: string) => {
    buffered += text;
    if (buffered.length < 1 << 20) return;
    if (!out.write(buffered)) await once(out, "drain");
    buffered = "";
  };
  await write(
    "HEAD\tdsrf/1.1.2/1.6/1.0\tBasicAudioProfile\t1.3\tBENCH-0001\t2026-04-05T00:00:00Z\t1\t1\t2026-03-01\t2026-03-31\t" +
      "PADPIDBENCH01\tBenchService\tBenchService\tPADPIDENCORE01\tEncore Records\n",
  );
  for (const [index, territory] of TERRITORIES.entries()) {
    await write(
      `SY01\tS${index}\t\t\tSubscriptionModel\tOnDemandStream\t${territory}\tPremium\t${usages[index]}\t\tUSD\t${cents(totals[index])}\n`,
    );
  }
  const again = randomCents(20260405);
  for (let block = 0; block < blocks; block++) {
    const isrc = `QZE${String(Math.floor(block / 100_000)).padStart(2, "0")}26${String(block % 100_000).padStart(5, "0")}`;
    await write(
      `AS01\tB${block}\tA1\tDSP-${block}\t${isrc}\tTrack ${block}\t\tArtist ${block % 977}\t\tPT3M30S\tSoundRecording\n`,
    );
    for (let index = 0; index < LINES_PER_BLOCK; index++) {
      await write(
        `SU02\tB${block}\tS${index}\tT${block}-${index}\t\tA1\ttrue\t${100 + index}\t${cents(BigInt(again()))}\n`,
      );
    }
  }
  const fileLines = 1 + TERRITORIES.length + blocks * (LINES_PER_BLOCK + 1) + 1;
  await write(`FOOT\t${fileLines}\t${fileLines}\t${TERRITORIES.length}\t${blocks}\t${blocks}\n`);
  out.end(buffered);
  await once(out, "finish");
  return { path, fileLines, revenueLines: blocks * LINES_PER_BLOCK, recordings: blocks };
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({
    options: { lines: { type: "string", default: "1000000" }, out: { type: "string", default: "." } },
  });
  const generated = await generateDsr(values.out, Number(values.lines));
  process.stdout.write(`${JSON.stringify(generated)}\n`);
}
