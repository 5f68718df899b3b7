/**
 * `encore catalog`: register an ISRC → campaign claim signed with the artist's key, or list the catalog.
 *
 *   encore catalog register --isrc <ISRC> --campaign <id> --share-bps <1-10000> --key-env <VAR> [--valid-for <s>]
 *   encore catalog list [--campaign <id> | --isrc <ISRC>]
 *
 * The artist's private key is read from the environment variable named by `--key-env`, never from the command line
 * (which shell history and `ps` would show). Exit codes: 0 done, 1 refused or failed, 2 usage.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { privateKeyToAccount } from "viem/accounts";

import type { ServiceContext } from "../../api/context.ts";
import {
  catalogByCampaign,
  catalogByIsrc,
  listCatalog,
  pushCatalogEntry,
  registerCatalogEntry,
  type CatalogEntry,
} from "../../catalog/catalog.ts";
import { signCatalogEntry } from "../../catalog/catalogTypedData.ts";
import { normalizeIsrc } from "../../catalog/isrc.ts";
import { commandFailure } from "./commandFailure.ts";

/** What the command needs: the service context, the environment (for the artist key) and where to write. */
export type CatalogCommandContext = ServiceContext & {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where `--key-env` is looked up (default `process.env`). */
  env?: Record<string, string | undefined>;
};

const USAGE = `Usage:
  encore catalog register --isrc <ISRC> --campaign <id> --share-bps <1-10000> --key-env <VAR> [--valid-for <seconds>]
      Sign the claim with the artist's key (read from environment variable VAR) and register it here and at the peers.
  encore catalog list [--campaign <id> | --isrc <ISRC>]
`;

/** Runs `encore catalog …`; returns the exit code. */
export async function catalogCommand(args: string[], context: CatalogCommandContext): Promise<number> {
  const [action, ...rest] = args;
  const out = (line: string) => context.stdout.write(`${line}\n`);
  try {
    switch (action) {
      case "register": {
        const { values } = parseArgs({
          args: rest,
          options: {
            isrc: { type: "string" },
            campaign: { type: "string" },
            "share-bps": { type: "string" },
            "key-env": { type: "string" },
            "valid-for": { type: "string", default: "3600" },
          },
        });
        const { isrc, campaign } = values;
        const share = values["share-bps"];
        const keyEnv = values["key-env"];
        if (isrc === undefined || campaign === undefined || share === undefined || keyEnv === undefined) {
          return usage(context, "register needs --isrc, --campaign, --share-bps and --key-env");
        }
        if (!/^[0-9]{1,15}$/.test(campaign)) return usage(context, `--campaign "${campaign}" is not an id`);
        if (!/^[0-9]{1,5}$/.test(share)) return usage(context, `--share-bps "${share}" is not a number of bps`);
        if (!/^[0-9]{1,9}$/.test(values["valid-for"])) return usage(context, "--valid-for is a number of seconds");
        const key = (context.env ?? process.env)[keyEnv];
        if (key === undefined || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
          return usage(context, `environment variable ${keyEnv} does not hold a 0x-prefixed 32-byte private key`);
        }
        const artist = privateKeyToAccount(key as `0x${string}`);
        const message = {
          isrc: normalizeIsrc(isrc),
          campaignId: BigInt(campaign),
          shareBps: Number(share),
          nonce: BigInt(`0x${randomBytes(16).toString("hex")}`),
          deadline: BigInt(Math.floor(Date.now() / 1000)) + BigInt(values["valid-for"]),
        };
        const { chain } = context;
        const signature = await signCatalogEntry(artist, chain.chain.id, chain.deployment.EncoreHub, message);
        const entry = await registerCatalogEntry(context, { ...message, signature });
        out(`registered ${line(entry)}`);
        for (const outcome of await pushCatalogEntry(context, entry)) {
          out(`  ${outcome.peer}: ${outcome.ok ? "has it" : `not reached (${outcome.error ?? "no answer"})`}`);
        }
        return 0;
      }
      case "list": {
        const { values } = parseArgs({
          args: rest,
          options: { campaign: { type: "string" }, isrc: { type: "string" } },
        });
        if (values.campaign !== undefined && !/^[0-9]{1,15}$/.test(values.campaign)) {
          return usage(context, `--campaign "${values.campaign}" is not an id`);
        }
        const entries =
          values.campaign !== undefined
            ? await catalogByCampaign(context.db, BigInt(values.campaign))
            : values.isrc !== undefined
              ? await catalogByIsrc(context.db, normalizeIsrc(values.isrc))
              : await listCatalog(context.db);
        for (const entry of entries) out(line(entry));
        if (entries.length === 0) out("no catalog entries");
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
      command: `encore catalog ${action}`,
      stderr: context.stderr,
      usage: (problem) => usage(context, problem),
    });
  }
}

function line(entry: CatalogEntry): string {
  return `${entry.isrc} → campaign ${entry.campaignId}: ${entry.shareBps} bps (artist ${entry.artist})`;
}

function usage(context: CatalogCommandContext, problem: string): number {
  context.stderr.write(`encore catalog: ${problem}\n\n${USAGE}`);
  return 2;
}
