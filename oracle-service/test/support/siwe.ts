/**
 * Signs in over the real HTTP API with a dev key: nonce → signed EIP-4361 message → bearer token. The app must
 * have `authRoutes` and `ENCORE_SIWE_DOMAIN` = {@link TEST_SIWE_DOMAIN}.
 */
import assert from "node:assert/strict";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";

import type { App } from "../../src/api/context.ts";

/** The SIWE domain test apps are configured with. */
export const TEST_SIWE_DOMAIN = "encore.test";

/** Signs in with `key` and returns the session token and the account id (acct_…). */
export async function signInWith(
  app: App,
  key: `0x${string}`,
  chainId: number,
  profile?: "fan" | "artist" | "label",
): Promise<{ token: string; accountId: string; headers: { authorization: string } }> {
  const signer = privateKeyToAccount(key);
  const nonce = (await app.inject({ method: "POST", url: "/v1/auth/nonce" })).json<{ nonce: string }>().nonce;
  const message = createSiweMessage({
    address: signer.address,
    chainId,
    domain: TEST_SIWE_DOMAIN,
    nonce,
    uri: `https://${TEST_SIWE_DOMAIN}/`,
    version: "1",
  });
  const signature = await signer.signMessage({ message });
  const response = await app.inject({
    method: "POST",
    url: "/v1/auth/sign-in",
    payload: { message, signature, ...(profile === undefined ? {} : { profile }) },
  });
  assert.equal(response.statusCode, 200, response.body);
  const { token, account } = response.json<{ token: string; account: { id: string } }>();
  return { token, accountId: account.id, headers: { authorization: `Bearer ${token}` } };
}
