/** `encore accounts add`: several accounts in one run (all or none), a bad option named with exit code 2. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { findAccountByAddress } from "../../src/accounts/accounts.ts";
import { addAccountsCommand } from "../../src/cli/commands/accountsAdd.ts";
import type { Database } from "../../src/db/database.ts";
import { openTestDatabase } from "../support/databases.ts";

const A = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const B = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

describe("encore accounts add", () => {
  let db: Database;
  before(async () => {
    db = await openTestDatabase("pglite");
  });
  after(async () => db.close());

  const run = async (args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await addAccountsCommand(args, {
      db,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  };

  it("refuses bad options by name and writes nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["remove", "--wallet", A], /the action must be add/],
      [["add"], /--wallet is required/],
      [["add", "--wallet", "0x12"], /--wallet "0x12" is not a 0x address/],
      [["add", "--wallet", A, "--wallet", B, "--email", "a@x.test"], /--email must be given once per --wallet \(2\)/],
      [["add", "--wallet", A, "--locale", "de"], /--locale must be one of en, fr, ko, es, pt/],
      [["add", "--wallet", A, "--phone", "0612"], /--phone must be an E\.164 number/],
      [["add", "--wallet", A, "--wallet", B, "--email", "a@x.test", "--email", "nope"], /--email "nope"/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      assert.equal(result.code, 2, args.join(" "));
      assert.match(result.stderr, message);
    }
    assert.equal(await findAccountByAddress(db, A), undefined);
  });

  it("creates several accounts and leaves an existing wallet alone", async () => {
    const result = await run([
      "add",
      "--wallet",
      A,
      "--email",
      "a@x.test",
      "--locale",
      "ko",
      "--wallet",
      B,
      "--email",
      "b@x.test",
      "--locale",
      "pt",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await findAccountByAddress(db, A))?.locale, "ko");
    assert.equal((await findAccountByAddress(db, B))?.email, "b@x.test");
    const again = await run(["add", "--wallet", A]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already has wallet/);
  });
});
