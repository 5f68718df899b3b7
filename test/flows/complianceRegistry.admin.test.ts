// ComplianceRegistry: deployment, owner functions (country rules, attester role, ownership), attestations written by
// an attester, revocation, and the hooks' caller check.
import { expect } from "chai";

import { ethers, loadFixture, networkHelpers, scanOwnerOnly, time, YEAR } from "./fixtures.js";
import {
  BR,
  country,
  KR,
  MAX_LIMIT,
  NG,
  PERIOD,
  PERIODS,
  presetFixture,
  registryFixture,
  RULES,
  ruleTuple,
  UNIT,
  US,
} from "./complianceFixtures.js";

/** Two bytes that are not two upper-case ASCII letters. */
const INVALID_COUNTRIES = [
  "0x0000",
  country("us"),
  country("U1"),
  country("uS"),
  "0x4041",
  "0x5b41",
  "0x4140",
  "0x415b",
];
/** Every state-changing function of the registry restricted to the owner (or, for acceptOwnership, the pending owner). */
const OWNER_ONLY = [
  "acceptOwnership",
  "renounceOwnership",
  "setAttester",
  "setCountryRule",
  "setCountryRules",
  "transferOwnership",
];

describe("ComplianceRegistry: deployment and administration", () => {
  describe("deployment", () => {
    it("binds the hub, its shares contract and the unit, with the documented constants", async () => {
      const { registry, hub, shares, owner } = await loadFixture(registryFixture);
      expect(await registry.HUB()).to.equal(await hub.getAddress());
      expect(await registry.SHARES()).to.equal(await shares.getAddress());
      expect(await registry.UNIT()).to.equal(UNIT);
      expect(await registry.PERIOD()).to.equal(PERIOD);
      expect(await registry.PERIODS()).to.equal(PERIODS);
      expect(await registry.ATTESTATION_TYPEHASH()).to.equal(
        ethers.id(
          "Attestation(address account,bytes2 country,bool accredited,uint64 expiry,uint256 nonce,uint256 deadline)",
        ),
      );
      expect(await registry.owner()).to.equal(owner.address);
      expect(await registry.pendingOwner()).to.equal(ethers.ZeroAddress);
    });

    it("uses the EIP-712 domain {Encore Compliance, 1, chain id, registry}", async () => {
      const { registry } = await loadFixture(registryFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const address = await registry.getAddress();
      const domain = { name: "Encore Compliance", version: "1", chainId, verifyingContract: address };
      expect(await registry.domainSeparator()).to.equal(ethers.TypedDataEncoder.hashDomain(domain));
      const [fields, name, version, domainChainId, verifyingContract, salt, extensions] = await registry.eip712Domain();
      expect([fields, name, version, domainChainId, verifyingContract, salt, [...extensions]]).to.deep.equal([
        "0x0f",
        "Encore Compliance",
        "1",
        chainId,
        address,
        ethers.ZeroHash,
        [],
      ]);
    });

    it("reverts Compliance_ZeroAddress for a zero hub and OwnableInvalidOwner for a zero owner", async () => {
      const { registry, hub, owner } = await loadFixture(registryFixture);
      const factory = await ethers.getContractFactory("ComplianceRegistry");
      await expect(factory.deploy(owner.address, ethers.ZeroAddress, UNIT)).to.be.revertedWithCustomError(
        registry,
        "Compliance_ZeroAddress",
      );
      await expect(factory.deploy(ethers.ZeroAddress, hub, UNIT))
        .to.be.revertedWithCustomError(registry, "OwnableInvalidOwner")
        .withArgs(ethers.ZeroAddress);
    });

    it("reverts Compliance_ZeroUnit for a zero token unit", async () => {
      const { registry, hub, owner } = await loadFixture(registryFixture);
      const factory = await ethers.getContractFactory("ComplianceRegistry");
      await expect(factory.deploy(owner.address, hub, 0n)).to.be.revertedWithCustomError(
        registry,
        "Compliance_ZeroUnit",
      );
    });

    it("reverts Compliance_UnitTooLarge above 2**128 - 1 (a limit times the unit must not overflow)", async () => {
      const { registry, hub, owner } = await loadFixture(registryFixture);
      const factory = await ethers.getContractFactory("ComplianceRegistry");
      await expect(factory.deploy(owner.address, hub, 2n ** 128n))
        .to.be.revertedWithCustomError(registry, "Compliance_UnitTooLarge")
        .withArgs(2n ** 128n);
      const largest = await factory.deploy(owner.address, hub, 2n ** 128n - 1n);
      expect(await largest.UNIT()).to.equal(2n ** 128n - 1n);
    });
  });

  describe("country rules", () => {
    it("setCountryRule stores the rule and emits CountryRuleSet with the country and the rule", async () => {
      const { registry, owner } = await loadFixture(registryFixture);
      expect(ruleTuple(await registry.countryRule(US))).to.deep.equal([false, false, false, 0n, 0n, 0n]);
      await expect(registry.connect(owner).setCountryRule(US, RULES.US))
        .to.emit(registry, "CountryRuleSet")
        .withArgs(US, ruleTuple(RULES.US));
      expect(ruleTuple(await registry.countryRule(US))).to.deep.equal([true, false, true, 31_536_000n, 2_500n, 2_500n]);
      // Overwriting replaces every field.
      await expect(registry.connect(owner).setCountryRule(US, RULES.NG))
        .to.emit(registry, "CountryRuleSet")
        .withArgs(US, ruleTuple(RULES.NG));
      expect(ruleTuple(await registry.countryRule(US))).to.deep.equal([true, true, false, 0n, 0n, 0n]);
      expect(ruleTuple(await registry.countryRule(KR))).to.deep.equal([false, false, false, 0n, 0n, 0n]);
    });

    it("setCountryRules sets every country in order, one event each", async () => {
      const { registry, owner } = await loadFixture(registryFixture);
      const tx = registry.connect(owner).setCountryRules([US, KR, NG, BR], [RULES.US, RULES.KR, RULES.NG, RULES.BR]);
      await expect(tx).to.emit(registry, "CountryRuleSet").withArgs(US, ruleTuple(RULES.US));
      await expect(tx).to.emit(registry, "CountryRuleSet").withArgs(KR, ruleTuple(RULES.KR));
      await expect(tx).to.emit(registry, "CountryRuleSet").withArgs(NG, ruleTuple(RULES.NG));
      await expect(tx).to.emit(registry, "CountryRuleSet").withArgs(BR, ruleTuple(RULES.BR));
      const receipt = await (await tx).wait();
      const countries = receipt?.logs.map((log) => registry.interface.parseLog(log)?.args[0] as string);
      expect(countries).to.deep.equal([US, KR, NG, BR]);
      expect(ruleTuple(await registry.countryRule(KR))).to.deep.equal([
        true,
        false,
        false,
        15_552_000n,
        5_000n,
        10_000n,
      ]);
      expect(ruleTuple(await registry.countryRule(BR))).to.deep.equal([true, false, false, 0n, 0n, 3_700n]);
    });

    it("setCountryRules with empty arrays does nothing", async () => {
      const { registry, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(owner).setCountryRules([], [])).not.to.emit(registry, "CountryRuleSet");
    });

    it("reverts Compliance_LengthMismatch when the arrays differ in length", async () => {
      const { registry, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(owner).setCountryRules([US, KR], [RULES.US]))
        .to.be.revertedWithCustomError(registry, "Compliance_LengthMismatch")
        .withArgs(2n, 1n);
      await expect(registry.connect(owner).setCountryRules([US], [RULES.US, RULES.KR]))
        .to.be.revertedWithCustomError(registry, "Compliance_LengthMismatch")
        .withArgs(1n, 2n);
      await expect(registry.connect(owner).setCountryRules([], [RULES.US]))
        .to.be.revertedWithCustomError(registry, "Compliance_LengthMismatch")
        .withArgs(0n, 1n);
    });

    it("accepts a 12-month limit up to 2**32 - 1 units and reverts Compliance_LimitTooLarge above", async () => {
      const { registry, owner } = await loadFixture(registryFixture);
      const top = { ...RULES.BR, maxPer12Months: MAX_LIMIT };
      await expect(registry.connect(owner).setCountryRule(BR, top))
        .to.emit(registry, "CountryRuleSet")
        .withArgs(BR, ruleTuple(top));
      await expect(registry.connect(owner).setCountryRule(BR, { ...RULES.BR, maxPer12Months: MAX_LIMIT + 1n }))
        .to.be.revertedWithCustomError(registry, "Compliance_LimitTooLarge")
        .withArgs(MAX_LIMIT + 1n);
      const maxUint64 = 2n ** 64n - 1n;
      await expect(registry.connect(owner).setCountryRule(BR, { ...RULES.BR, maxPer12Months: maxUint64 }))
        .to.be.revertedWithCustomError(registry, "Compliance_LimitTooLarge")
        .withArgs(maxUint64);
      // The per-campaign limit is not stored per period: any uint64 is accepted.
      const wide = { ...RULES.KR, maxPerCampaign: maxUint64 };
      await expect(registry.connect(owner).setCountryRule(KR, wide))
        .to.emit(registry, "CountryRuleSet")
        .withArgs(KR, ruleTuple(wide));
      // In a batch, the whole batch reverts.
      await expect(
        registry.connect(owner).setCountryRules([US, NG], [RULES.US, { ...RULES.NG, maxPer12Months: 2n ** 32n }]),
      )
        .to.be.revertedWithCustomError(registry, "Compliance_LimitTooLarge")
        .withArgs(2n ** 32n);
      expect((await registry.countryRule(US)).allowed).to.equal(false);
    });

    it("reverts Compliance_InvalidCountry unless the code is two upper-case letters", async () => {
      const { registry, owner } = await loadFixture(registryFixture);
      for (const code of INVALID_COUNTRIES) {
        await expect(registry.connect(owner).setCountryRule(code, RULES.US))
          .to.be.revertedWithCustomError(registry, "Compliance_InvalidCountry")
          .withArgs(code);
        await expect(registry.connect(owner).setCountryRules([US, code], [RULES.US, RULES.US]))
          .to.be.revertedWithCustomError(registry, "Compliance_InvalidCountry")
          .withArgs(code);
      }
      for (const code of ["AA", "AZ", "ZA", "ZZ"]) {
        await expect(registry.connect(owner).setCountryRule(country(code), RULES.BR))
          .to.emit(registry, "CountryRuleSet")
          .withArgs(country(code), ruleTuple(RULES.BR));
      }
    });
  });

  describe("attester role", () => {
    it("setAttester grants and revokes the role with AttesterSet", async () => {
      const { registry, owner, attester2, alice } = await loadFixture(registryFixture);
      const expiry = BigInt(await time.latest()) + YEAR;
      expect(await registry.isAttester(attester2.address)).to.equal(false);
      await expect(registry.connect(attester2).attest(alice.address, US, false, expiry))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttester")
        .withArgs(attester2.address);
      await expect(registry.connect(owner).setAttester(attester2.address, true))
        .to.emit(registry, "AttesterSet")
        .withArgs(attester2.address, true);
      expect(await registry.isAttester(attester2.address)).to.equal(true);
      await registry.connect(attester2).attest(alice.address, US, false, expiry);
      await expect(registry.connect(owner).setAttester(attester2.address, false))
        .to.emit(registry, "AttesterSet")
        .withArgs(attester2.address, false);
      expect(await registry.isAttester(attester2.address)).to.equal(false);
      await expect(registry.connect(attester2).revoke(alice.address))
        .to.be.revertedWithCustomError(registry, "Compliance_NotAttester")
        .withArgs(attester2.address);
    });

    it("reverts Compliance_ZeroAddress for the zero address", async () => {
      const { registry, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(owner).setAttester(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(
        registry,
        "Compliance_ZeroAddress",
      );
      await expect(registry.connect(owner).setAttester(ethers.ZeroAddress, false)).to.be.revertedWithCustomError(
        registry,
        "Compliance_ZeroAddress",
      );
    });
  });

  describe("owner-only functions", () => {
    it("revert OwnableUnauthorizedAccount for anyone else, attesters included", async () => {
      const { registry, attester, stranger } = await loadFixture(registryFixture);
      for (const caller of [attester, stranger]) {
        const r = registry.connect(caller);
        const calls = [
          () => r.setCountryRule(US, RULES.US),
          () => r.setCountryRules([US], [RULES.US]),
          () => r.setAttester(caller.address, true),
          () => r.transferOwnership(caller.address),
          () => r.renounceOwnership(),
        ];
        for (const call of calls) {
          await expect(call())
            .to.be.revertedWithCustomError(registry, "OwnableUnauthorizedAccount")
            .withArgs(caller.address);
        }
      }
    });

    it("are exactly setCountryRule, setCountryRules, setAttester and the ownership functions", async () => {
      const { registry, stranger } = await loadFixture(registryFixture);
      const { ownerOnly } = await scanOwnerOnly(registry, stranger, (input): unknown =>
        input.type === "bytes2" ? US : (ethers.AbiCoder.defaultAbiCoder().getDefaultValue([input])[0] as unknown),
      );
      expect(ownerOnly).to.deep.equal(OWNER_ONLY);
    });

    it("ownership moves in two steps (Ownable2Step)", async () => {
      const { registry, owner, stranger, alice } = await loadFixture(registryFixture);
      await expect(registry.connect(owner).transferOwnership(alice.address))
        .to.emit(registry, "OwnershipTransferStarted")
        .withArgs(owner.address, alice.address);
      expect(await registry.owner()).to.equal(owner.address);
      expect(await registry.pendingOwner()).to.equal(alice.address);
      await expect(registry.connect(stranger).acceptOwnership())
        .to.be.revertedWithCustomError(registry, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
      await expect(registry.connect(alice).acceptOwnership())
        .to.emit(registry, "OwnershipTransferred")
        .withArgs(owner.address, alice.address);
      await expect(registry.connect(owner).setCountryRule(US, RULES.US))
        .to.be.revertedWithCustomError(registry, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
      await expect(registry.connect(alice).setCountryRule(US, RULES.US))
        .to.emit(registry, "CountryRuleSet")
        .withArgs(US, ruleTuple(RULES.US));
    });
    it("renounceOwnership leaves the rules and attesters as they are, for good", async () => {
      const { registry, owner, attester } = await loadFixture(registryFixture);
      await registry.connect(owner).setCountryRule(US, RULES.US);
      await expect(registry.connect(owner).renounceOwnership())
        .to.emit(registry, "OwnershipTransferred")
        .withArgs(owner.address, ethers.ZeroAddress);
      expect(await registry.owner()).to.equal(ethers.ZeroAddress);
      await expect(registry.connect(owner).setAttester(owner.address, true))
        .to.be.revertedWithCustomError(registry, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
      expect(ruleTuple(await registry.countryRule(US))).to.deep.equal(ruleTuple(RULES.US));
      expect(await registry.isAttester(attester.address)).to.equal(true);
    });
  });

  describe("attestations", () => {
    it("attest stores country, accreditation and expiry and emits Attested with the attester", async () => {
      const { registry, attester, alice } = await loadFixture(registryFixture);
      const expiry = BigInt(await time.latest()) + YEAR;
      expect([...(await registry.attestationOf(alice.address))]).to.deep.equal(["0x0000", false, 0n]);
      await expect(registry.connect(attester).attest(alice.address, US, true, expiry))
        .to.emit(registry, "Attested")
        .withArgs(alice.address, attester.address, US, true, expiry);
      expect([...(await registry.attestationOf(alice.address))]).to.deep.equal([US, true, expiry]);
      // A new attestation replaces the old one (a move to another country, accreditation lost).
      await expect(registry.connect(attester).attest(alice.address, KR, false, expiry + 1n))
        .to.emit(registry, "Attested")
        .withArgs(alice.address, attester.address, KR, false, expiry + 1n);
      expect([...(await registry.attestationOf(alice.address))]).to.deep.equal([KR, false, expiry + 1n]);
    });

    it("reverts Compliance_NotAttester for the owner and strangers", async () => {
      const { registry, owner, stranger, alice } = await loadFixture(registryFixture);
      const expiry = BigInt(await time.latest()) + YEAR;
      for (const caller of [owner, stranger, alice]) {
        await expect(registry.connect(caller).attest(alice.address, US, false, expiry))
          .to.be.revertedWithCustomError(registry, "Compliance_NotAttester")
          .withArgs(caller.address);
      }
    });

    it("reverts Compliance_ZeroAddress for the zero account", async () => {
      const { registry, attester } = await loadFixture(registryFixture);
      const expiry = BigInt(await time.latest()) + YEAR;
      await expect(
        registry.connect(attester).attest(ethers.ZeroAddress, US, false, expiry),
      ).to.be.revertedWithCustomError(registry, "Compliance_ZeroAddress");
    });

    it("reverts Compliance_InvalidCountry for lower-case, digits, zero and out-of-range bytes", async () => {
      const { registry, attester, alice } = await loadFixture(registryFixture);
      const expiry = BigInt(await time.latest()) + YEAR;
      for (const code of INVALID_COUNTRIES) {
        await expect(registry.connect(attester).attest(alice.address, code, false, expiry))
          .to.be.revertedWithCustomError(registry, "Compliance_InvalidCountry")
          .withArgs(code);
      }
      // A valid code without a rule can be attested (the country is then not allowed).
      await expect(registry.connect(attester).attest(alice.address, country("ZZ"), false, expiry))
        .to.emit(registry, "Attested")
        .withArgs(alice.address, attester.address, country("ZZ"), false, expiry);
    });

    it("reverts Compliance_InvalidExpiry unless the expiry is after the block time", async () => {
      const { registry, attester, alice } = await loadFixture(registryFixture);
      const now = BigInt(await time.latest()) + 10n;
      for (const expiry of [0n, now - 1n, now]) {
        await time.setNextBlockTimestamp(now);
        await expect(registry.connect(attester).attest(alice.address, US, false, expiry))
          .to.be.revertedWithCustomError(registry, "Compliance_InvalidExpiry")
          .withArgs(expiry);
      }
      await time.setNextBlockTimestamp(now + 1n);
      await expect(registry.connect(attester).attest(alice.address, US, false, now + 2n))
        .to.emit(registry, "Attested")
        .withArgs(alice.address, attester.address, US, false, now + 2n);
    });

    it("revoke deletes the attestation and emits AttestationRevoked, by any attester", async () => {
      const { registry, owner, attester, attester2, alice, bob } = await loadFixture(registryFixture);
      const expiry = BigInt(await time.latest()) + YEAR;
      await registry.connect(attester).attest(alice.address, US, true, expiry);
      await registry.connect(owner).setAttester(attester2.address, true);
      await expect(registry.connect(attester2).revoke(alice.address))
        .to.emit(registry, "AttestationRevoked")
        .withArgs(alice.address, attester2.address);
      expect([...(await registry.attestationOf(alice.address))]).to.deep.equal(["0x0000", false, 0n]);
      // Revoking an account without an attestation is harmless and still logged.
      await expect(registry.connect(attester).revoke(bob.address))
        .to.emit(registry, "AttestationRevoked")
        .withArgs(bob.address, attester.address);
    });

    it("revoke reverts Compliance_NotAttester for the owner and strangers", async () => {
      const { registry, owner, stranger, alice } = await loadFixture(registryFixture);
      for (const caller of [owner, stranger, alice]) {
        await expect(registry.connect(caller).revoke(alice.address))
          .to.be.revertedWithCustomError(registry, "Compliance_NotAttester")
          .withArgs(caller.address);
      }
    });
  });

  describe("hooks", () => {
    it("revert Compliance_NotShares for any caller but the shares contract (the hub included)", async () => {
      const { registry, hub, alice, bob, stranger, id } = await loadFixture(presetFixture);
      const hubAddress = await hub.getAddress();
      await networkHelpers.impersonateAccount(hubAddress);
      await networkHelpers.setBalance(hubAddress, 10n ** 18n);
      const hubSigner = await ethers.getSigner(hubAddress);
      for (const caller of [stranger, alice, hubSigner]) {
        await expect(registry.connect(caller).checkInvestment(id, alice.address, UNIT, UNIT))
          .to.be.revertedWithCustomError(registry, "Compliance_NotShares")
          .withArgs(caller.address);
        await expect(registry.connect(caller).checkTransfer(id, alice.address, bob.address, UNIT))
          .to.be.revertedWithCustomError(registry, "Compliance_NotShares")
          .withArgs(caller.address);
      }
      expect(await registry.investedLast12Months(alice.address)).to.equal(0n);
    });

    it("answer the shares contract: checkInvestment records the amount, checkTransfer checks both sides", async () => {
      const { registry, shares, alice, bob, kp, id } = await loadFixture(presetFixture);
      const sharesAddress = await shares.getAddress();
      await networkHelpers.impersonateAccount(sharesAddress);
      await networkHelpers.setBalance(sharesAddress, 10n ** 18n);
      const sharesSigner = await ethers.getSigner(sharesAddress);
      await registry.connect(sharesSigner).checkInvestment(id, alice.address, 700n * UNIT, 700n * UNIT);
      expect(await registry.investedLast12Months(alice.address)).to.equal(700n);
      await expect(registry.connect(sharesSigner).checkInvestment(id + 1n, alice.address, 1_801n * UNIT, 1_801n * UNIT))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, US, 2_501n, 2_500n);
      await expect(registry.connect(sharesSigner).checkTransfer(id, bob.address, kp.address, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_CountryNotAllowed")
        .withArgs(kp.address, country("KP"));
    });
  });
});
