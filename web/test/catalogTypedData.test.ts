/** The claim the dApp asks the wallet to sign is the one the oracle service verifies. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashTypedData, recoverTypedDataAddress, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  catalogDigest,
  catalogTypedData as serviceTypedData,
} from "../../oracle-service/src/catalog/catalogTypedData.ts";
import { catalogTypedData } from "../src/data/catalogService.ts";

const HUB: Address = "0x5FbDB2315678afecb367f032d7c499d58e8a2B62".toLowerCase() as Address;
const CLAIM = {
  isrc: "USS1Z1412345",
  campaignId: 7n,
  shareBps: 2_500,
  nonce: 2n ** 100n + 3n,
  deadline: 1_900_000_000n,
};
// Hardhat's public dev key 0 (never funded outside a local chain).
const ARTIST = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

describe("catalog typed data", () => {
  it("hashes to the service's digest on the same chain and hub, and to another one elsewhere", () => {
    assert.equal(hashTypedData(catalogTypedData(31337, HUB, CLAIM)), catalogDigest(31337, HUB, CLAIM));
    assert.notEqual(hashTypedData(catalogTypedData(1, HUB, CLAIM)), catalogDigest(31337, HUB, CLAIM));
  });

  it("a wallet signature of it recovers to the artist with the service's types", async () => {
    const signature = await ARTIST.signTypedData(catalogTypedData(31337, HUB, CLAIM));
    const signer = await recoverTypedDataAddress({ ...serviceTypedData(31337, HUB, CLAIM), signature });
    assert.equal(signer, ARTIST.address);
  });
});
