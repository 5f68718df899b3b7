/**
 * `encore reports`: build a campaign's report from the imported statements, sign it with this operator's key (and
 * send the signature to the peers), submit it once the threshold of signatures is held (pulling the peers' first).
 *
 *   encore reports build --campaign <id> --from <date|unix> --to <date|unix>
 *   encore reports sign <reportId>
 *   encore reports submit <reportId>
 *
 * Exit codes: 0 done, 1 refused or failed (the message says why), 2 usage.
 */
import { parseArgs } from "node:util";

import type { ServiceContext } from "../../api/context.ts";
import { buildReport } from "../../reports/buildReport.ts";
import { parseTime } from "../../reports/period.ts";
import type { PeerLogger } from "../../reports/peers.ts";
import { getReport, type StoredReport } from "../../reports/reportStore.ts";
import { pullSignatures, pushSignature, signReport } from "../../reports/signReport.ts";
import { submitReport } from "../../reports/submitReport.ts";
import { commandFailure } from "./commandFailure.ts";

/** What the command needs: the service context and where to write. */
export type ReportsCommandContext = ServiceContext & {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
};

const USAGE = `Usage:
  encore reports build --campaign <id> --from <date|unix> --to <date|unix>
      Build the report of a campaign over [from, to) from the imported statements (dates are UTC midnights).
  encore reports sign <reportId>
      Sign a built report with this operator's key and send the signature to the peers (ENCORE_PEERS).
  encore reports submit <reportId>
      Fetch the peers' signatures; queue the on-chain submission once the oracle's threshold is held.
`;

/** Runs `encore reports …`; returns the exit code. */
export async function reportsCommand(args: string[], context: ReportsCommandContext): Promise<number> {
  const [action, ...rest] = args;
  const out = (line: string) => context.stdout.write(`${line}\n`);
  const logger: PeerLogger = {
    info: () => undefined,
    warn: (details, message) => context.stderr.write(`${message}: ${JSON.stringify(details)}\n`),
  };
  try {
    switch (action) {
      case "build": {
        const { values } = parseArgs({
          args: rest,
          options: { campaign: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
        });
        if (values.campaign === undefined || values.from === undefined || values.to === undefined) {
          return usage(context, "build needs --campaign, --from and --to");
        }
        if (!/^[0-9]{1,15}$/.test(values.campaign))
          return usage(context, `--campaign "${values.campaign}" is not an id`);
        const { report, created, treeMs } = await buildReport(context, {
          campaignId: BigInt(values.campaign),
          periodStart: parseTime(values.from, "--from"),
          periodEnd: parseTime(values.to, "--to"),
        });
        out(`${created ? "built" : "already built"} ${describe(report)}`);
        out(
          `  Merkle tree of ${report.leafCount} lines in ${treeMs.toFixed(0)} ms; sign it: encore reports sign ${report.id}`,
        );
        return 0;
      }
      case "sign": {
        const reportId = idArgument(rest);
        if (reportId === undefined) return usage(context, "sign needs one report id");
        const { report, signature } = await signReport(context, reportId);
        out(`signed ${describe(report)} as ${signature.signer}`);
        const outcomes = await pushSignature(context, report.digest, signature, { attempts: 3, logger });
        for (const outcome of outcomes) {
          out(
            `  ${outcome.peer}: ${outcome.ok ? "received" : `not reached (${outcome.error ?? "no answer"}); the exchange retries`}`,
          );
        }
        return 0;
      }
      case "submit": {
        const reportId = idArgument(rest);
        if (reportId === undefined) return usage(context, "submit needs one report id");
        const report = await getReport(context.db, reportId);
        const added = await pullSignatures(context, report.digest, logger);
        if (added > 0) out(`fetched ${added} new signature(s) from peers`);
        const result = await submitReport(context, reportId);
        if (result.state === "waiting") {
          out(
            `${describe(result.report)}: ${result.signatures} of ${result.threshold} signatures, ${result.missing} missing`,
          );
          return 1;
        }
        out(
          result.state === "queued"
            ? `queued the submission of ${describe(result.report)}${result.outboxId === undefined ? "" : ` (outbox #${result.outboxId})`}`
            : `${describe(result.report)} is on chain as report #${result.report.onchainReportId}`,
        );
        return 0;
      }
      case "--help":
      case "-h":
      case "help":
        context.stdout.write(USAGE);
        return 0;
      default:
        return usage(context, action === undefined ? "which action?" : `unknown action "${action}"`);
    }
  } catch (error) {
    return commandFailure(error, {
      command: `encore reports ${action}`,
      stderr: context.stderr,
      usage: (problem) => usage(context, problem),
    });
  }
}

function idArgument(rest: string[]): bigint | undefined {
  return rest.length === 1 && /^[0-9]{1,15}$/.test(rest[0]) ? BigInt(rest[0]) : undefined;
}

function describe(report: StoredReport): string {
  const from = new Date(Number(report.periodStart) * 1000).toISOString();
  const to = new Date(Number(report.periodEnd) * 1000).toISOString();
  return (
    `report ${report.id} (campaign ${report.campaignId}, sequence ${report.sequence}, ${from} → ${to}, ` +
    `gross ${report.grossRevenue} units, root ${report.statementRoot}, digest ${report.digest}, ${report.status})`
  );
}

function usage(context: ReportsCommandContext, problem: string): number {
  context.stderr.write(`encore reports: ${problem}\n\n${USAGE}`);
  return 2;
}
