// ComplianceRegistry through the hub: the rule matrix of the preset countries on invest / investFor /
// investWithPermit (allowed or not, per-campaign and 12-month limits, accreditation), expiry and revocation, rule
// changes (future actions only) and refunds (never blocked).
import { expect } from "chai";

import { ethers, finalizeAfterDeadline, loadFixture, ONE, signPermit, State, time } from "./fixtures.js";
import { BR, KP, KR, NG, presetFixture, registryCampaign, RULES, US } from "./complianceFixtures.js";

describe("ComplianceRegistry: investments", () => {
  describe("rule matrix per country", () => {
    it("US: at most 2,500 per campaign (exact, in token base units)", async () => {
      const { hub, shares, registry, alice, id } = await loadFixture(presetFixture);
      await expect(hub.connect(alice).invest(id, 2_000n * ONE))
        .to.emit(hub, "Invested")
        .withArgs(id, alice.address, alice.address, 2_000n * ONE, 2_000n * ONE);
      await expect(hub.connect(alice).invest(id, 500n * ONE + 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(alice.address, US, id, 2_500n * ONE + 1n, 2_500n * ONE);
      await hub.connect(alice).invest(id, 500n * ONE);
      expect(await shares.balanceOf(alice.address, id)).to.equal(2_500n * ONE);
      expect(await registry.investedLast12Months(alice.address)).to.equal(2_500n);
      await expect(hub.connect(alice).invest(id, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(alice.address, US, id, 2_500n * ONE + 1n, 2_500n * ONE);
    });

    it("US: at most 2,500 over 12 months across campaigns", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, registry, alice, id } = env;
      const second = await registryCampaign(env);
      const third = await registryCampaign(env);
      await hub.connect(alice).invest(id, 2_000n * ONE);
      await expect(hub.connect(alice).invest(second, 501n * ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, US, 2_501n, 2_500n);
      await hub.connect(alice).invest(second, 500n * ONE);
      expect(await registry.investedLast12Months(alice.address)).to.equal(2_500n);
      await expect(hub.connect(alice).invest(third, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, US, 2_501n, 2_500n);
    });

    it("US: an accredited resident is exempt from both limits and nothing is recorded", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, shares, registry, usAccredited, id } = env;
      const second = await registryCampaign(env);
      await hub.connect(usAccredited).invest(id, 20_000n * ONE);
      await hub.connect(usAccredited).invest(second, 30_000n * ONE);
      expect(await shares.balanceOf(usAccredited.address, id)).to.equal(20_000n * ONE);
      expect(await shares.balanceOf(usAccredited.address, second)).to.equal(30_000n * ONE);
      expect(await registry.investedLast12Months(usAccredited.address)).to.equal(0n);
    });

    it("KR: at most 5,000 per campaign and 10,000 over 12 months; accreditation exempts from neither", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, registry, bob, krAccredited, id } = env;
      const second = await registryCampaign(env);
      const third = await registryCampaign(env);
      await hub.connect(bob).invest(id, 5_000n * ONE);
      await expect(hub.connect(bob).invest(id, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(bob.address, KR, id, 5_000n * ONE + 1n, 5_000n * ONE);
      await hub.connect(bob).invest(second, 5_000n * ONE);
      expect(await registry.investedLast12Months(bob.address)).to.equal(10_000n);
      await expect(hub.connect(bob).invest(third, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(bob.address, KR, 10_001n, 10_000n);
      await expect(hub.connect(krAccredited).invest(id, 5_001n * ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(krAccredited.address, KR, id, 5_001n * ONE, 5_000n * ONE);
      await hub.connect(krAccredited).invest(id, 5_000n * ONE);
      expect(await registry.investedLast12Months(krAccredited.address)).to.equal(5_000n);
    });

    it("KR: the per-campaign limit is checked before the 12-month limit", async () => {
      const { hub, registry, bob, id } = await loadFixture(presetFixture);
      await expect(hub.connect(bob).invest(id, 10_001n * ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(bob.address, KR, id, 10_001n * ONE, 5_000n * ONE);
    });

    it("NG: only accredited residents, without amount limits", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, shares, registry, ngAccredited, ngPlain, id } = env;
      await expect(hub.connect(ngPlain).invest(id, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_AccreditationRequired")
        .withArgs(ngPlain.address, NG);
      await hub.connect(ngAccredited).invest(id, 40_000n * ONE);
      await hub.connect(ngAccredited).invest(await registryCampaign(env), 50_000n * ONE);
      expect(await shares.balanceOf(ngAccredited.address, id)).to.equal(40_000n * ONE);
      expect(await registry.investedLast12Months(ngAccredited.address)).to.equal(0n);
    });

    it("BR: no per-campaign limit, 3,700 over 12 months", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, shares, registry, carol, id } = env;
      await hub.connect(carol).invest(id, 3_700n * ONE);
      expect(await shares.balanceOf(carol.address, id)).to.equal(3_700n * ONE);
      await expect(hub.connect(carol).invest(await registryCampaign(env), 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(carol.address, BR, 3_701n, 3_700n);
      await expect(hub.connect(carol).invest(id, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(carol.address, BR, 3_701n, 3_700n);
    });

    it("KP (no rule set): not allowed", async () => {
      const { hub, registry, kp, id } = await loadFixture(presetFixture);
      await expect(hub.connect(kp).invest(id, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(kp.address, KP);
    });

    it("an account without an attestation is refused with Compliance_NotAttested", async () => {
      const { hub, registry, unattested, keeper, id } = await loadFixture(presetFixture);
      for (const account of [unattested, keeper]) {
        await expect(hub.connect(account).invest(id, ONE))
          .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
          .withArgs(account.address);
      }
    });

    it("a campaign without the registry is not checked", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, shares, kp } = env;
      const open = await registryCampaign(env, { compliance: ethers.ZeroAddress });
      await hub.connect(kp).invest(open, ONE);
      expect(await shares.balanceOf(kp.address, open)).to.equal(ONE);
    });
  });

  describe("expiry and revocation", () => {
    it("an attestation is valid until the second before its expiry, then the account counts as not attested", async () => {
      const { hub, registry, attester, extras, id } = await loadFixture(presetFixture);
      const investor = extras[6];
      const expiry = BigInt(await time.latest()) + 1_000n;
      await registry.connect(attester).attest(investor.address, KR, false, expiry);
      await time.setNextBlockTimestamp(expiry - 1n);
      await hub.connect(investor).invest(id, ONE);
      await expect(hub.connect(investor).invest(id, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_AttestationExpired")
        .withArgs(investor.address, expiry);
      // A new attestation admits the account again.
      await registry.connect(attester).attest(investor.address, KR, false, expiry + 1_000n);
      await hub.connect(investor).invest(id, ONE);
      expect(await registry.investedLast12Months(investor.address)).to.equal(2n);
    });

    it("a revoked account is refused; its shares and its 12-month record stay", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, shares, registry, attester, alice, expiry, id } = env;
      await hub.connect(alice).invest(id, 2_000n * ONE);
      await expect(registry.connect(attester).revoke(alice.address))
        .to.emit(registry, "AttestationRevoked")
        .withArgs(alice.address, attester.address);
      await expect(hub.connect(alice).invest(id, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
        .withArgs(alice.address);
      expect(await shares.balanceOf(alice.address, id)).to.equal(2_000n * ONE);
      expect(await registry.investedLast12Months(alice.address)).to.equal(2_000n);
      // Attested again, the earlier investment still counts toward the 12-month limit.
      await registry.connect(attester).attest(alice.address, US, false, expiry);
      await expect(hub.connect(alice).invest(await registryCampaign(env), 501n * ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, US, 2_501n, 2_500n);
    });

    it("a new attestation in another country keeps the account's 12-month record and applies the new rule", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, registry, attester, alice, expiry, id } = env;
      await hub.connect(alice).invest(id, 2_500n * ONE);
      await registry.connect(attester).attest(alice.address, KR, false, expiry);
      const second = await registryCampaign(env);
      const third = await registryCampaign(env);
      await hub.connect(alice).invest(second, 5_000n * ONE);
      await hub.connect(alice).invest(third, 2_500n * ONE);
      expect(await registry.investedLast12Months(alice.address)).to.equal(10_000n);
      await expect(hub.connect(alice).invest(third, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, KR, 10_001n, 10_000n);
    });
  });

  describe("investFor and investWithPermit", () => {
    it("investFor checks and records the beneficiary, not the payer", async () => {
      const { hub, shares, registry, keeper, alice, kp, unattested, id } = await loadFixture(presetFixture);
      // The keeper is not attested, yet pays for alice (US).
      await expect(hub.connect(keeper).investFor(id, alice.address, 2_000n * ONE))
        .to.emit(hub, "Invested")
        .withArgs(id, alice.address, keeper.address, 2_000n * ONE, 2_000n * ONE);
      expect(await shares.balanceOf(alice.address, id)).to.equal(2_000n * ONE);
      expect(await registry.investedLast12Months(alice.address)).to.equal(2_000n);
      expect(await registry.investedLast12Months(keeper.address)).to.equal(0n);
      // Alice's per-campaign total includes what was bought for her.
      await expect(hub.connect(alice).invest(id, 500n * ONE + 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(alice.address, US, id, 2_500n * ONE + 1n, 2_500n * ONE);
      // An attested payer cannot buy for a refused beneficiary.
      await expect(hub.connect(alice).investFor(id, kp.address, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(kp.address, KP);
      await expect(hub.connect(alice).investFor(id, unattested.address, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
        .withArgs(unattested.address);
    });

    it("investWithPermit checks the permit signer", async () => {
      const { hub, usdc, shares, registry, attester, dave, id } = await loadFixture(presetFixture);
      const deadline = BigInt(await time.latest()) + 3_600n;
      const hubAddress = await hub.getAddress();
      let sig = await signPermit(usdc, dave, hubAddress, 2_500n * ONE, deadline);
      await hub.connect(dave).investWithPermit(id, 2_500n * ONE, deadline, sig.v, sig.r, sig.s);
      expect(await shares.balanceOf(dave.address, id)).to.equal(2_500n * ONE);
      sig = await signPermit(usdc, dave, hubAddress, 1n, deadline);
      await expect(hub.connect(dave).investWithPermit(id, 1n, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(dave.address, US, id, 2_500n * ONE + 1n, 2_500n * ONE);
      await registry.connect(attester).revoke(dave.address);
      await expect(hub.connect(dave).investWithPermit(id, 1n, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttested")
        .withArgs(dave.address);
    });
  });

  describe("rule changes apply to future actions only", () => {
    it("a lower 12-month limit keeps past investments and refuses the next one; a higher one admits it", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, shares, registry, owner, alice, id } = env;
      await hub.connect(alice).invest(id, 2_000n * ONE);
      await registry.connect(owner).setCountryRule(US, { ...RULES.US, maxPer12Months: 1_500n });
      expect(await shares.balanceOf(alice.address, id)).to.equal(2_000n * ONE);
      expect(await registry.investedLast12Months(alice.address)).to.equal(2_000n);
      const second = await registryCampaign(env);
      await expect(hub.connect(alice).invest(second, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, US, 2_001n, 1_500n);
      await registry.connect(owner).setCountryRule(US, { ...RULES.US, maxPer12Months: 3_000n });
      await hub.connect(alice).invest(second, 1_000n * ONE);
      expect(await registry.investedLast12Months(alice.address)).to.equal(3_000n);
      await expect(hub.connect(alice).invest(second, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, US, 3_001n, 3_000n);
    });

    it("a lower per-campaign limit refuses the next investment in the same campaign", async () => {
      const { hub, registry, owner, bob, id } = await loadFixture(presetFixture);
      await hub.connect(bob).invest(id, 3_000n * ONE);
      await registry.connect(owner).setCountryRule(KR, { ...RULES.KR, maxPerCampaign: 2_000n });
      await expect(hub.connect(bob).invest(id, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(bob.address, KR, id, 3_000n * ONE + 1n, 2_000n * ONE);
      await registry.connect(owner).setCountryRule(KR, { ...RULES.KR, maxPerCampaign: 0n });
      await hub.connect(bob).invest(id, 4_000n * ONE);
      expect(await registry.investedLast12Months(bob.address)).to.equal(7_000n);
    });

    it("a country closed after investing keeps the shares and refuses new investments", async () => {
      const { hub, shares, registry, owner, bob, id } = await loadFixture(presetFixture);
      await hub.connect(bob).invest(id, 1_000n * ONE);
      await registry.connect(owner).setCountryRule(KR, { ...RULES.KR, allowed: false });
      await expect(hub.connect(bob).invest(id, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(bob.address, KR);
      expect(await shares.balanceOf(bob.address, id)).to.equal(1_000n * ONE);
      expect((await hub.campaign(id)).raised).to.equal(1_000n * ONE);
    });

    it("accreditation newly required refuses non-accredited residents only", async () => {
      const { hub, registry, owner, alice, usAccredited, id } = await loadFixture(presetFixture);
      await hub.connect(alice).invest(id, 100n * ONE);
      await registry.connect(owner).setCountryRule(US, { ...RULES.US, accreditationRequired: true });
      await expect(hub.connect(alice).invest(id, 100n * ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_AccreditationRequired")
        .withArgs(alice.address, US);
      await hub.connect(usAccredited).invest(id, 100n * ONE);
    });

    it("the accredited exemption withdrawn: accredited residents are limited from the next investment", async () => {
      const { hub, registry, owner, usAccredited, id } = await loadFixture(presetFixture);
      await hub.connect(usAccredited).invest(id, 10_000n * ONE);
      await registry.connect(owner).setCountryRule(US, { ...RULES.US, accreditedUnlimited: false });
      await expect(hub.connect(usAccredited).invest(id, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPerCampaignExceeded")
        .withArgs(usAccredited.address, US, id, 10_001n * ONE, 2_500n * ONE);
    });

    it("a country opened later admits its residents from then on", async () => {
      const { hub, shares, registry, owner, kp, id } = await loadFixture(presetFixture);
      await expect(hub.connect(kp).invest(id, ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(kp.address, KP);
      await registry.connect(owner).setCountryRule(KP, RULES.BR);
      await hub.connect(kp).invest(id, ONE);
      expect(await shares.balanceOf(kp.address, id)).to.equal(ONE);
    });
  });

  describe("refunds are never blocked", () => {
    it("revoked, expired, closed-country and no-longer-accredited investors all get their refund", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, usdc, registry, owner, attester, keeper, alice, bob, carol, ngAccredited, id } = env;
      const amounts = [100n * ONE, 200n * ONE, 300n * ONE, 50n * ONE];
      const investors = [alice, bob, carol, ngAccredited];
      // Bob's attestation expires before the deadline.
      await registry.connect(attester).attest(bob.address, KR, false, BigInt(await time.latest()) + 1_000n);
      for (const [i, investor] of investors.entries()) await hub.connect(investor).invest(id, amounts[i]);
      await finalizeAfterDeadline(env, id);
      expect(await hub.state(id)).to.equal(State.Failed);

      await registry.connect(attester).revoke(alice.address);
      await registry.connect(owner).setCountryRule(BR, { ...RULES.BR, allowed: false });
      await registry.connect(attester).attest(ngAccredited.address, NG, false, env.expiry);
      await registry.connect(owner).setAttester(attester.address, false);
      await expect(hub.connect(bob).invest(await registryCampaign(env), ONE))
        .to.be.revertedWithCustomError(registry, "Compliance_AttestationExpired")
        .withArgs(bob.address, BigInt((await registry.attestationOf(bob.address)).expiry));

      await expect(hub.connect(alice).refund(id)).to.changeTokenBalance(ethers, usdc, alice, amounts[0]);
      await expect(hub.connect(bob).refund(id)).to.emit(hub, "Refunded").withArgs(id, bob.address, amounts[1]);
      const tx = hub.connect(keeper).refundMany(id, [carol.address, ngAccredited.address]);
      await expect(tx).to.emit(hub, "Refunded").withArgs(id, carol.address, amounts[2]);
      await expect(tx).to.emit(hub, "Refunded").withArgs(id, ngAccredited.address, amounts[3]);
      expect(await usdc.balanceOf(hub)).to.equal(0n);
      // The registry is not told about burns: the refunded amounts stay in the 12-month record.
      expect(await registry.investedLast12Months(alice.address)).to.equal(100n);
      expect(await registry.investedLast12Months(carol.address)).to.equal(300n);
    });
  });
});
