/**
 * Operator accounts: created only by an operator — `encore accounts create-operator <wallet>` or
 * `POST /v1/operator/accounts` with an API key or an operator session — never by self sign-up (sign-in refuses the
 * "operator" profile). The operator then signs in with that wallet like anyone else and gets operator sessions.
 */
import { isAddress } from "viem";

import type { Database } from "../db/database.ts";
import { RequestError } from "../reports/requestError.ts";
import { createAccount, findAccountByAddress, type Account } from "./accounts.ts";

/**
 * Creates the operator account of `wallet` (idempotent: an existing operator account is returned as is).
 *
 * @param actor - Who creates it, for the audit log ("cli:accounts", "apikey:<name>", "account:acct_…").
 * @returns The account and whether this call created it.
 * @throws {RequestError} 400 when `wallet` is not an address; 409 when the wallet already has a non-operator
 *   account (an operator wallet is kept apart from fan, artist and label accounts).
 */
export async function createOperatorAccount(
  db: Database,
  wallet: string,
  actor: string,
): Promise<{ account: Account; created: boolean }> {
  if (!isAddress(wallet, { strict: false })) {
    throw new RequestError(400, "InvalidWallet", `wallet: "${wallet}" is not an address`);
  }
  return db.transaction(async (tx) => {
    const existing = await findAccountByAddress(tx, wallet);
    if (existing !== undefined) {
      if (existing.kind === "operator" && existing.erasedAt === undefined) return { account: existing, created: false };
      throw new RequestError(
        409,
        "WalletInUse",
        `wallet: ${wallet} already belongs to a ${existing.erasedAt === undefined ? existing.kind : "erased"} account`,
      );
    }
    const account = await createAccount(tx, { kind: "operator", wallet: wallet }, actor);
    return { account, created: true };
  });
}
