// EncoreShares beyond plain ERC-1155: transfer locks before success, accrual that never moves with a transfer,
// hub-only entries, and the packed-storage bounds (checked on a shares contract whose "hub" is a test account).
import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  MAGNITUDE,
  ONE,
  RAISED,
  SHARES_URI,
  activeFixture,
  createCampaign,
  deployFixture,
  ethers,
  failedFixture,
  fundingFixture,
  loadFixture,
  twoCampaignsFixture,
} from "./fixtures.js";

describe("EncoreShares: locks, accrual and hub-only entries", () => {
  describe("transfer locks", () => {
    it("locks transfers while the campaign is Funding", async () => {
      const { hub, shares, alice, bob, id } = await loadFixture(fundingFixture);
      await hub.connect(alice).invest(id, 100n * ONE);
      expect(await shares.transfersEnabled(id)).to.equal(false);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, 1n, "0x"))
        .to.be.revertedWithCustomError(shares, "EncoreShares_TransfersLocked")
        .withArgs(id);
      await expect(shares.connect(alice).safeBatchTransferFrom(alice.address, bob.address, [id], [1n], "0x"))
        .to.be.revertedWithCustomError(shares, "EncoreShares_TransfersLocked")
        .withArgs(id);
    });

    it("keeps transfers locked after failure", async () => {
      const { shares, alice, bob, id } = await loadFixture(failedFixture);
      expect(await shares.transfersEnabled(id)).to.equal(false);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, ALICE_IN, "0x"))
        .to.be.revertedWithCustomError(shares, "EncoreShares_TransfersLocked")
        .withArgs(id);
    });

    it("refuses a batch when any of its ids is locked", async () => {
      const env = await loadFixture(twoCampaignsFixture);
      const locked = await createCampaign(env);
      await env.hub.connect(env.alice).invest(locked, 10n * ONE);
      await expect(
        env.shares
          .connect(env.alice)
          .safeBatchTransferFrom(env.alice.address, env.bob.address, [env.id, locked], [1n, 1n], "0x"),
      )
        .to.be.revertedWithCustomError(env.shares, "EncoreShares_TransfersLocked")
        .withArgs(locked);
    });
  });

  describe("accrual follows the holder, not the share", () => {
    it("leaves revenue accrued before a sale with the seller; the buyer earns only later revenue", async () => {
      const { hub, shares, artist, alice, bob, dave, id } = await loadFixture(activeFixture);
      await hub.connect(artist).depositRevenue(id, RAISED);
      await shares.connect(alice).safeTransferFrom(alice.address, dave.address, id, ALICE_IN / 2n, "0x");
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
      expect(await hub.claimable(id, dave.address)).to.equal(0n);
      await expect(hub.connect(dave).claim(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToClaim")
        .withArgs(id, dave.address);

      await hub.connect(artist).depositRevenue(id, RAISED);
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN + ALICE_IN / 2n);
      expect(await hub.claimable(id, dave.address)).to.equal(ALICE_IN / 2n);
      expect(await hub.claimable(id, bob.address)).to.equal(2n * BOB_IN);
    });

    it("keeps a claimed seller's books right after selling everything", async () => {
      const { hub, shares, artist, alice, dave, id } = await loadFixture(activeFixture);
      await hub.connect(artist).depositRevenue(id, RAISED);
      await hub.connect(alice).claim(id);
      await shares.connect(alice).safeTransferFrom(alice.address, dave.address, id, ALICE_IN, "0x");
      await hub.connect(artist).depositRevenue(id, RAISED);
      expect(await hub.claimable(id, alice.address)).to.equal(0n);
      expect(await shares.accruedMagnified(id, alice.address)).to.equal(0n);
      expect(await hub.claimable(id, dave.address)).to.equal(ALICE_IN);
    });
  });

  describe("hub-only entries", () => {
    it("revert with EncoreShares_OnlyHub for any other caller", async () => {
      const { shares, alice, id } = await loadFixture(activeFixture);
      const s = shares.connect(alice);
      const onlyHub = "EncoreShares_OnlyHub";
      await expect(s.setCompliance(9n, alice.address))
        .to.be.revertedWithCustomError(shares, onlyHub)
        .withArgs(alice.address);
      await expect(s.mint(alice.address, id, 1n, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(shares, onlyHub)
        .withArgs(alice.address);
      await expect(s.burn(alice.address, id, 1n))
        .to.be.revertedWithCustomError(shares, onlyHub)
        .withArgs(alice.address);
      await expect(s.enableTransfers(9n)).to.be.revertedWithCustomError(shares, onlyHub).withArgs(alice.address);
      await expect(s.addRevenuePerShare(id, MAGNITUDE))
        .to.be.revertedWithCustomError(shares, onlyHub)
        .withArgs(alice.address);
      await expect(s.consumeClaimable(id, alice.address))
        .to.be.revertedWithCustomError(shares, onlyHub)
        .withArgs(alice.address);
    });
  });

  describe("driven directly by its hub (a test account)", () => {
    async function bareSharesFixture() {
      const env = await deployFixture();
      const fakeHub = env.owner;
      const bare = await ethers.deployContract("EncoreShares", [SHARES_URI], fakeHub);
      const receiver = await ethers.deployContract("ReentrantReceiver");
      return { ...env, fakeHub, bare, receiver };
    }

    it("records its deployer as HUB and scales revenue by 2**64", async () => {
      const { bare, fakeHub } = await loadFixture(bareSharesFixture);
      expect(await bare.HUB()).to.equal(fakeHub.address);
      expect(await bare.MAGNITUDE()).to.equal(MAGNITUDE);
    });

    it("mints with TransferSingle from the zero address and returns the new balance", async () => {
      const { bare, fakeHub, alice } = await loadFixture(bareSharesFixture);
      await bare.mint(alice.address, 1n, 5n, ethers.ZeroAddress);
      expect(await bare.mint.staticCall(alice.address, 1n, 7n, ethers.ZeroAddress)).to.equal(12n);
      await expect(bare.mint(alice.address, 1n, 7n, ethers.ZeroAddress))
        .to.emit(bare, "TransferSingle")
        .withArgs(fakeHub.address, ethers.ZeroAddress, alice.address, 1n, 7n);
      expect(await bare.totalSupply(1n)).to.equal(12n);
    });

    it("refuses to mint to the zero address or to a receiver that refuses", async () => {
      const { bare, receiver } = await loadFixture(bareSharesFixture);
      await expect(bare.mint(ethers.ZeroAddress, 1n, 1n, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(bare, "ERC1155InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
      await receiver.setAccept(false);
      await expect(bare.mint(receiver, 1n, 1n, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(bare, "ERC1155InvalidReceiver")
        .withArgs(await receiver.getAddress());
    });

    it("burns with TransferSingle to the zero address, even while transfers are locked", async () => {
      const { bare, fakeHub, alice } = await loadFixture(bareSharesFixture);
      await bare.mint(alice.address, 1n, 10n, ethers.ZeroAddress);
      await expect(bare.burn(alice.address, 1n, 4n))
        .to.emit(bare, "TransferSingle")
        .withArgs(fakeHub.address, alice.address, ethers.ZeroAddress, 1n, 4n);
      expect(await bare.balanceOf(alice.address, 1n)).to.equal(6n);
      expect(await bare.totalSupply(1n)).to.equal(6n);
    });

    it("refuses to burn from the zero address or more than the balance", async () => {
      const { bare, alice } = await loadFixture(bareSharesFixture);
      await bare.mint(alice.address, 1n, 10n, ethers.ZeroAddress);
      await expect(bare.burn(ethers.ZeroAddress, 1n, 1n))
        .to.be.revertedWithCustomError(bare, "ERC1155InvalidSender")
        .withArgs(ethers.ZeroAddress);
      await expect(bare.burn(alice.address, 1n, 11n))
        .to.be.revertedWithCustomError(bare, "ERC1155InsufficientBalance")
        .withArgs(alice.address, 10n, 11n, 1n);
    });

    it("reverts with EncoreShares_SupplyOverflow past 2**88 - 1 shares", async () => {
      const { bare, alice, bob } = await loadFixture(bareSharesFixture);
      const max = 2n ** 88n - 1n;
      await bare.mint(alice.address, 1n, max, ethers.ZeroAddress);
      await expect(bare.mint(bob.address, 1n, 1n, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(bare, "EncoreShares_SupplyOverflow")
        .withArgs(1n, max, 1n);
    });

    it("reverts with EncoreShares_AccumulatorOverflow past 2**160 - 1", async () => {
      const { bare } = await loadFixture(bareSharesFixture);
      await bare.addRevenuePerShare(1n, 2n ** 160n - 2n);
      await bare.addRevenuePerShare(1n, 1n);
      expect(await bare.revenuePerShare(1n)).to.equal(2n ** 160n - 1n);
      await expect(bare.addRevenuePerShare(1n, 1n))
        .to.be.revertedWithCustomError(bare, "EncoreShares_AccumulatorOverflow")
        .withArgs(1n);
    });

    it("sets a compliance registry once per id (EncoreShares_ComplianceAlreadySet)", async () => {
      const { bare, receiver, usdc } = await loadFixture(bareSharesFixture);
      await bare.setCompliance(1n, receiver);
      expect(await bare.complianceOf(1n)).to.equal(await receiver.getAddress());
      expect(await bare.complianceOf(2n)).to.equal(ethers.ZeroAddress);
      await expect(bare.setCompliance(1n, usdc))
        .to.be.revertedWithCustomError(bare, "EncoreShares_ComplianceAlreadySet")
        .withArgs(1n);
    });

    it("mints through the compliance hook the hub hands in: new balance, bubbled refusal, no code", async () => {
      const { bare, alice, bob } = await loadFixture(bareSharesFixture);
      const registry = await ethers.deployContract("MockComplianceRegistry");
      await bare.mint(alice.address, 1n, 5n, registry);
      await bare.mint(alice.address, 1n, 7n, registry);
      expect(await registry.investmentChecks()).to.equal(2n);
      expect(await registry.lastCaller()).to.equal(await bare.getAddress());
      expect([await registry.lastAmount(), await registry.lastNewBalance()]).to.deep.equal([7n, 12n]);
      await registry.setDenied(bob.address, true);
      await expect(bare.mint(bob.address, 1n, 1n, registry))
        .to.be.revertedWithCustomError(registry, "MockCompliance_Refused")
        .withArgs(1n, bob.address);
      // A registry without code fails closed, like a high-level call.
      await expect(bare.mint(bob.address, 1n, 1n, alice.address)).to.be.revertedWithoutReason(ethers);
      expect(await bare.balanceOf(bob.address, 1n)).to.equal(0n);
      expect(await bare.totalSupply(1n)).to.equal(12n);
    });

    it("enables transfers per id", async () => {
      const { bare, alice, bob } = await loadFixture(bareSharesFixture);
      await bare.mint(alice.address, 1n, 10n, ethers.ZeroAddress);
      await bare.mint(alice.address, 2n, 10n, ethers.ZeroAddress);
      await bare.enableTransfers(1n);
      expect(await bare.transfersEnabled(1n)).to.equal(true);
      expect(await bare.transfersEnabled(2n)).to.equal(false);
      await bare.connect(alice).safeTransferFrom(alice.address, bob.address, 1n, 3n, "0x");
      await expect(bare.connect(alice).safeTransferFrom(alice.address, bob.address, 2n, 3n, "0x"))
        .to.be.revertedWithCustomError(bare, "EncoreShares_TransfersLocked")
        .withArgs(2n);
    });

    it("consumes the claimable revenue and keeps the sub-unit fraction", async () => {
      const { bare, alice } = await loadFixture(bareSharesFixture);
      await bare.mint(alice.address, 1n, 4n, ethers.ZeroAddress);
      // 1.75 units per share unit: alice (4 units) accrues 7 units.
      await bare.addRevenuePerShare(1n, (7n * MAGNITUDE) / 4n + 3n);
      expect(await bare.claimableOf(1n, alice.address)).to.equal(7n);
      expect(await bare.consumeClaimable.staticCall(1n, alice.address)).to.equal(7n);
      await bare.consumeClaimable(1n, alice.address);
      expect(await bare.claimableOf(1n, alice.address)).to.equal(0n);
      expect(await bare.accruedMagnified(1n, alice.address)).to.equal(12n);
      expect(await bare.consumeClaimable.staticCall(1n, alice.address)).to.equal(0n);
    });
  });
});
