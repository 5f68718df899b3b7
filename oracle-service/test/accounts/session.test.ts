/**
 * Sign-In with Ethereum over the real HTTP API, a real local chain (for viem's signature check) and a real database:
 * nonce → signed EIP-4361 message → bearer token → /v1/me; replayed nonce, other domain, other chain, expired
 * message, wrong signer, sign-out and erased accounts refused.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";

import { startLocalNode, type LocalNode } from "../../../scripts/lib/localNode.ts";
import { findFreePort } from "../../../scripts/lib/ports.ts";
import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import { authRoutes } from "../../src/api/routes/auth.ts";
import type { ChainContext } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { verifyAudit } from "../../src/audit/auditLog.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { devKey } from "../support/localChain.ts";

const DOMAIN = "encore.test";

for (const engine of TEST_ENGINES) {
  describe(`sign-in with Ethereum on ${engine}`, () => {
    let node: LocalNode;
    let dir: string;
    let db: Database;
    let app: App;
    let chainId: number;
    const fan = privateKeyToAccount(devKey(4));
    const stranger = privateKeyToAccount(devKey(5));

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "encore-siwe-"));
      node = await startLocalNode({ port: await findFreePort(21_000), logFile: join(dir, "node.log") });
      chainId = Number(node.chainId);
      db = await openTestDatabase(engine);
      const config = loadConfig({
        ENCORE_RPC_URL: node.url,
        ENCORE_OPERATOR_KEY: devKey(10),
        ENCORE_SIWE_DOMAIN: DOMAIN,
      });
      const publicClient = createPublicClient({ transport: http(node.url) });
      const chain = { publicClient, chain: { id: chainId } } as unknown as ChainContext;
      const context: ServiceContext = { config, db, chain };
      app = await buildApp(context, { routes: [authRoutes] });
    });

    after(async () => {
      await app.close();
      await db.close();
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    async function nonce(): Promise<string> {
      const response = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
      assert.equal(response.statusCode, 200);
      return response.json<{ nonce: string }>().nonce;
    }

    async function signedMessage(
      options: { domain?: string; chainId?: number; expirationTime?: Date; signer?: typeof fan; nonce?: string } = {},
    ) {
      const message = createSiweMessage({
        address: fan.address,
        chainId: options.chainId ?? chainId,
        domain: options.domain ?? DOMAIN,
        nonce: options.nonce ?? (await nonce()),
        uri: `https://${DOMAIN}/`,
        version: "1",
        expirationTime: options.expirationTime,
      });
      const signature = await (options.signer ?? fan).signMessage({ message });
      return { message, signature };
    }

    const signIn = (body: object) => app.inject({ method: "POST", url: "/v1/auth/sign-in", payload: body });

    it("signs in, reads /v1/me, refuses the replayed message and signs out", async () => {
      const body = await signedMessage();
      const response = await signIn({ ...body, profile: "artist" });
      assert.equal(response.statusCode, 200, response.body);
      const { token, account } = response.json<{ token: string; account: { kind: string; wallet: string } }>();
      assert.equal(account.kind, "artist");
      assert.equal(account.wallet, fan.address);

      const me = await app.inject({ method: "GET", url: "/v1/me", headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json<{ wallet: string }>().wallet, fan.address);

      const replay = await signIn(body);
      assert.equal(replay.statusCode, 401);
      assert.match(replay.body, /nonce is unknown, already used or expired/);

      const again = await signIn(await signedMessage());
      assert.equal(again.statusCode, 200);
      assert.equal(again.json<{ account: { kind: string } }>().account.kind, "artist", "same account, same kind");

      const out = await app.inject({
        method: "POST",
        url: "/v1/auth/sign-out",
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(out.statusCode, 204);
      const gone = await app.inject({ method: "GET", url: "/v1/me", headers: { authorization: `Bearer ${token}` } });
      assert.equal(gone.statusCode, 401);
      assert.equal((await verifyAudit(db)).ok, true);
    });

    it("refuses another domain, another chain, an expired message, a wrong signer and an unknown nonce", async () => {
      const cases: [object, RegExp][] = [
        [await signedMessage({ domain: "evil.example" }), /domain "evil.example" is not this service/],
        [await signedMessage({ chainId: chainId + 1 }), /chain ID \d+ is not this service's chain/],
        [await signedMessage({ expirationTime: new Date(Date.now() - 60_000) }), /signature: does not match/],
        [await signedMessage({ signer: stranger }), /signature: does not match/],
        [await signedMessage({ nonce: "abcdefgh12345678" }), /nonce is unknown/],
        [{ message: "hello", signature: "0x00" }, /not an EIP-4361 sign-in message/],
      ];
      for (const [body, expected] of cases) {
        const response = await signIn(body);
        assert.equal(response.statusCode, 401, response.body);
        assert.match(response.json<{ message: string }>().message, expected);
      }
    });

    it("needs a session for /v1/me and refuses an erased account's token", async () => {
      assert.equal((await app.inject({ method: "GET", url: "/v1/me" })).statusCode, 401);
      const response = await signIn(await signedMessage());
      const { token } = response.json<{ token: string }>();
      await db.query("UPDATE accounts SET erased_at = now(), email = NULL WHERE wallet = $1", [
        fan.address.toLowerCase(),
      ]);
      const me = await app.inject({ method: "GET", url: "/v1/me", headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.statusCode, 401);
      const refused = await signIn(await signedMessage());
      assert.equal(refused.statusCode, 401);
      assert.match(refused.body, /this account was erased/);
    });
  });
}
