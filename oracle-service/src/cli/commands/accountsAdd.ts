/**
 * `encore accounts add --wallet 0x… [--email …] [--phone +…] [--locale fr] [--kind fan] [--wallet …]`: creates
 * accounts on this instance's database, e.g. the local platform's demo fans (so they receive notifications). Accounts of real users
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

/** Usage text of `encore accounts add`. */
export const ADD_USAGE = `Usage: encore accounts add --wallet 0x… [--email a@b] [--phone +33…] [--locale ${LOCALES.join("|")}]
                           [--kind fan|artist|label|operator] [--wallet 0x… …]
  Creates accounts, all or none (an existing wallet is left as it is). Repeat the options for several accounts:
  each of --email, --phone, --locale, --kind is given once per --wallet, or not at all.
`;
const KINDS: readonly AccountKind[] = ["fan", "artist", "label", "operator"];

/**
 * Runs `encore accounts add …` (`args` after "accounts"; the first is "add").
 *
 * @returns The exit code: 0 done, 2 usage error naming the option.
 */
export async function addAccountsCommand(
  args: string[],
  context: { db: Database; stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } },
): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      wallet: { type: "string", multiple: true },
      email: { type: "string", multiple: true },
      phone: { type: "string", multiple: true },
      locale: { type: "string", multiple: true },
      kind: { type: "string", multiple: true },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    context.stdout.write(ADD_USAGE);
    return 0;
  }
  const wallets = values.wallet ?? [];
  const fail = (problem: string) => {
    context.stderr.write(`encore accounts: ${problem}\n${ADD_USAGE}`);
    return 2;
  };
  if (action !== "add") return fail("the action must be add");
  if (wallets.length === 0) return fail("--wallet is required");
  for (const name of ["email", "phone", "locale", "kind"] as const) {
    const given = values[name]?.length ?? 0;
    if (given !== 0 && given !== wallets.length) {
      return fail(`--${name} must be given once per --wallet (${wallets.length}) or not at all, not ${given} times`);
    }
  }
  const accounts = wallets.map((wallet, index) => ({
    wallet,
    email: values.email?.[index],
    phone: values.phone?.[index],
    locale: values.locale?.[index],
    kind: values.kind?.[index],
  }));
  for (const account of accounts) {
    const problem = !isAddress(account.wallet)
      ? `--wallet "${account.wallet}" is not a 0x address`
      : account.email !== undefined && !/^[^\s@,<>]+@[^\s@,<>]+$/.test(account.email)
        ? `--email "${account.email}" is not an email address`
        : account.phone !== undefined && !/^\+[1-9][0-9]{6,14}$/.test(account.phone)
          ? "--phone must be an E.164 number (+ and 7-15 digits)"
          : account.locale !== undefined && !LOCALES.includes(account.locale as Locale)
            ? `--locale must be one of ${LOCALES.join(", ")}`
            : account.kind !== undefined && !KINDS.includes(account.kind as AccountKind)
              ? `--kind must be one of ${KINDS.join(", ")}`
              : undefined;
    if (problem !== undefined) return fail(problem);
  }
  await context.db.transaction(async (tx) => {
    for (const account of accounts) {
      const wallet = account.wallet as `0x${string}`;
      const existing = await findAccountByAddress(tx, wallet);
      if (existing !== undefined) {
        context.stdout.write(`account ${existing.publicId} already has wallet ${wallet}\n`);
        continue;
      }
      const created = await createAccount(tx, {
        kind: (account.kind as AccountKind | undefined) ?? "fan",
        wallet,
        email: account.email,
        phone: account.phone,
        locale: account.locale as Locale | undefined,
      });
      context.stdout.write(`account ${created.publicId} (${created.kind}, ${created.locale}) for ${wallet}\n`);
    }
  });
  return 0;
}
