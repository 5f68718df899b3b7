import { expect } from "chai";

import {
  ALICE_IN,
  FEE,
  ONE,
  RAISED,
  activeFixture,
  createCampaign,
  defaultConfig,
  deployFixture,
  ethers,
  failedFixture,
  finalizeAfterDeadline,
  fundingFixture,
  investAll,
  loadFixture,
  networkHelpers,
  signPermit,
  time,
  scanOwnerOnly,
} from "./fixtures.js";

/** Functions refused to a stranger by `Ownable`: the owner's settings, and `acceptOwnership` (pending owner only). */
const OWNER_ONLY = [
  "acceptOwnership",
  "renounceOwnership",
  "setCampaignCreationPaused",
  "setFeeBps",
  "setInvestmentPaused",
  "setRevenueOracle",
  "setSettlementToken",
  "setTreasury",
  "transferOwnership",
];

/** Every state-changing function of the hub; any new one must be added here and checked against the owner. */
const STATE_CHANGING = [
  ...OWNER_ONLY,
  "claim",
  "claimMany",
  "createCampaign",
  "depositRevenue",
  "depositSettlement",
  "finalize",
  "invest",
  "investFor",
  "investWithPermit",
  "refund",
  "refundMany",
  "releaseFunds",
  "restoreBond",
  "slashBond",
  "withdrawBond",
  "withdrawDeferred",
].sort();

