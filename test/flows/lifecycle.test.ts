import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  CAROL_IN,
  FEE,
  MAX_BATCH,
  ONE,
  RAISED,
  State,
  activeFixture,
  blocklistFixture,
  createCampaign,
  ethers,
  failedFixture,
  finalizeAfterDeadline,
  fundingFixture,
  investAll,
  loadFixture,
  time,
} from "./fixtures.js";

describe("EncoreHub: finalize and refunds", () => {
  describe("finalize", () => {
    it("activates a campaign that reached its goal, pays the fee to the treasury and opens transfers", async () => {
      const env = await loadFixture(fundingFixture);
      const { hub, shares, usdc, treasury, id } = env;
      await investAll(env, id, [
        [env.alice, ALICE_IN],
        [env.bob, BOB_IN],
        [env.carol, CAROL_IN],
      ]);
      const { fundingDeadline } = await hub.campaign(id);
      await time.setNextBlockTimestamp(fundingDeadline);
      const tx = hub.connect(env.stranger).finalize(id);
      await expect(tx).to.emit(hub, "Finalized").withArgs(id, true, RAISED, FEE);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [hub, treasury], [-FEE, FEE]);
      const c = await hub.campaign(id);
      expect(c.state).to.equal(State.Active);
      expect(c.activatedAt).to.equal(fundingDeadline);
      expect(await hub.state(id)).to.equal(State.Active);
      expect(await shares.transfersEnabled(id)).to.equal(true);
      expect(await hub.shareEnd(id)).to.equal(fundingDeadline + c.shareDuration);
      expect(await hub.unreleased(id)).to.equal(RAISED - FEE);
      expect(await hub.releasable(id)).to.equal(RAISED - FEE);
    });

    it("can finalize before the deadline once the hard cap is reached", async () => {
      const env = await loadFixture(fundingFixture);
      const id = await createCampaign(env, { goal: 1_000n * ONE, hardCap: 2_000n * ONE });
      await investAll(env, id, [
        [env.alice, 1_500n * ONE],
        [env.bob, 500n * ONE],
      ]);
      await expect(env.hub.finalize(id))
        .to.emit(env.hub, "Finalized")
        .withArgs(id, true, 2_000n * ONE, (2_000n * ONE * 250n) / 10_000n);
      expect(await env.hub.state(id)).to.equal(State.Active);
    });

    it("rounds the fee down", async () => {
      const env = await loadFixture(fundingFixture);
      const id = await createCampaign(env, { goal: 1n, minInvestment: 1n });
      await investAll(env, id, [[env.alice, 399n]]);
      await expect(finalizeAfterDeadline(env, id)).to.emit(env.hub, "Finalized").withArgs(id, true, 399n, 9n);
      expect(await env.hub.unreleased(id)).to.equal(390n);
    });

    it("fails a campaign below its goal without moving any token", async () => {
      const { hub, shares, usdc, treasury, id, alice } = await loadFixture(fundingFixture);
      await hub.connect(alice).invest(id, 9_999n * ONE);
      await time.increaseTo((await hub.campaign(id)).fundingDeadline);
      const tx = hub.finalize(id);
      await expect(tx)
        .to.emit(hub, "Finalized")
        .withArgs(id, false, 9_999n * ONE, 0n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [hub, treasury], [0n, 0n]);
      expect(await hub.state(id)).to.equal(State.Failed);
      expect(await shares.transfersEnabled(id)).to.equal(false);
      expect((await hub.campaign(id)).activatedAt).to.equal(0n);
      expect(await hub.bondUnlockTime(id)).to.equal(0n);
      expect(await hub.releasable(id)).to.equal(0n);
      expect(await hub.unreleased(id)).to.equal(0n);
    });

    it("fails a campaign nobody invested in", async () => {
      const { hub, id } = await loadFixture(fundingFixture);
      await time.increaseTo((await hub.campaign(id)).fundingDeadline);
      await expect(hub.finalize(id)).to.emit(hub, "Finalized").withArgs(id, false, 0n, 0n);
    });

    it("reverts with EncoreHub_FundingOngoing before the deadline when the hard cap is not reached", async () => {
      const { hub, alice, id } = await loadFixture(fundingFixture);
      await hub.connect(alice).invest(id, 20_000n * ONE);
      const { fundingDeadline } = await hub.campaign(id);
      await time.setNextBlockTimestamp(fundingDeadline - 1n);
      await expect(hub.finalize(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_FundingOngoing")
        .withArgs(id, fundingDeadline);
    });

    it("reverts with EncoreHub_NotFunding on a second finalize", async () => {
      const active = await loadFixture(activeFixture);
      await expect(active.hub.finalize(active.id))
        .to.be.revertedWithCustomError(active.hub, "EncoreHub_NotFunding")
        .withArgs(active.id, State.Active);
      const failed = await loadFixture(failedFixture);
      await expect(failed.hub.finalize(failed.id))
        .to.be.revertedWithCustomError(failed.hub, "EncoreHub_NotFunding")
        .withArgs(failed.id, State.Failed);
    });
  });

  describe("refund", () => {
    it("burns the caller's shares and returns exactly what they cost", async () => {
      const { hub, shares, usdc, alice, id } = await loadFixture(failedFixture);
      const tx = hub.connect(alice).refund(id);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [alice, hub], [ALICE_IN, -ALICE_IN]);
      await expect(tx).to.emit(hub, "Refunded").withArgs(id, alice.address, ALICE_IN);
      await expect(tx)
        .to.emit(shares, "TransferSingle")
        .withArgs(await hub.getAddress(), alice.address, ethers.ZeroAddress, id, ALICE_IN);
      expect(await shares.balanceOf(alice.address, id)).to.equal(0n);
      expect(await shares.totalSupply(id)).to.equal(BOB_IN);
    });

    it("refunds the beneficiary of investFor, not the payer, and empties the escrow", async () => {
      const env = await loadFixture(fundingFixture);
      const { hub, shares, usdc, keeper, dave, alice, id } = env;
      await hub.connect(keeper).investFor(id, dave.address, 300n * ONE);
      await hub.connect(alice).invest(id, 123_456_789n);
      await finalizeAfterDeadline(env, id);
      await expect(hub.connect(dave).refund(id)).to.changeTokenBalances(ethers, usdc, [dave, keeper], [300n * ONE, 0n]);
      await expect(hub.connect(keeper).refund(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToRefund")
        .withArgs(id, keeper.address);
      await hub.connect(alice).refund(id);
      expect(await usdc.balanceOf(hub)).to.equal(0n);
      expect(await shares.totalSupply(id)).to.equal(0n);
      expect(await shares.exists(id)).to.equal(false);
    });

    it("reverts with EncoreHub_NothingToRefund for a second refund", async () => {
      const { hub, alice, id } = await loadFixture(failedFixture);
      await hub.connect(alice).refund(id);
      await expect(hub.connect(alice).refund(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToRefund")
        .withArgs(id, alice.address);
    });

    it("reverts with EncoreHub_NotFailed while Funding, Active or Ended", async () => {
      const funding = await loadFixture(fundingFixture);
      await funding.hub.connect(funding.alice).invest(funding.id, 100n * ONE);
      await expect(funding.hub.connect(funding.alice).refund(funding.id))
        .to.be.revertedWithCustomError(funding.hub, "EncoreHub_NotFailed")
        .withArgs(funding.id, State.Funding);
      const { hub, alice, id } = await loadFixture(activeFixture);
      await expect(hub.connect(alice).refund(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotFailed")
        .withArgs(id, State.Active);
      await time.increaseTo(await hub.shareEnd(id));
      await expect(hub.connect(alice).refund(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotFailed")
        .withArgs(id, State.Ended);
    });
  });

  describe("refundMany", () => {
    it("pushes refunds to a batch of holders, skipping holders without shares", async () => {
      const { hub, shares, usdc, keeper, alice, bob, stranger, id } = await loadFixture(failedFixture);
      const holders = [alice.address, stranger.address, bob.address];
      expect(await hub.connect(keeper).refundMany.staticCall(id, holders)).to.equal(ALICE_IN + BOB_IN);
      const tx = hub.connect(keeper).refundMany(id, holders);
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [alice, bob, stranger, keeper, hub],
        [ALICE_IN, BOB_IN, 0n, 0n, -(ALICE_IN + BOB_IN)],
      );
      await expect(tx).to.emit(hub, "Refunded").withArgs(id, alice.address, ALICE_IN);
      await expect(tx).to.emit(hub, "Refunded").withArgs(id, bob.address, BOB_IN);
      const receipt = await (await tx).wait();
      const names = receipt!.logs.map((log) => hub.interface.parseLog(log)?.name).filter((n) => n !== undefined);
      expect(names).to.deep.equal(["Refunded", "Refunded"]);
      expect(await shares.totalSupply(id)).to.equal(0n);
    });

    it("pays a holder listed twice only once", async () => {
      const { hub, usdc, keeper, alice, id } = await loadFixture(failedFixture);
      await expect(hub.connect(keeper).refundMany(id, [alice.address, alice.address])).to.changeTokenBalance(
        ethers,
        usdc,
        alice,
        ALICE_IN,
      );
    });

    it("skips a holder the token refuses to pay with RefundSkipped, pays the others, and lets them refund later", async () => {
      const env = await loadFixture(blocklistFixture);
      const { hub, shares, busd, keeper, alice, bob, carol } = env;
      const id = await createCampaign(env, { token: await busd.getAddress() });
      await investAll(env, id, [
        [alice, 100n * ONE],
        [bob, 200n * ONE],
        [carol, 300n * ONE],
      ]);
      await finalizeAfterDeadline(env, id);
      await busd.setBlocked(bob.address, true);

      const tx = hub.connect(keeper).refundMany(id, [alice.address, bob.address, carol.address]);
      await expect(tx)
        .to.emit(hub, "Refunded")
        .withArgs(id, alice.address, 100n * ONE);
      await expect(tx)
        .to.emit(hub, "RefundSkipped")
        .withArgs(id, bob.address, 200n * ONE);
      await expect(tx)
        .to.emit(hub, "Refunded")
        .withArgs(id, carol.address, 300n * ONE);
      await expect(tx).not.to.emit(hub, "PaymentDeferred");
      await expect(tx).to.changeTokenBalances(ethers, busd, [alice, carol, hub], [100n * ONE, 300n * ONE, -400n * ONE]);
      expect(await shares.balanceOf(bob.address, id)).to.equal(200n * ONE);

      await expect(hub.connect(bob).refund(id))
        .to.be.revertedWithCustomError(busd, "BlocklistToken_Blocked")
        .withArgs(bob.address);
      await busd.setBlocked(bob.address, false);
      await expect(hub.connect(bob).refund(id)).to.changeTokenBalance(ethers, busd, bob, 200n * ONE);
      expect(await shares.totalSupply(id)).to.equal(0n);
    });

    it("accepts MAX_BATCH holders and reverts with EncoreHub_BatchTooLarge above", async () => {
      const { hub, keeper, id } = await loadFixture(failedFixture);
      const holders = Array.from({ length: Number(MAX_BATCH) + 1 }, (_, i) => ethers.toBeHex(i + 1, 20));
      await expect(hub.connect(keeper).refundMany(id, holders))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BatchTooLarge")
        .withArgs(MAX_BATCH + 1n, MAX_BATCH);
      expect(await hub.connect(keeper).refundMany.staticCall(id, holders.slice(1))).to.equal(0n);
    });

    it("reverts with EncoreHub_NotFailed unless the campaign failed", async () => {
      const funding = await loadFixture(fundingFixture);
      await expect(funding.hub.refundMany(funding.id, []))
        .to.be.revertedWithCustomError(funding.hub, "EncoreHub_NotFailed")
        .withArgs(funding.id, State.Funding);
      const active = await loadFixture(activeFixture);
      await expect(active.hub.refundMany(active.id, [active.alice.address]))
        .to.be.revertedWithCustomError(active.hub, "EncoreHub_NotFailed")
        .withArgs(active.id, State.Active);
    });
  });
});
