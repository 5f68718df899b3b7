// ComplianceRegistry on share transfers: the sender's country's lock-up after the campaign's success, the receiver
// admitted like an investor (attested, not expired, allowed country, accreditation), the sender still admitted, and
// transfers never counted toward the receiver's limits.
import { expect } from "chai";

import { DAY, finalizeAfterDeadline, loadFixture, ONE, time } from "./fixtures.js";
import { BR, KP, KR, NG, presetFixture, registryCampaign, RULES, US } from "./complianceFixtures.js";
import type { PresetEnv } from "./complianceFixtures.js";

/** Gas limit for transactions meant to be mined although they revert (so their block time is the one set). */
const MINED = { gasLimit: 500_000n };

/** `presetFixture` + campaign 1 `Active`: alice (US), bob (KR), carol (BR), ngAccredited, usAccredited 1,000 each. */
async function activeRegistryFixture(): Promise<PresetEnv & { activatedAt: bigint }> {
  const env = await presetFixture();
  for (const investor of [env.alice, env.bob, env.carol, env.ngAccredited, env.usAccredited]) {
    await env.hub.connect(investor).invest(env.id, 1_000n * ONE);
  }
  await finalizeAfterDeadline(env, env.id);
  const { activatedAt } = await env.hub.campaign(env.id);
  return { ...env, activatedAt };
}

