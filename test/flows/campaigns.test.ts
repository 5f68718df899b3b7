import { expect } from "chai";

import {
  ConfigField,
  DAY,
  FEE_BPS,
  METADATA_URI,
  ONE,
  SHARES_URI,
  State,
  TERMS_HASH,
  YEAR,
  createCampaign,
  defaultConfig,
  deployFixture,
  ethers,
  fundingFixture,
  loadFixture,
  time,
  type CampaignConfig,
} from "./fixtures.js";

describe("EncoreHub: campaign creation", () => {
  describe("constants and construction", () => {
    it("exposes the protocol limits as constants", async () => {
      const { hub } = await loadFixture(deployFixture);
      expect(await hub.BPS()).to.equal(10_000n);
      expect(await hub.MAX_FEE_BPS()).to.equal(1_000n);
      expect(await hub.MAX_FUNDING_PERIOD()).to.equal(365n * DAY);
      expect(await hub.MAX_SHARE_DURATION()).to.equal(20n * YEAR);
      expect(await hub.MAX_VESTING_DURATION()).to.equal(10n * YEAR);
      expect(await hub.MAX_HARD_CAP()).to.equal(2n ** 88n - 1n);
      expect(await hub.MAX_MIN_INVESTMENT()).to.equal(2n ** 80n - 1n);
      expect(await hub.MAX_REVENUE_TO_HOLDERS()).to.equal(2n ** 95n - 1n);
      expect(await hub.MAX_BOND()).to.equal(2n ** 96n - 1n);
      expect(await hub.MAX_METADATA_URI_LENGTH()).to.equal(512n);
      expect(await hub.MAX_BATCH()).to.equal(200n);
      expect(await hub.BOND_LOCK_AFTER_SHARE_END()).to.equal(180n * DAY);
    });

    it("deploys its own shares contract whose hub is the hub", async () => {
      const { hub, shares } = await loadFixture(deployFixture);
      expect(await shares.HUB()).to.equal(await hub.getAddress());
      expect(await shares.uri(1n)).to.equal(SHARES_URI);
    });

    it("starts with the constructor settings and no campaign", async () => {
      const { hub, owner, treasury } = await loadFixture(deployFixture);
      expect(await hub.owner()).to.equal(owner.address);
      expect(await hub.treasury()).to.equal(treasury.address);
      expect(await hub.feeBps()).to.equal(FEE_BPS);
      expect(await hub.campaignCount()).to.equal(0n);
      expect(await hub.revenueOracle()).to.equal(ethers.ZeroAddress);
      expect(await hub.campaignCreationPaused()).to.equal(false);
      expect(await hub.investmentPaused()).to.equal(false);
    });

    it("reverts deployment with a fee above the maximum or a zero treasury", async () => {
      const { hub, owner } = await loadFixture(deployFixture);
      const factory = await ethers.getContractFactory("EncoreHub");
      await expect(factory.deploy(owner.address, owner.address, 1_001, SHARES_URI))
        .to.be.revertedWithCustomError(hub, "EncoreHub_FeeTooHigh")
        .withArgs(1_001n, 1_000n);
      await expect(factory.deploy(owner.address, ethers.ZeroAddress, 100, SHARES_URI)).to.be.revertedWithCustomError(
        hub,
        "EncoreHub_ZeroAddress",
      );
    });
  });

  describe("createCampaign", () => {
    it("stores the configuration, the artist and the copied fee and treasury", async () => {
      const env = await loadFixture(deployFixture);
      const { hub, usdc, artist, treasury } = env;
      const cfg = await defaultConfig(await usdc.getAddress(), { maxPerInvestor: 5_000n * ONE, payoutCap: 1n });
      await hub.connect(artist).createCampaign(cfg);
      const c = await hub.campaign(1n);
      expect(c.artist).to.equal(artist.address);
      expect(c.token).to.equal(await usdc.getAddress());
      expect(c.treasury).to.equal(treasury.address);
      expect(c.compliance).to.equal(ethers.ZeroAddress);
      expect(c.state).to.equal(State.Funding);
      expect(c.goal).to.equal(cfg.goal);
      expect(c.hardCap).to.equal(cfg.hardCap);
      expect(c.raised).to.equal(0n);
      expect(c.minInvestment).to.equal(cfg.minInvestment);
      expect(c.maxPerInvestor).to.equal(5_000n * ONE);
      expect(c.payoutCap).to.equal(1n);
      expect(c.paidToHolders).to.equal(0n);
      expect(c.released).to.equal(0n);
      expect(c.bond).to.equal(0n);
      expect(c.fundingDeadline).to.equal(cfg.fundingDeadline);
      expect(c.activatedAt).to.equal(0n);
      expect(c.shareDuration).to.equal(cfg.shareDuration);
      expect(c.vestingDuration).to.equal(cfg.vestingDuration);
      expect(c.revenueShareBps).to.equal(cfg.revenueShareBps);
      expect(c.feeBps).to.equal(FEE_BPS);
      expect(c.termsHash).to.equal(TERMS_HASH);
      expect(await hub.state(1n)).to.equal(State.Funding);
      expect(await hub.shareEnd(1n)).to.equal(0n);
      expect(await hub.bondUnlockTime(1n)).to.equal(ethers.MaxUint256);
      expect(await hub.releasable(1n)).to.equal(0n);
      expect(await hub.unreleased(1n)).to.equal(0n);
      expect(await hub.revenueRemainder(1n)).to.equal(0n);
    });

    it("numbers campaigns from 1 and counts them", async () => {
      const env = await loadFixture(deployFixture);
      expect(await createCampaign(env)).to.equal(1n);
      expect(await createCampaign(env, {}, env.bob)).to.equal(2n);
      expect(await env.hub.campaignCount()).to.equal(2n);
      expect((await env.hub.campaign(2n)).artist).to.equal(env.bob.address);
    });

    it("emits CampaignCreated with the artist, token, configuration, fee and treasury index", async () => {
      const { hub, usdc, artist } = await loadFixture(deployFixture);
      const cfg = await defaultConfig(await usdc.getAddress());
      const matchesConfig = (emitted: CampaignConfig): boolean =>
        emitted.token === cfg.token &&
        emitted.goal === cfg.goal &&
        emitted.hardCap === cfg.hardCap &&
        emitted.fundingDeadline === cfg.fundingDeadline &&
        emitted.termsHash === TERMS_HASH &&
        emitted.metadataURI === METADATA_URI &&
        emitted.compliance === ethers.ZeroAddress;
      await expect(hub.connect(artist).createCampaign(cfg))
        .to.emit(hub, "CampaignCreated")
        .withArgs(1n, artist.address, cfg.token, matchesConfig, FEE_BPS, 0n);
    });

    it("pulls the bond from the artist", async () => {
      const env = await loadFixture(deployFixture);
      const bond = 1_234n * ONE;
      const cfg = await defaultConfig(await env.usdc.getAddress(), { bond });
      await expect(env.hub.connect(env.artist).createCampaign(cfg)).to.changeTokenBalances(
        ethers,
        env.usdc,
        [env.artist, env.hub],
        [-bond, bond],
      );
      expect((await env.hub.campaign(1n)).bond).to.equal(bond);
    });

    it("reverts when the bond is not approved", async () => {
      const env = await loadFixture(deployFixture);
      const cfg = await defaultConfig(await env.usdc.getAddress(), { bond: ONE });
      await expect(env.hub.connect(env.dave).createCampaign(cfg))
        .to.be.revertedWithCustomError(env.usdc, "ERC20InsufficientAllowance")
        .withArgs(await env.hub.getAddress(), 0n, ONE);
    });

    it("accepts every field at its limit", async () => {
      const env = await loadFixture(deployFixture);
      const now = BigInt(await time.latest());
      const cfg = await defaultConfig(await env.usdc.getAddress(), {
        goal: 2n ** 88n - 1n,
        hardCap: 2n ** 88n - 1n,
        fundingDeadline: now + 1n + 365n * DAY,
        minInvestment: 2n ** 80n - 1n,
        maxPerInvestor: 2n ** 88n - 1n,
        revenueShareBps: 10_000n,
        payoutCap: 2n ** 95n - 1n,
        shareDuration: 20n * YEAR,
        vestingDuration: 10n * YEAR,
        metadataURI: "x".repeat(512),
      });
      await time.setNextBlockTimestamp(now + 1n);
      await expect(env.hub.connect(env.artist).createCampaign(cfg)).to.emit(env.hub, "CampaignCreated");
      const c = await env.hub.campaign(1n);
      expect(c.hardCap).to.equal(2n ** 88n - 1n);
      expect(c.payoutCap).to.equal(2n ** 95n - 1n);
      expect(c.fundingDeadline).to.equal(now + 1n + 365n * DAY);
    });

    it("reverts with EncoreHub_TokenNotAllowed for a token off the allow-list", async () => {
      const env = await loadFixture(deployFixture);
      const other = await ethers.deployContract("MockStablecoin", ["Other", "OTH"]);
      const cfg = await defaultConfig(await other.getAddress());
      await expect(env.hub.connect(env.artist).createCampaign(cfg))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_TokenNotAllowed")
        .withArgs(await other.getAddress());
    });

    describe("EncoreHub_InvalidConfig names the bad field", () => {
      const M = 2n ** 88n - 1n;
      const cases: [string, keyof typeof ConfigField, (now: bigint) => Partial<CampaignConfig>][] = [
        ["a goal of zero", "goal", () => ({ goal: 0n })],
        ["a hard cap below the goal", "hardCap", () => ({ hardCap: 10_000n * ONE - 1n })],
        ["a hard cap above 2**88 - 1", "hardCap", () => ({ hardCap: M + 1n })],
        ["a deadline in the past", "fundingDeadline", (now) => ({ fundingDeadline: now - 1n })],
        ["a deadline equal to now", "fundingDeadline", (now) => ({ fundingDeadline: now + 1n })],
        ["a deadline more than a year ahead", "fundingDeadline", (now) => ({ fundingDeadline: now + 2n + YEAR })],
        ["a minimum above the hard cap", "minInvestment", () => ({ minInvestment: 50_000n * ONE + 1n })],
        ["a minimum above 2**80 - 1", "minInvestment", () => ({ hardCap: M, minInvestment: 2n ** 80n })],
        ["a maximum per investor below the minimum", "maxPerInvestor", () => ({ maxPerInvestor: ONE })],
        ["a maximum per investor above the hard cap", "maxPerInvestor", () => ({ maxPerInvestor: M })],
        ["a revenue share of zero", "revenueShareBps", () => ({ revenueShareBps: 0n })],
        ["a revenue share above 100 %", "revenueShareBps", () => ({ revenueShareBps: 10_001n })],
        ["a payout cap above 2**95 - 1", "payoutCap", () => ({ payoutCap: 2n ** 95n })],
        ["a share duration of zero", "shareDuration", () => ({ shareDuration: 0n })],
        ["a share duration above 20 years", "shareDuration", () => ({ shareDuration: 20n * YEAR + 1n })],
        ["a vesting above 10 years", "vestingDuration", () => ({ vestingDuration: 10n * YEAR + 1n })],
        ["a bond above 2**96 - 1", "bond", () => ({ bond: 2n ** 96n })],
        ["a zero terms hash", "termsHash", () => ({ termsHash: ethers.ZeroHash })],
        ["an empty metadata URI", "metadataURI", () => ({ metadataURI: "" })],
        ["a metadata URI over 512 bytes", "metadataURI", () => ({ metadataURI: "x".repeat(513) })],
        [
          "a compliance registry without code",
          "compliance",
          () => ({ compliance: ethers.Wallet.createRandom().address }),
        ],
      ];
      for (const [name, field, override] of cases) {
        it(`reverts naming ${field} for ${name}`, async () => {
          const env = await loadFixture(deployFixture);
          const now = BigInt(await time.latest());
          const cfg = await defaultConfig(await env.usdc.getAddress(), override(now));
          await time.setNextBlockTimestamp(now + 1n);
          await expect(env.hub.connect(env.artist).createCampaign(cfg))
            .to.be.revertedWithCustomError(env.hub, "EncoreHub_InvalidConfig")
            .withArgs(ConfigField[field]);
        });
      }

      it("names the first bad field when several are bad", async () => {
        const env = await loadFixture(deployFixture);
        const cfg = await defaultConfig(await env.usdc.getAddress(), { termsHash: ethers.ZeroHash, goal: 0n });
        await expect(env.hub.connect(env.artist).createCampaign(cfg))
          .to.be.revertedWithCustomError(env.hub, "EncoreHub_InvalidConfig")
          .withArgs(ConfigField.goal);
      });

      it("names ConfigField.token for the zero token, before any other field", async () => {
        const env = await loadFixture(deployFixture);
        const cfg = await defaultConfig(ethers.ZeroAddress, { goal: 0n });
        await expect(env.hub.connect(env.artist).createCampaign(cfg))
          .to.be.revertedWithCustomError(env.hub, "EncoreHub_InvalidConfig")
          .withArgs(ConfigField.token);
      });
    });
  });

  describe("unknown campaigns", () => {
    it("reverts every view that takes an id with EncoreHub_UnknownCampaign", async () => {
      const { hub } = await loadFixture(fundingFixture);
      for (const id of [0n, 2n]) {
        await expect(hub.state(id)).to.be.revertedWithCustomError(hub, "EncoreHub_UnknownCampaign").withArgs(id);
        await expect(hub.campaign(id)).to.be.revertedWithCustomError(hub, "EncoreHub_UnknownCampaign").withArgs(id);
        await expect(hub.releasable(id)).to.be.revertedWithCustomError(hub, "EncoreHub_UnknownCampaign").withArgs(id);
        await expect(hub.unreleased(id)).to.be.revertedWithCustomError(hub, "EncoreHub_UnknownCampaign").withArgs(id);
        await expect(hub.shareEnd(id)).to.be.revertedWithCustomError(hub, "EncoreHub_UnknownCampaign").withArgs(id);
        await expect(hub.bondUnlockTime(id))
          .to.be.revertedWithCustomError(hub, "EncoreHub_UnknownCampaign")
          .withArgs(id);
        await expect(hub.revenueRemainder(id))
          .to.be.revertedWithCustomError(hub, "EncoreHub_UnknownCampaign")
          .withArgs(id);
      }
      expect(await hub.claimable(2n, ethers.ZeroAddress)).to.equal(0n);
    });

    it("reverts every action that takes an id with EncoreHub_UnknownCampaign", async () => {
      const { hub, alice } = await loadFixture(fundingFixture);
      const id = 7n;
      const h = hub.connect(alice);
      const unknown = "EncoreHub_UnknownCampaign";
      await expect(h.invest(id, ONE)).to.be.revertedWithCustomError(hub, unknown).withArgs(id);
      await expect(h.investFor(id, alice.address, ONE))
        .to.be.revertedWithCustomError(hub, unknown)
        .withArgs(id);
      await expect(h.investWithPermit(id, ONE, 0n, 27, ethers.ZeroHash, ethers.ZeroHash))
        .to.be.revertedWithCustomError(hub, unknown)
        .withArgs(id);
      await expect(h.finalize(id)).to.be.revertedWithCustomError(hub, unknown).withArgs(id);
      await expect(h.refund(id)).to.be.revertedWithCustomError(hub, unknown).withArgs(id);
      await expect(h.refundMany(id, [alice.address]))
        .to.be.revertedWithCustomError(hub, unknown)
        .withArgs(id);
      await expect(h.releaseFunds(id)).to.be.revertedWithCustomError(hub, unknown).withArgs(id);
      await expect(h.withdrawBond(id)).to.be.revertedWithCustomError(hub, unknown).withArgs(id);
      await expect(h.depositRevenue(id, ONE)).to.be.revertedWithCustomError(hub, unknown).withArgs(id);
    });
  });
});
