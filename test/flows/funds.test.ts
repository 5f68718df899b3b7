import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  BOND_LOCK_AFTER_SHARE_END,
  CAROL_IN,
  DAY,
  FEE,
  ONE,
  RAISED,
  State,
  activeFixture,
  blocklistFixture,
  createCampaign,
  ethers,
  finalizeAfterDeadline,
  fundingFixture,
  investAll,
  loadFixture,
  time,
  type CampaignConfig,
  type Env,
} from "./fixtures.js";

const VESTING = 100n * DAY;
const BOND = 2_000n * ONE;
const NET = RAISED - FEE;

/** Creates a campaign with `overrides`, invests the standard 2 : 3 : 5 and finalizes it (Active). */
async function activeCampaign(env: Env, overrides: Partial<CampaignConfig>): Promise<bigint> {
  const id = await createCampaign(env, overrides);
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  await finalizeAfterDeadline(env, id);
  return id;
}

async function vestingFixture() {
  const env = await fundingFixture();
  const id = await activeCampaign(env, { vestingDuration: VESTING, bond: BOND });
  const { activatedAt } = await env.hub.campaign(id);
  return { ...env, id, activatedAt };
}

async function failedWithBondFixture() {
  const env = await fundingFixture();
  const id = await createCampaign(env, { bond: BOND });
  await env.hub.connect(env.alice).invest(id, ALICE_IN);
  await finalizeAfterDeadline(env, id);
  return { ...env, id };
}

async function blockedActiveFixture() {
  const env = await blocklistFixture();
  const id = await createCampaign(env, { token: await env.busd.getAddress(), bond: BOND, payoutCap: 1_000n * ONE });
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  return { ...env, id };
}

