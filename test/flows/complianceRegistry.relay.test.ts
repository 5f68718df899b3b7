// ComplianceRegistry.attestWithSig: an attester's EIP-712 signature relayed by anyone, valid once (account nonce),
// on this chain and this registry only, before its deadline; EOA and ERC-1271 contract attesters.
import { expect } from "chai";

import { ethers, loadFixture, ONE, time, YEAR } from "./fixtures.js";
import type { Signer } from "./fixtures.js";
import { country, KR, presetFixture, registryFixture, UNIT, US } from "./complianceFixtures.js";
import type { ComplianceRegistry } from "../../types/ethers-contracts/index.js";

const TYPES = {
  Attestation: [
    { name: "account", type: "address" },
    { name: "country", type: "bytes2" },
    { name: "accredited", type: "bool" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

interface Attestation {
  account: string;
  country: string;
  accredited: boolean;
  expiry: bigint;
  nonce: bigint;
  deadline: bigint;
}

/** `signer`'s EIP-712 signature of `message` for `registry` (or another chain id / verifying contract). */
async function signAttestation(
  signer: Signer,
  registry: ComplianceRegistry,
  message: Attestation,
  domainOverrides: { chainId?: bigint; verifyingContract?: string } = {},
): Promise<string> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = {
    name: "Encore Compliance",
    version: "1",
    chainId,
    verifyingContract: await registry.getAddress(),
    ...domainOverrides,
  };
  return signer.signTypedData(domain, TYPES, message);
}

/** An attestation of `account` (US, not accredited, one year) with its current nonce and a one-hour deadline. */
async function attestationFor(registry: ComplianceRegistry, account: string): Promise<Attestation> {
  const now = BigInt(await time.latest());
  return {
    account,
    country: US,
    accredited: false,
    expiry: now + YEAR,
    nonce: await registry.nonces(account),
    deadline: now + 3_600n,
  };
}

/** Relays `message` signed by `signature` on `registry` as `relayer`, naming `attester`. */
function relay(
  registry: ComplianceRegistry,
  relayer: Signer,
  message: Attestation,
  attester: string,
  signature: string,
  options: { gasLimit?: bigint } = {},
) {
  return registry
    .connect(relayer)
    .attestWithSig(
      message.account,
      message.country,
      message.accredited,
      message.expiry,
      message.deadline,
      attester,
      signature,
      options,
    );
}

describe("ComplianceRegistry: relayed attestations (attestWithSig)", () => {
  it("writes the attestation once, for anyone relaying it, and uses the account's nonce", async () => {
    const { registry, attester, stranger, alice } = await loadFixture(registryFixture);
    const message = await attestationFor(registry, alice.address);
    const signature = await signAttestation(attester, registry, message);
    expect(await registry.nonces(alice.address)).to.equal(0n);
    await expect(relay(registry, stranger, message, attester.address, signature))
      .to.emit(registry, "Attested")
      .withArgs(alice.address, attester.address, US, false, message.expiry);
    expect([...(await registry.attestationOf(alice.address))]).to.deep.equal([US, false, message.expiry]);
    expect(await registry.nonces(alice.address)).to.equal(1n);
    // Replay: the nonce was used, so the signature no longer matches.
    await expect(relay(registry, stranger, message, attester.address, signature))
      .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
      .withArgs(attester.address);
    await expect(relay(registry, alice, message, attester.address, signature))
      .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
      .withArgs(attester.address);
    expect(await registry.nonces(alice.address)).to.equal(1n);
  });

  it("admits the account on the hub like a direct attestation", async () => {
    const { hub, shares, registry, attester, unattested, id } = await loadFixture(presetFixture);
    await expect(hub.connect(unattested).invest(id, ONE))
      .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
      .withArgs(unattested.address);
    const message = { ...(await attestationFor(registry, unattested.address)), country: KR };
    await relay(registry, unattested, message, attester.address, await signAttestation(attester, registry, message));
    await hub.connect(unattested).invest(id, 5_000n * ONE);
    expect(await shares.balanceOf(unattested.address, id)).to.equal(5_000n * ONE);
    expect(await registry.investedLast12Months(unattested.address)).to.equal(5_000n);
  });

  it("nonces are per account and used in order", async () => {
    const { registry, attester, stranger, alice, bob } = await loadFixture(registryFixture);
    const first = await attestationFor(registry, alice.address);
    const second = { ...first, country: KR, nonce: 1n };
    const forBob = await attestationFor(registry, bob.address);
    const firstSig = await signAttestation(attester, registry, first);
    const secondSig = await signAttestation(attester, registry, second);
    const bobSig = await signAttestation(attester, registry, forBob);
    // The next-but-one nonce is not valid yet.
    await expect(relay(registry, stranger, second, attester.address, secondSig))
      .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
      .withArgs(attester.address);
    await relay(registry, stranger, first, attester.address, firstSig);
    // Alice's nonce does not affect Bob's.
    await relay(registry, stranger, forBob, attester.address, bobSig);
    await expect(relay(registry, stranger, second, attester.address, secondSig))
      .to.emit(registry, "Attested")
      .withArgs(alice.address, attester.address, KR, false, second.expiry);
    expect(await registry.nonces(alice.address)).to.equal(2n);
    expect(await registry.nonces(bob.address)).to.equal(1n);
  });

  it("a revocation voids the account's signed attestations not yet relayed", async () => {
    const { hub, registry, attester, stranger, alice, unattested, id } = await loadFixture(presetFixture);
    // The attester signs for an account, then revokes it (say, a sanctions hit) before the signature is relayed.
    const message = { ...(await attestationFor(registry, unattested.address)), country: KR };
    const signature = await signAttestation(attester, registry, message);
    await expect(registry.connect(attester).revoke(unattested.address))
      .to.emit(registry, "AttestationRevoked")
      .withArgs(unattested.address, attester.address);
    expect(await registry.nonces(unattested.address)).to.equal(1n);
    await expect(relay(registry, unattested, message, attester.address, signature))
      .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
      .withArgs(attester.address);
    await expect(hub.connect(unattested).invest(id, ONE))
      .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
      .withArgs(unattested.address);
    // A renewal signed in advance for an attested account is void after its revocation too.
    const renewal = {
      ...(await attestationFor(registry, alice.address)),
      expiry: BigInt(await time.latest()) + 2n * YEAR,
    };
    const renewalSig = await signAttestation(attester, registry, renewal);
    await registry.connect(attester).revoke(alice.address);
    await expect(relay(registry, stranger, renewal, attester.address, renewalSig))
      .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
      .withArgs(attester.address);
    expect((await registry.attestationOf(alice.address)).country).to.equal("0x0000");
    // A signature for the new nonce works: the account can be attested again.
    const again = await attestationFor(registry, alice.address);
    await expect(relay(registry, stranger, again, attester.address, await signAttestation(attester, registry, again)))
      .to.emit(registry, "Attested")
      .withArgs(alice.address, attester.address, US, false, again.expiry);
    // alice: attested directly by the fixture (nonce 1), revoked (2), relayed again (3).
    expect(await registry.nonces(alice.address)).to.equal(3n);
  });

  it("a direct attestation voids older signed attestations not yet relayed", async () => {
    const { registry, attester, stranger, unattested } = await loadFixture(presetFixture);
    // Signed as accredited, then the attester withdraws the accreditation with a direct attestation.
    const older = { ...(await attestationFor(registry, unattested.address)), country: KR, accredited: true };
    const olderSig = await signAttestation(attester, registry, older);
    const expiry = BigInt(await time.latest()) + YEAR;
    await registry.connect(attester).attest(unattested.address, KR, false, expiry);
    expect(await registry.nonces(unattested.address)).to.equal(1n);
    await expect(relay(registry, stranger, older, attester.address, olderSig))
      .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
      .withArgs(attester.address);
    const stored = await registry.attestationOf(unattested.address);
    expect([stored.country, stored.accredited, stored.expiry]).to.deep.equal([KR, false, expiry]);
  });

  it("a signature for another chain id fails", async () => {
    const { registry, attester, stranger, alice } = await loadFixture(registryFixture);
    const message = await attestationFor(registry, alice.address);
    const { chainId } = await ethers.provider.getNetwork();
    for (const otherChain of [1n, chainId + 1n]) {
      const signature = await signAttestation(attester, registry, message, { chainId: otherChain });
      await expect(relay(registry, stranger, message, attester.address, signature))
        .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
        .withArgs(attester.address);
    }
    expect(await registry.nonces(alice.address)).to.equal(0n);
  });

  it("a signature for another registry deployment fails here and works there", async () => {
    const { registry, hub, owner, attester, stranger, alice } = await loadFixture(registryFixture);
    const other = await ethers.deployContract("ComplianceRegistry", [owner.address, hub, UNIT]);
    await other.connect(owner).setAttester(attester.address, true);
    const message = await attestationFor(registry, alice.address);
    const signature = await signAttestation(attester, registry, message, {
      verifyingContract: await other.getAddress(),
    });
    await expect(relay(registry, stranger, message, attester.address, signature))
      .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
      .withArgs(attester.address);
    await expect(relay(other, stranger, message, attester.address, signature))
      .to.emit(other, "Attested")
      .withArgs(alice.address, attester.address, US, false, message.expiry);
    expect((await registry.attestationOf(alice.address)).country).to.equal("0x0000");
  });

  it("a signer without the attester role fails with Compliance_NotAttester", async () => {
    const { registry, owner, attester, attester2, stranger, alice } = await loadFixture(registryFixture);
    const message = await attestationFor(registry, alice.address);
    for (const signer of [stranger, owner, attester2]) {
      const signature = await signAttestation(signer, registry, message);
      await expect(relay(registry, stranger, message, signer.address, signature))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttester")
        .withArgs(signer.address);
    }
    // Naming an attester does not help a signature made by someone else.
    const forged = await signAttestation(stranger, registry, message);
    await expect(relay(registry, stranger, message, attester.address, forged))
      .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
      .withArgs(attester.address);
    // A signature made while the signer was an attester fails once the role is revoked.
    const signature = await signAttestation(attester, registry, message);
    await registry.connect(owner).setAttester(attester.address, false);
    await expect(relay(registry, stranger, message, attester.address, signature))
      .to.be.revertedWithCustomError(registry, "Compliance_NotAttester")
      .withArgs(attester.address);
  });

  it("works up to its deadline and fails after it with Compliance_SignatureExpired", async () => {
    const { registry, attester, attester2, stranger, alice, bob } = await loadFixture(registryFixture);
    const deadline = BigInt(await time.latest()) + 100n;
    const forAlice = { ...(await attestationFor(registry, alice.address)), deadline };
    const forBob = { ...(await attestationFor(registry, bob.address)), deadline };
    await time.setNextBlockTimestamp(deadline);
    await relay(registry, stranger, forAlice, attester.address, await signAttestation(attester, registry, forAlice));
    expect(await time.latest()).to.equal(Number(deadline));
    const bobSig = await signAttestation(attester, registry, forBob);
    await expect(relay(registry, stranger, forBob, attester.address, bobSig, { gasLimit: 500_000n }))
      .to.be.revertedWithCustomError(registry, "Compliance_SignatureExpired")
      .withArgs(deadline);
    expect(await time.latest()).to.equal(Number(deadline + 1n));
    // The deadline is checked first, before the role and the signature.
    await expect(relay(registry, stranger, forBob, attester2.address, "0x"))
      .to.be.revertedWithCustomError(registry, "Compliance_SignatureExpired")
      .withArgs(deadline);
    expect(await registry.nonces(bob.address)).to.equal(0n);
  });

  it("any tampered field fails with Compliance_InvalidSignature", async () => {
    const { registry, attester, stranger, alice, bob } = await loadFixture(registryFixture);
    const message = await attestationFor(registry, alice.address);
    const signature = await signAttestation(attester, registry, message);
    const tampered: Attestation[] = [
      { ...message, account: bob.address },
      { ...message, country: KR },
      { ...message, accredited: true },
      { ...message, expiry: message.expiry + 1n },
      { ...message, deadline: message.deadline + 1n },
    ];
    for (const changed of tampered) {
      await expect(relay(registry, stranger, changed, attester.address, signature))
        .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
        .withArgs(attester.address);
    }
    // A flipped bit of the signature, an empty and a short signature.
    const bytes = ethers.getBytes(signature);
    bytes[10] ^= 1;
    for (const bad of [ethers.hexlify(bytes), "0x", signature.slice(0, 130)]) {
      await expect(relay(registry, stranger, message, attester.address, bad))
        .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
        .withArgs(attester.address);
    }
    expect(await registry.nonces(alice.address)).to.equal(0n);
    await expect(relay(registry, stranger, message, attester.address, signature))
      .to.emit(registry, "Attested")
      .withArgs(alice.address, attester.address, US, false, message.expiry);
  });

  it("a valid signature still needs a valid account, country and expiry", async () => {
    const { registry, attester, stranger, alice } = await loadFixture(registryFixture);
    const base = await attestationFor(registry, alice.address);
    const now = BigInt(await time.latest());
    const cases: [Attestation, string, unknown[]][] = [
      [{ ...base, account: ethers.ZeroAddress, nonce: 0n }, "Compliance_ZeroAddress", []],
      [{ ...base, country: country("us") }, "Compliance_InvalidCountry", [country("us")]],
      [{ ...base, country: "0x0000" }, "Compliance_InvalidCountry", ["0x0000"]],
      [{ ...base, expiry: now }, "Compliance_InvalidExpiry", [now]],
    ];
    for (const [message, error, args] of cases) {
      const signature = await signAttestation(attester, registry, message);
      await expect(relay(registry, stranger, message, attester.address, signature))
        .to.be.revertedWithCustomError(registry, error)
        .withArgs(...args);
    }
    expect(await registry.nonces(alice.address)).to.equal(0n);
  });

  describe("contract attester (ERC-1271)", () => {
    it("accepts a signature the wallet validates and refuses one it does not", async () => {
      const { registry, owner, attester2, stranger, alice } = await loadFixture(registryFixture);
      // attester2 holds the wallet's key but has no role of its own.
      const wallet = await ethers.deployContract("MockERC1271Attester", [attester2.address]);
      const walletAddress = await wallet.getAddress();
      await registry.connect(owner).setAttester(walletAddress, true);
      const message = { ...(await attestationFor(registry, alice.address)), accredited: true };
      const signature = await signAttestation(attester2, registry, message);
      await expect(relay(registry, stranger, message, attester2.address, signature))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttester")
        .withArgs(attester2.address);
      const forged = await signAttestation(stranger, registry, message);
      await expect(relay(registry, stranger, message, walletAddress, forged))
        .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
        .withArgs(walletAddress);
      await expect(relay(registry, stranger, message, walletAddress, signature))
        .to.emit(registry, "Attested")
        .withArgs(alice.address, walletAddress, US, true, message.expiry);
      expect(await registry.nonces(alice.address)).to.equal(1n);
      await expect(relay(registry, stranger, message, walletAddress, signature))
        .to.be.revertedWithCustomError(registry, "Compliance_InvalidSignature")
        .withArgs(walletAddress);
    });
  });
});
