/**
 * `encore accounts add --wallet 0x… [--email …] [--phone +…] [--locale fr] [--kind fan]`: creates an account on this
 * instance's database, e.g. the local platform's demo fans (so they receive notifications). Accounts of real users
 * are created by Sign-In with Ethereum; this command is for operators and local set-ups.
 */
import { parseArgs } from "node:util";
import { isAddress } from "viem";

import {
  createAccount,
  findAccountByAddress,
  LOCALES,
  type AccountKind,
  type Locale,
} from "../../accounts/accounts.ts";
import type { Database } from "../../db/database.ts";

const USAGE = `Usage: encore accounts add --wallet 0x… [--email a@b] [--phone +33…] [--locale ${LOCALES.join("|")}]
                           [--kind fan|artist|label|operator]
  Creates an account (an existing wallet is left as it is).
`;
const KINDS: readonly AccountKind[] = ["fan", "artist", "label", "operator"];

/**
 * Runs `encore accounts …`.
 *
 * @returns The exit code: 0 done, 2 usage error naming the option.
 */
export async function accountsCommand(
  args: string[],
  context: { db: Database; stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } },
): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      wallet: { type: "string" },
      email: { type: "string" },
      phone: { type: "string" },
      locale: { type: "string" },
      kind: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    context.stdout.write(USAGE);
    return 0;
  }
  const problem =
    action !== "add"
      ? "the action must be add"
      : values.wallet === undefined || !isAddress(values.wallet)
        ? "--wallet must be a 0x address"
        : values.email !== undefined && !/^[^\s@,<>]+@[^\s@,<>]+$/.test(values.email)
          ? "--email is not an email address"
          : values.phone !== undefined && !/^\+[1-9][0-9]{6,14}$/.test(values.phone)
            ? "--phone must be an E.164 number (+ and 7-15 digits)"
            : values.locale !== undefined && !LOCALES.includes(values.locale as Locale)
              ? `--locale must be one of ${LOCALES.join(", ")}`
              : values.kind !== undefined && !KINDS.includes(values.kind as AccountKind)
                ? `--kind must be one of ${KINDS.join(", ")}`
                : undefined;
  if (problem !== undefined) {
    context.stderr.write(`encore accounts: ${problem}\n${USAGE}`);
    return 2;
  }
  const wallet = values.wallet as `0x${string}`;
  const existing = await findAccountByAddress(context.db, wallet);
  if (existing !== undefined) {
    context.stdout.write(`account ${existing.publicId} already has wallet ${wallet}\n`);
    return 0;
  }
  const account = await createAccount(context.db, {
    kind: (values.kind as AccountKind | undefined) ?? "fan",
    wallet,
    email: values.email,
    phone: values.phone,
    locale: values.locale as Locale | undefined,
  });
  context.stdout.write(`account ${account.publicId} (${account.kind}, ${account.locale}) for ${wallet}\n`);
  return 0;
}