describe("EncoreHub: releases, bonds and deferred payments", () => {
  describe("releaseFunds", () => {
    it("releases everything at once without vesting, to the artist whoever calls", async () => {
      const { hub, usdc, artist, stranger, id } = await loadFixture(activeFixture);
      expect(await hub.connect(stranger).releaseFunds.staticCall(id)).to.equal(NET);
      const tx = hub.connect(stranger).releaseFunds(id);
      await expect(tx).to.emit(hub, "FundsReleased").withArgs(id, artist.address, NET, NET);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [hub, artist, stranger], [-NET, NET, 0n]);
      expect((await hub.campaign(id)).released).to.equal(NET);
      expect(await hub.releasable(id)).to.equal(0n);
      expect(await hub.unreleased(id)).to.equal(0n);
      await expect(hub.releaseFunds(id)).to.be.revertedWithCustomError(hub, "EncoreHub_NothingToRelease").withArgs(id);
    });

    it("vests the raised funds linearly over the vesting duration", async () => {
      const { hub, usdc, artist, id, activatedAt } = await loadFixture(vestingFixture);
      expect(await hub.releasable(id)).to.equal(0n);
      expect(await hub.unreleased(id)).to.equal(NET);

      await time.increaseTo(activatedAt + VESTING / 4n);
      expect(await hub.releasable(id)).to.equal(NET / 4n);
      await time.setNextBlockTimestamp(activatedAt + VESTING / 4n + 1n);
      const quarter = (NET * (VESTING / 4n + 1n)) / VESTING;
      await expect(hub.releaseFunds(id)).to.emit(hub, "FundsReleased").withArgs(id, artist.address, quarter, quarter);
      expect(await hub.unreleased(id)).to.equal(NET - quarter);

      const sixty = (NET * 60n) / 100n;
      await time.setNextBlockTimestamp(activatedAt + (VESTING * 60n) / 100n);
      await expect(hub.releaseFunds(id)).to.changeTokenBalance(ethers, usdc, artist, sixty - quarter);
      expect((await hub.campaign(id)).released).to.equal(sixty);

      await time.increaseTo(activatedAt + VESTING + 10n * DAY);
      expect(await hub.releasable(id)).to.equal(NET - sixty);
      await expect(hub.releaseFunds(id))
        .to.emit(hub, "FundsReleased")
        .withArgs(id, artist.address, NET - sixty, NET);
      expect(await hub.unreleased(id)).to.equal(0n);
      await expect(hub.releaseFunds(id)).to.be.revertedWithCustomError(hub, "EncoreHub_NothingToRelease").withArgs(id);
    });

    it("keeps releasing after the campaign Ended", async () => {
      const env = await loadFixture(fundingFixture);
      const id = await activeCampaign(env, { vestingDuration: VESTING, shareDuration: 10n * DAY });
      await time.increaseTo((await env.hub.campaign(id)).activatedAt + VESTING);
      expect(await env.hub.state(id)).to.equal(State.Ended);
      await expect(env.hub.releaseFunds(id))
        .to.emit(env.hub, "FundsReleased")
        .withArgs(id, env.artist.address, NET, NET);
    });

    it("reverts with EncoreHub_NotSucceeded while Funding or after failure", async () => {
      const funding = await loadFixture(fundingFixture);
      await expect(funding.hub.releaseFunds(funding.id))
        .to.be.revertedWithCustomError(funding.hub, "EncoreHub_NotSucceeded")
        .withArgs(funding.id, State.Funding);
      const failed = await loadFixture(failedWithBondFixture);
      await expect(failed.hub.releaseFunds(failed.id))
        .to.be.revertedWithCustomError(failed.hub, "EncoreHub_NotSucceeded")
        .withArgs(failed.id, State.Failed);
    });
  });

  describe("withdrawBond", () => {
    it("is locked while Funding", async () => {
      const env = await loadFixture(fundingFixture);
      const id = await createCampaign(env, { bond: BOND });
      expect(await env.hub.bondUnlockTime(id)).to.equal(ethers.MaxUint256);
      await expect(env.hub.withdrawBond(id))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_BondLocked")
        .withArgs(id, ethers.MaxUint256);
    });

    it("returns the bond to the artist at once when the campaign failed, then has no bond", async () => {
      const { hub, usdc, artist, stranger, id } = await loadFixture(failedWithBondFixture);
      expect(await hub.bondUnlockTime(id)).to.equal(0n);
      const tx = hub.connect(stranger).withdrawBond(id);
      await expect(tx).to.emit(hub, "BondWithdrawn").withArgs(id, artist.address, BOND);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [hub, artist], [-BOND, BOND]);
      expect((await hub.campaign(id)).bond).to.equal(0n);
      await expect(hub.withdrawBond(id)).to.be.revertedWithCustomError(hub, "EncoreHub_NoBond").withArgs(id);
    });

    it("stays locked until BOND_LOCK_AFTER_SHARE_END after the share window when Active", async () => {
      const { hub, artist, id, activatedAt } = await loadFixture(vestingFixture);
      const { shareDuration } = await hub.campaign(id);
      const unlock = activatedAt + shareDuration + BOND_LOCK_AFTER_SHARE_END;
      expect(await hub.shareEnd(id)).to.equal(activatedAt + shareDuration);
      expect(await hub.bondUnlockTime(id)).to.equal(unlock);
      await expect(hub.withdrawBond(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BondLocked")
        .withArgs(id, unlock);
      await time.setNextBlockTimestamp(unlock - 1n);
      await expect(hub.withdrawBond(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BondLocked")
        .withArgs(id, unlock);
      await time.setNextBlockTimestamp(unlock);
      await expect(hub.withdrawBond(id)).to.emit(hub, "BondWithdrawn").withArgs(id, artist.address, BOND);
    });

    it("is free as soon as the payout cap is reached", async () => {
      const env = await loadFixture(fundingFixture);
      const id = await activeCampaign(env, { bond: BOND, payoutCap: 500n * ONE });
      expect(await env.hub.bondUnlockTime(id)).to.be.greaterThan(0n);
      await env.hub.connect(env.artist).depositRevenue(id, 500n * ONE);
      expect(await env.hub.state(id)).to.equal(State.Ended);
      expect(await env.hub.bondUnlockTime(id)).to.equal(0n);
      await expect(env.hub.withdrawBond(id)).to.emit(env.hub, "BondWithdrawn").withArgs(id, env.artist.address, BOND);
    });

    it("reverts with EncoreHub_NoBond for a campaign created without one", async () => {
      const { hub, id } = await loadFixture(activeFixture);
      await expect(hub.withdrawBond(id)).to.be.revertedWithCustomError(hub, "EncoreHub_NoBond").withArgs(id);
    });
  });

  describe("deferred payments to a receiver the token refuses", () => {
    it("defers the fee of a blocked treasury and lets it withdraw after unblocking", async () => {
      const env = await loadFixture(blockedActiveFixture);
      const { hub, busd, treasury, id } = env;
      const token = await busd.getAddress();
      await busd.setBlocked(treasury.address, true);
      const tx = finalizeAfterDeadline(env, id);
      await expect(tx).to.emit(hub, "Finalized").withArgs(id, true, RAISED, FEE);
      await expect(tx).to.emit(hub, "PaymentDeferred").withArgs(treasury.address, token, FEE);
      expect(await hub.deferred(treasury.address, token)).to.equal(FEE);
      expect(await hub.state(id)).to.equal(State.Active);

      await expect(hub.connect(treasury).withdrawDeferred(token))
        .to.be.revertedWithCustomError(busd, "BlocklistToken_Blocked")
        .withArgs(treasury.address);
      await busd.setBlocked(treasury.address, false);
      const withdrawal = hub.connect(treasury).withdrawDeferred(token);
      await expect(withdrawal).to.emit(hub, "DeferredWithdrawn").withArgs(treasury.address, token, FEE);
      await expect(withdrawal).to.changeTokenBalances(ethers, busd, [hub, treasury], [-FEE, FEE]);
      expect(await hub.deferred(treasury.address, token)).to.equal(0n);
      await expect(hub.connect(treasury).withdrawDeferred(token))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingOwed")
        .withArgs(treasury.address, token);
    });

    it("defers released funds, excess revenue and the bond of a blocked artist, and adds them up", async () => {
      const env = await loadFixture(blockedActiveFixture);
      const { hub, busd, artist, alice, keeper, id } = env;
      const token = await busd.getAddress();
      await finalizeAfterDeadline(env, id);
      await busd.setBlocked(artist.address, true);

      const release = hub.connect(keeper).releaseFunds(id);
      await expect(release).to.emit(hub, "FundsReleased").withArgs(id, artist.address, NET, NET);
      await expect(release).to.emit(hub, "PaymentDeferred").withArgs(artist.address, token, NET);
      expect((await hub.campaign(id)).released).to.equal(NET);

      const deposit = hub.connect(keeper).depositRevenue(id, 1_300n * ONE);
      await expect(deposit)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, keeper.address, 1_300n * ONE, 1_000n * ONE, 300n * ONE);
      await expect(deposit)
        .to.emit(hub, "PaymentDeferred")
        .withArgs(artist.address, token, 300n * ONE);

      const bond = hub.connect(keeper).withdrawBond(id);
      await expect(bond).to.emit(hub, "BondWithdrawn").withArgs(id, artist.address, BOND);
      await expect(bond).to.emit(hub, "PaymentDeferred").withArgs(artist.address, token, BOND);
      const owed = NET + 300n * ONE + BOND;
      expect(await hub.deferred(artist.address, token)).to.equal(owed);

      // Holders are not held up by the artist's block (alice holds 20 %; the per-share division rounds down).
      const due = await hub.claimable(id, alice.address);
      expect(due).to.be.closeTo(200n * ONE, 1n);
      await expect(hub.connect(alice).claim(id)).to.changeTokenBalance(ethers, busd, alice, due);

      await busd.setBlocked(artist.address, false);
      await expect(hub.connect(artist).withdrawDeferred(token))
        .to.emit(hub, "DeferredWithdrawn")
        .withArgs(artist.address, token, owed);
      expect(await busd.balanceOf(hub)).to.equal(1_000n * ONE - due);
    });

    it("reverts withdrawDeferred with EncoreHub_NothingOwed when nothing was deferred", async () => {
      const { hub, usdc, alice } = await loadFixture(activeFixture);
      await expect(hub.connect(alice).withdrawDeferred(usdc))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingOwed")
        .withArgs(alice.address, await usdc.getAddress());
    });
  });
});