describe("EncoreHub: owner powers", () => {
  describe("setFeeBps", () => {
    it("sets the fee of future campaigns only and emits FeeBpsSet", async () => {
      const env = await loadFixture(fundingFixture);
      const { hub, usdc, owner, treasury, id } = env;
      await expect(hub.connect(owner).setFeeBps(1_000)).to.emit(hub, "FeeBpsSet").withArgs(1_000n);
      expect(await hub.feeBps()).to.equal(1_000n);
      const later = await createCampaign(env);
      expect((await hub.campaign(later)).feeBps).to.equal(1_000n);
      expect((await hub.campaign(id)).feeBps).to.equal(250n);
      await investAll(env, id, [[env.alice, RAISED]]);
      await expect(finalizeAfterDeadline(env, id)).to.changeTokenBalance(ethers, usdc, treasury, FEE);
    });

    it("reverts with EncoreHub_FeeTooHigh above MAX_FEE_BPS", async () => {
      const { hub, owner } = await loadFixture(deployFixture);
      await expect(hub.connect(owner).setFeeBps(1_001))
        .to.be.revertedWithCustomError(hub, "EncoreHub_FeeTooHigh")
        .withArgs(1_001n, 1_000n);
    });

    it("lets campaigns run without a fee", async () => {
      const env = await loadFixture(deployFixture);
      await env.hub.connect(env.owner).setFeeBps(0);
      const id = await createCampaign(env);
      await investAll(env, id, [[env.alice, RAISED]]);
      await expect(finalizeAfterDeadline(env, id)).to.emit(env.hub, "Finalized").withArgs(id, true, RAISED, 0n);
      expect(await env.hub.unreleased(id)).to.equal(RAISED);
    });
  });

  describe("setTreasury", () => {
    it("records a new treasury for future campaigns; older campaigns keep paying the old one", async () => {
      const env = await loadFixture(fundingFixture);
      const { hub, usdc, owner, treasury, stranger, id } = env;
      await expect(hub.connect(owner).setTreasury(stranger.address))
        .to.emit(hub, "TreasurySet")
        .withArgs(stranger.address, 1n);
      expect(await hub.treasury()).to.equal(stranger.address);
      const cfg = await defaultConfig(await usdc.getAddress());
      await expect(hub.connect(env.artist).createCampaign(cfg))
        .to.emit(hub, "CampaignCreated")
        .withArgs(2n, env.artist.address, await usdc.getAddress(), () => true, 250n, 1n);
      expect((await hub.campaign(2n)).treasury).to.equal(stranger.address);
      expect((await hub.campaign(id)).treasury).to.equal(treasury.address);
      await investAll(env, id, [[env.alice, RAISED]]);
      await expect(finalizeAfterDeadline(env, id)).to.changeTokenBalances(
        ethers,
        usdc,
        [treasury, stranger],
        [FEE, 0n],
      );
      await expect(hub.connect(owner).setTreasury(treasury.address))
        .to.emit(hub, "TreasurySet")
        .withArgs(treasury.address, 2n);
    });

    it("reverts with EncoreHub_ZeroAddress for the zero address", async () => {
      const { hub, owner } = await loadFixture(deployFixture);
      await expect(hub.connect(owner).setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        hub,
        "EncoreHub_ZeroAddress",
      );
    });

    it("reverts with EncoreHub_TreasuryHistoryFull once 65,536 treasuries were recorded", async () => {
      const env = await loadFixture(deployFixture);
      const { hub, owner, stranger } = env;
      const hubAddress = await hub.getAddress();
      await createCampaign(env);
      await hub.connect(owner).setTreasury(stranger.address);
      // Settings slot (after Ownable's owner and Ownable2Step's pending owner): feeBps (16 bits), two pause flags,
      // campaignCount (48 bits), treasuryIndex (16 bits at bit 80), revenueOracle. Checked against the getters first.
      const SETTINGS_SLOT = 2n;
      const TREASURIES_SLOT = 3n;
      const word = BigInt(await ethers.provider.getStorage(hubAddress, SETTINGS_SLOT));
      expect(word & 0xffffn).to.equal(await hub.feeBps());
      expect((word >> 32n) & (2n ** 48n - 1n)).to.equal(await hub.campaignCount());
      expect((word >> 80n) & 0xffffn).to.equal(1n);
      const last = 0xffffn;
      await networkHelpers.setStorageAt(hubAddress, SETTINGS_SLOT, (word & ~(0xffffn << 80n)) | (last << 80n));
      const key = ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [last, TREASURIES_SLOT]),
      );
      await networkHelpers.setStorageAt(hubAddress, key, BigInt(stranger.address));
      expect(await hub.treasury()).to.equal(stranger.address);
      await expect(hub.connect(owner).setTreasury(owner.address)).to.be.revertedWithCustomError(
        hub,
        "EncoreHub_TreasuryHistoryFull",
      );
    });
  });

  describe("setSettlementToken", () => {
    it("adds and removes tokens for future campaigns; running campaigns are unaffected", async () => {
      const env = await loadFixture(fundingFixture);
      const { hub, usdc, owner, artist, alice, id } = env;
      const token = await usdc.getAddress();
      await expect(hub.connect(owner).setSettlementToken(usdc, false))
        .to.emit(hub, "SettlementTokenSet")
        .withArgs(token, false);
      expect(await hub.isSettlementToken(token)).to.equal(false);
      await expect(createCampaign(env)).to.be.revertedWithCustomError(hub, "EncoreHub_TokenNotAllowed").withArgs(token);
      await investAll(env, id, [[alice, RAISED]]);
      await finalizeAfterDeadline(env, id);
      await hub.connect(artist).depositRevenue(id, RAISED);
      await expect(hub.connect(alice).claim(id)).to.emit(hub, "Claimed").withArgs(id, alice.address, RAISED);
      await expect(hub.connect(owner).setSettlementToken(usdc, true))
        .to.emit(hub, "SettlementTokenSet")
        .withArgs(token, true);
      expect(await hub.isSettlementToken(token)).to.equal(true);
    });

    it("reverts with EncoreHub_NotAContract for an address without code", async () => {
      const { hub, owner, alice } = await loadFixture(deployFixture);
      await expect(hub.connect(owner).setSettlementToken(ethers.ZeroAddress, true))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotAContract")
        .withArgs(ethers.ZeroAddress);
      await expect(hub.connect(owner).setSettlementToken(alice.address, true))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotAContract")
        .withArgs(alice.address);
    });
  });

  describe("pauses", () => {
    it("pauses and resumes the creation of campaigns", async () => {
      const env = await loadFixture(deployFixture);
      await expect(env.hub.connect(env.owner).setCampaignCreationPaused(true))
        .to.emit(env.hub, "CampaignCreationPausedSet")
        .withArgs(true);
      expect(await env.hub.campaignCreationPaused()).to.equal(true);
      await expect(createCampaign(env)).to.be.revertedWithCustomError(env.hub, "EncoreHub_CampaignCreationPaused");
      await expect(env.hub.connect(env.owner).setCampaignCreationPaused(false))
        .to.emit(env.hub, "CampaignCreationPausedSet")
        .withArgs(false);
      expect(await createCampaign(env)).to.equal(1n);
    });

    it("pauses and resumes new investments of every kind", async () => {
      const { hub, usdc, owner, alice, dave, id } = await loadFixture(fundingFixture);
      await expect(hub.connect(owner).setInvestmentPaused(true)).to.emit(hub, "InvestmentPausedSet").withArgs(true);
      expect(await hub.investmentPaused()).to.equal(true);
      const paused = "EncoreHub_InvestmentPaused";
      await expect(hub.connect(alice).invest(id, 100n * ONE)).to.be.revertedWithCustomError(hub, paused);
      await expect(hub.connect(alice).investFor(id, dave.address, 100n * ONE)).to.be.revertedWithCustomError(
        hub,
        paused,
      );
      const deadline = BigInt(await time.latest()) + 600n;
      const { v, r, s } = await signPermit(usdc, dave, await hub.getAddress(), 100n * ONE, deadline);
      await expect(hub.connect(dave).investWithPermit(id, 100n * ONE, deadline, v, r, s)).to.be.revertedWithCustomError(
        hub,
        paused,
      );
      await expect(hub.connect(owner).setInvestmentPaused(false)).to.emit(hub, "InvestmentPausedSet").withArgs(false);
      await expect(hub.connect(alice).invest(id, 100n * ONE)).to.emit(hub, "Invested");
    });

    it("never pauses finalize, releases, deposits, claims and bond withdrawal", async () => {
      const env = await loadFixture(fundingFixture);
      const { hub, owner, artist, alice, id } = env;
      const bonded = await createCampaign(env, { bond: ONE, payoutCap: RAISED });
      await investAll(env, id, [[alice, RAISED]]);
      await investAll(env, bonded, [[alice, RAISED]]);
      await hub.connect(owner).setInvestmentPaused(true);
      await hub.connect(owner).setCampaignCreationPaused(true);
      await finalizeAfterDeadline(env, id);
      await hub.finalize(bonded);
      await expect(hub.releaseFunds(id)).to.emit(hub, "FundsReleased");
      await hub.connect(artist).depositRevenue(bonded, RAISED);
      await expect(hub.connect(alice).claim(bonded)).to.emit(hub, "Claimed");
      await hub.connect(artist).depositRevenue(id, RAISED);
      await expect(hub.connect(alice).claimMany([id])).to.emit(hub, "Claimed");
      await expect(hub.withdrawBond(bonded)).to.emit(hub, "BondWithdrawn");
    });

    it("never pauses refunds", async () => {
      const { hub, owner, alice, bob, keeper, id } = await loadFixture(failedFixture);
      await hub.connect(owner).setInvestmentPaused(true);
      await hub.connect(owner).setCampaignCreationPaused(true);
      await expect(hub.connect(alice).refund(id)).to.emit(hub, "Refunded").withArgs(id, alice.address, ALICE_IN);
      await expect(hub.connect(keeper).refundMany(id, [bob.address])).to.emit(hub, "Refunded");
    });
  });

  describe("setRevenueOracle", () => {
    it("sets the oracle once and refuses a second time", async () => {
      const { hub, owner } = await loadFixture(deployFixture);
      const oracle = await ethers.deployContract("MockRevenueOracle", [hub]);
      const other = await ethers.deployContract("MockRevenueOracle", [hub]);
      await expect(hub.connect(owner).setRevenueOracle(oracle))
        .to.emit(hub, "RevenueOracleSet")
        .withArgs(await oracle.getAddress());
      expect(await hub.revenueOracle()).to.equal(await oracle.getAddress());
      await expect(hub.connect(owner).setRevenueOracle(other))
        .to.be.revertedWithCustomError(hub, "EncoreHub_RevenueOracleAlreadySet")
        .withArgs(await oracle.getAddress());
    });

    it("reverts with EncoreHub_NotAContract for an address without code", async () => {
      const { hub, owner, alice } = await loadFixture(deployFixture);
      await expect(hub.connect(owner).setRevenueOracle(alice.address))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotAContract")
        .withArgs(alice.address);
    });
  });

  describe("ownership", () => {
    it("transfers ownership in two steps", async () => {
      const { hub, owner, bob, stranger } = await loadFixture(deployFixture);
      await expect(hub.connect(owner).transferOwnership(bob.address))
        .to.emit(hub, "OwnershipTransferStarted")
        .withArgs(owner.address, bob.address);
      expect(await hub.owner()).to.equal(owner.address);
      expect(await hub.pendingOwner()).to.equal(bob.address);
      await expect(hub.connect(stranger).acceptOwnership())
        .to.be.revertedWithCustomError(hub, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
      await expect(hub.connect(bob).acceptOwnership())
        .to.emit(hub, "OwnershipTransferred")
        .withArgs(owner.address, bob.address);
      expect(await hub.pendingOwner()).to.equal(ethers.ZeroAddress);
      await expect(hub.connect(owner).setFeeBps(1))
        .to.be.revertedWithCustomError(hub, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
      await expect(hub.connect(bob).setFeeBps(1)).to.emit(hub, "FeeBpsSet").withArgs(1n);
    });

    it("can be renounced, leaving the settings frozen", async () => {
      const { hub, owner } = await loadFixture(deployFixture);
      await expect(hub.connect(owner).renounceOwnership())
        .to.emit(hub, "OwnershipTransferred")
        .withArgs(owner.address, ethers.ZeroAddress);
      expect(await hub.owner()).to.equal(ethers.ZeroAddress);
      await expect(hub.connect(owner).setInvestmentPaused(true))
        .to.be.revertedWithCustomError(hub, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
    });
  });

  describe("limits of the owner's power", () => {
    it("reverts every owner function with OwnableUnauthorizedAccount for anyone else, and no other function", async () => {
      const { hub, stranger } = await loadFixture(deployFixture);
      const { stateChanging, ownerOnly } = await scanOwnerOnly(hub, stranger);
      expect(stateChanging).to.deep.equal(STATE_CHANGING);
      expect(ownerOnly).to.deep.equal(OWNER_ONLY);
    });

    it("moves no escrowed, revenue or bond funds through any owner function", async () => {
      const env = await loadFixture(activeFixture);
      const { hub, usdc, owner, artist, alice, bob, stranger, id } = env;
      const funding = await createCampaign(env, { bond: 500n * ONE });
      await investAll(env, funding, [[bob, 700n * ONE]]);
      await hub.connect(artist).depositRevenue(id, RAISED);
      const held = await usdc.balanceOf(hub);
      const oracle = await ethers.deployContract("MockRevenueOracle", [hub]);
      const h = hub.connect(owner);
      for (const call of [
        () => h.setFeeBps(1_000),
        () => h.setTreasury(owner.address),
        () => h.setSettlementToken(usdc, false),
        () => h.setCampaignCreationPaused(true),
        () => h.setInvestmentPaused(true),
        () => h.setRevenueOracle(oracle),
        () => h.transferOwnership(stranger.address),
        () => h.renounceOwnership(),
      ]) {
        await expect(call()).to.changeTokenBalances(ethers, usdc, [hub, owner], [0n, 0n]);
      }
      expect(await usdc.balanceOf(hub)).to.equal(held);
      // Every holder, the artist and the keeper still get their money.
      await expect(hub.connect(alice).claim(id)).to.emit(hub, "Claimed");
      await expect(hub.releaseFunds(id))
        .to.emit(hub, "FundsReleased")
        .withArgs(id, artist.address, RAISED - FEE, RAISED - FEE);
      await finalizeAfterDeadline(env, funding);
      await expect(hub.connect(bob).refund(funding))
        .to.emit(hub, "Refunded")
        .withArgs(funding, bob.address, 700n * ONE);
      await expect(hub.withdrawBond(funding))
        .to.emit(hub, "BondWithdrawn")
        .withArgs(funding, artist.address, 500n * ONE);
    });
  });
});