describe("ComplianceRegistry: transfers", () => {
  describe("lock-up by the sender's country, from the campaign's success", () => {
    it("US: 365 days (accredited or not)", async () => {
      const { shares, registry, alice, usAccredited, bob, id, activatedAt } = await loadFixture(activeRegistryFixture);
      const unlock = activatedAt + 365n * DAY;
      for (const sender of [alice, usAccredited]) {
        await expect(shares.connect(sender).safeTransferFrom(sender.address, bob.address, id, ONE, "0x"))
          .to.be.revertedWithCustomError(registry, "Compliance_TransferLockedUp")
          .withArgs(sender.address, US, id, unlock);
      }
      await time.setNextBlockTimestamp(unlock - 1n);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, ONE, "0x", MINED))
        .to.be.revertedWithCustomError(registry, "Compliance_TransferLockedUp")
        .withArgs(alice.address, US, id, unlock);
      expect(await time.latest()).to.equal(Number(unlock - 1n));
      await time.setNextBlockTimestamp(unlock);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, ONE, "0x"))
        .to.emit(shares, "TransferSingle")
        .withArgs(alice.address, alice.address, bob.address, id, ONE);
      expect(await time.latest()).to.equal(Number(unlock));
      await shares.connect(usAccredited).safeTransferFrom(usAccredited.address, bob.address, id, ONE, "0x");
      expect(await shares.balanceOf(bob.address, id)).to.equal(1_002n * ONE);
    });

    it("KR: 180 days; the receiver's own lock-up does not matter", async () => {
      const { shares, registry, bob, alice, id, activatedAt } = await loadFixture(activeRegistryFixture);
      const unlock = activatedAt + 180n * DAY;
      await time.setNextBlockTimestamp(unlock - 1n);
      await expect(shares.connect(bob).safeTransferFrom(bob.address, alice.address, id, ONE, "0x", MINED))
        .to.be.revertedWithCustomError(registry, "Compliance_TransferLockedUp")
        .withArgs(bob.address, KR, id, unlock);
      expect(await time.latest()).to.equal(Number(unlock - 1n));
      // Alice (US, 365 days) may receive as soon as Bob's lock-up is over.
      await time.setNextBlockTimestamp(unlock);
      await shares.connect(bob).safeTransferFrom(bob.address, alice.address, id, ONE, "0x");
      expect(await time.latest()).to.equal(Number(unlock));
      expect(await shares.balanceOf(alice.address, id)).to.equal(1_001n * ONE);
    });

    it("BR and NG (no lock-up): right after success", async () => {
      const { shares, carol, ngAccredited, alice, bob, id } = await loadFixture(activeRegistryFixture);
      await shares.connect(carol).safeTransferFrom(carol.address, bob.address, id, 10n * ONE, "0x");
      await shares.connect(ngAccredited).safeTransferFrom(ngAccredited.address, alice.address, id, 20n * ONE, "0x");
      expect(await shares.balanceOf(bob.address, id)).to.equal(1_010n * ONE);
      expect(await shares.balanceOf(alice.address, id)).to.equal(1_020n * ONE);
    });

    it("is the holder's lock-up when an approved operator moves the shares", async () => {
      const { shares, registry, alice, bob, carol, id, activatedAt } = await loadFixture(activeRegistryFixture);
      // Alice (US, locked) operates for Carol (BR, free): allowed.
      await shares.connect(carol).setApprovalForAll(alice.address, true);
      await shares.connect(alice).safeTransferFrom(carol.address, bob.address, id, ONE, "0x");
      expect(await shares.balanceOf(bob.address, id)).to.equal(1_001n * ONE);
      // Carol operates for Bob (KR, locked): refused.
      await shares.connect(bob).setApprovalForAll(carol.address, true);
      await expect(shares.connect(carol).safeTransferFrom(bob.address, carol.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_TransferLockedUp")
        .withArgs(bob.address, KR, id, activatedAt + 180n * DAY);
    });

    it("counts from each campaign's own success", async () => {
      const env = await loadFixture(activeRegistryFixture);
      const { hub, shares, registry, alice, bob, id, activatedAt } = env;
      await time.increase(100n * DAY);
      const second = await registryCampaign(env);
      await hub.connect(alice).invest(second, 1_000n * ONE);
      await finalizeAfterDeadline(env, second);
      const secondActivatedAt = (await hub.campaign(second)).activatedAt;
      await time.increaseTo(activatedAt + 365n * DAY);
      await shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, ONE, "0x");
      await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, second, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_TransferLockedUp")
        .withArgs(alice.address, US, second, secondActivatedAt + 365n * DAY);
    });

    it("checks every id of a batch", async () => {
      const env = await loadFixture(activeRegistryFixture);
      const { hub, shares, registry, alice, carol, bob, id, activatedAt } = env;
      const second = await registryCampaign(env);
      await hub.connect(carol).invest(second, 1_000n * ONE);
      await hub.connect(alice).invest(second, 1_000n * ONE);
      await finalizeAfterDeadline(env, second);
      await shares
        .connect(carol)
        .safeBatchTransferFrom(carol.address, bob.address, [id, second], [ONE, 2n * ONE], "0x");
      expect(await shares.balanceOf(bob.address, second)).to.equal(2n * ONE);
      await expect(
        shares.connect(alice).safeBatchTransferFrom(alice.address, bob.address, [id, second], [ONE, ONE], "0x"),
      )
        .to.be.revertedWithCustomError(registry, "Compliance_TransferLockedUp")
        .withArgs(alice.address, US, id, activatedAt + 365n * DAY);
    });

    it("a lock-up changed by the owner applies to the next transfer", async () => {
      const { shares, registry, owner, alice, carol, bob, id, activatedAt } = await loadFixture(activeRegistryFixture);
      await registry.connect(owner).setCountryRule(US, { ...RULES.US, lockup: 30n * DAY });
      await registry.connect(owner).setCountryRule(BR, { ...RULES.BR, lockup: 90n * DAY });
      await expect(shares.connect(carol).safeTransferFrom(carol.address, bob.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_TransferLockedUp")
        .withArgs(carol.address, BR, id, activatedAt + 90n * DAY);
      await time.increaseTo(activatedAt + 30n * DAY);
      await shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, ONE, "0x");
      expect(await shares.balanceOf(bob.address, id)).to.equal(1_001n * ONE);
    });
  });

  describe("the receiver", () => {
    it("must be attested", async () => {
      const { shares, registry, attester, carol, unattested, alice, id } = await loadFixture(activeRegistryFixture);
      await expect(shares.connect(carol).safeTransferFrom(carol.address, unattested.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
        .withArgs(unattested.address);
      await registry.connect(attester).revoke(alice.address);
      await expect(shares.connect(carol).safeTransferFrom(carol.address, alice.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
        .withArgs(alice.address);
    });

    it("must not be expired", async () => {
      const { shares, registry, attester, carol, extras, id } = await loadFixture(activeRegistryFixture);
      const receiver = extras[6];
      const expiry = BigInt(await time.latest()) + 1_000n;
      await registry.connect(attester).attest(receiver.address, BR, false, expiry);
      await time.setNextBlockTimestamp(expiry - 1n);
      await shares.connect(carol).safeTransferFrom(carol.address, receiver.address, id, ONE, "0x");
      await expect(shares.connect(carol).safeTransferFrom(carol.address, receiver.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_AttestationExpired")
        .withArgs(receiver.address, expiry);
      expect(await shares.balanceOf(receiver.address, id)).to.equal(ONE);
    });

    it("must reside in an allowed country, accredited where required", async () => {
      const { shares, registry, carol, kp, ngPlain, ngAccredited, id } = await loadFixture(activeRegistryFixture);
      await expect(shares.connect(carol).safeTransferFrom(carol.address, kp.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(kp.address, KP);
      await expect(shares.connect(carol).safeTransferFrom(carol.address, ngPlain.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_AccreditationRequired")
        .withArgs(ngPlain.address, NG);
      await expect(shares.connect(carol).safeBatchTransferFrom(carol.address, kp.address, [id, id], [ONE, ONE], "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(kp.address, KP);
      await shares.connect(carol).safeTransferFrom(carol.address, ngAccredited.address, id, ONE, "0x");
      expect(await shares.balanceOf(ngAccredited.address, id)).to.equal(1_001n * ONE);
    });

    it("is checked before the sender's lock-up", async () => {
      const { shares, registry, alice, kp, id } = await loadFixture(activeRegistryFixture);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, kp.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(kp.address, KP);
    });

    it("may receive beyond its own limits: transfers are not investments", async () => {
      const env = await loadFixture(activeRegistryFixture);
      const { hub, shares, registry, alice, carol, ngAccredited, id } = env;
      await shares.connect(carol).safeTransferFrom(carol.address, alice.address, id, 1_000n * ONE, "0x");
      await shares.connect(ngAccredited).safeTransferFrom(ngAccredited.address, alice.address, id, 1_000n * ONE, "0x");
      // Alice (US, 2,500 per campaign and per 12 months) holds 3,000 and has 1,500 left to invest.
      expect(await shares.balanceOf(alice.address, id)).to.equal(3_000n * ONE);
      expect(await registry.investedLast12Months(alice.address)).to.equal(1_000n);
      const second = await registryCampaign(env);
      await hub.connect(alice).invest(second, 1_500n * ONE);
      await expect(hub.connect(alice).invest(second, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, US, 2_501n, 2_500n);
    });
  });

  describe("the sender", () => {
    it("must still be admitted: revoked, expired or closed country", async () => {
      const { shares, registry, owner, attester, carol, bob, id } = await loadFixture(activeRegistryFixture);
      await registry.connect(owner).setCountryRule(BR, { ...RULES.BR, allowed: false });
      await expect(shares.connect(carol).safeTransferFrom(carol.address, bob.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(carol.address, BR);
      await registry.connect(owner).setCountryRule(BR, RULES.BR);
      await registry.connect(attester).revoke(carol.address);
      await expect(shares.connect(carol).safeTransferFrom(carol.address, bob.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
        .withArgs(carol.address);
      const shortExpiry = BigInt(await time.latest()) + 100n;
      await registry.connect(attester).attest(carol.address, BR, false, shortExpiry);
      await shares.connect(carol).safeTransferFrom(carol.address, bob.address, id, ONE, "0x");
      await time.increaseTo(shortExpiry);
      await expect(shares.connect(carol).safeTransferFrom(carol.address, bob.address, id, ONE, "0x"))
        .to.be.revertedWithCustomError(registry, "Compliance_AttestationExpired")
        .withArgs(carol.address, shortExpiry);
      expect(await shares.balanceOf(bob.address, id)).to.equal(1_001n * ONE);
    });
  });
});
