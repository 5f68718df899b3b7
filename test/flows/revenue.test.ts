import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  CAROL_IN,
  MAGNITUDE,
  MAX_BATCH,
  ONE,
  RAISED,
  State,
  activeFixture,
  createCampaign,
  ethers,
  failedFixture,
  finalizeAfterDeadline,
  fundingFixture,
  investAll,
  loadFixture,
  time,
  twoCampaignsFixture,
  type Env,
  type Signer,
} from "./fixtures.js";

// A deposit equal to the supply gives each share unit exactly one token unit (revenue per share = 2**64).
const EXACT = RAISED;

describe("EncoreHub: revenue and claims", () => {
  describe("depositRevenue", () => {
    it("takes the revenue from anyone and credits the holders pro rata", async () => {
      const { hub, shares, usdc, keeper, alice, bob, carol, id } = await loadFixture(activeFixture);
      const tx = hub.connect(keeper).depositRevenue(id, EXACT);
      await expect(tx).to.emit(hub, "RevenueDeposited").withArgs(id, keeper.address, EXACT, EXACT, 0n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [keeper, hub], [-EXACT, EXACT]);
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
      expect(await hub.claimable(id, bob.address)).to.equal(BOB_IN);
      expect(await hub.claimable(id, carol.address)).to.equal(CAROL_IN);
      expect(await shares.claimableOf(id, carol.address)).to.equal(CAROL_IN);
      expect(await shares.revenuePerShare(id)).to.equal(MAGNITUDE);
      expect(await shares.accruedMagnified(id, alice.address)).to.equal(ALICE_IN * MAGNITUDE);
      expect((await hub.campaign(id)).paidToHolders).to.equal(EXACT);
      expect(await hub.revenueRemainder(id)).to.equal(0n);
    });

    it("adds up successive deposits", async () => {
      const { hub, artist, alice, id } = await loadFixture(activeFixture);
      await hub.connect(artist).depositRevenue(id, EXACT);
      await hub.connect(artist).depositRevenue(id, EXACT * 2n);
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN * 3n);
      expect((await hub.campaign(id)).paidToHolders).to.equal(EXACT * 3n);
    });

    it("reverts with EncoreHub_ZeroAmount for a zero deposit", async () => {
      const { hub, artist, id } = await loadFixture(activeFixture);
      await expect(hub.connect(artist).depositRevenue(id, 0n)).to.be.revertedWithCustomError(
        hub,
        "EncoreHub_ZeroAmount",
      );
    });

    it("reverts with EncoreHub_NotActive while Funding, after failure and once Ended", async () => {
      const funding = await loadFixture(fundingFixture);
      await expect(funding.hub.connect(funding.artist).depositRevenue(funding.id, ONE))
        .to.be.revertedWithCustomError(funding.hub, "EncoreHub_NotActive")
        .withArgs(funding.id, State.Funding);
      const failed = await loadFixture(failedFixture);
      await expect(failed.hub.connect(failed.artist).depositRevenue(failed.id, ONE))
        .to.be.revertedWithCustomError(failed.hub, "EncoreHub_NotActive")
        .withArgs(failed.id, State.Failed);
      const { hub, artist, id } = await loadFixture(activeFixture);
      const end = await hub.shareEnd(id);
      await time.setNextBlockTimestamp(end - 1n);
      await hub.connect(artist).depositRevenue(id, ONE);
      await time.setNextBlockTimestamp(end);
      await expect(hub.connect(artist).depositRevenue(id, ONE))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotActive")
        .withArgs(id, State.Ended);
    });
  });

  describe("payout cap", () => {
    async function cappedFixture() {
      const env = await fundingFixture();
      const id = await createCampaign(env, { payoutCap: 2n * EXACT });
      await investAll(env, id, [
        [env.alice, ALICE_IN],
        [env.bob, BOB_IN],
        [env.carol, CAROL_IN],
      ]);
      await finalizeAfterDeadline(env, id);
      return { ...env, id };
    }

    it("credits holders up to the cap, sends the excess to the artist and ends the campaign", async () => {
      const { hub, usdc, keeper, artist, alice, id } = await loadFixture(cappedFixture);
      await hub.connect(keeper).depositRevenue(id, EXACT);
      const tx = hub.connect(keeper).depositRevenue(id, EXACT + 123n);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, keeper.address, EXACT + 123n, EXACT, 123n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [keeper, hub, artist], [-(EXACT + 123n), EXACT, 123n]);
      expect((await hub.campaign(id)).paidToHolders).to.equal(2n * EXACT);
      expect(await hub.state(id)).to.equal(State.Ended);
      expect(await hub.claimable(id, alice.address)).to.equal(2n * ALICE_IN);
      await expect(hub.connect(keeper).depositRevenue(id, ONE))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotActive")
        .withArgs(id, State.Ended);
      await expect(hub.connect(alice).claim(id))
        .to.emit(hub, "Claimed")
        .withArgs(id, alice.address, 2n * ALICE_IN);
    });
  });

  describe("claim", () => {
    it("pays the caller's accrued revenue and emits Claimed", async () => {
      const { hub, usdc, artist, bob, id } = await loadFixture(activeFixture);
      await hub.connect(artist).depositRevenue(id, EXACT);
      expect(await hub.connect(bob).claim.staticCall(id)).to.equal(BOB_IN);
      const tx = hub.connect(bob).claim(id);
      await expect(tx).to.emit(hub, "Claimed").withArgs(id, bob.address, BOB_IN);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [hub, bob], [-BOB_IN, BOB_IN]);
      expect(await hub.claimable(id, bob.address)).to.equal(0n);
      await expect(hub.connect(bob).claim(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToClaim")
        .withArgs(id, bob.address);
      await hub.connect(artist).depositRevenue(id, EXACT);
      await expect(hub.connect(bob).claim(id)).to.emit(hub, "Claimed").withArgs(id, bob.address, BOB_IN);
    });

    it("reverts with EncoreHub_NothingToClaim for a non-holder and before any revenue", async () => {
      const { hub, artist, alice, stranger, id } = await loadFixture(activeFixture);
      await expect(hub.connect(alice).claim(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToClaim")
        .withArgs(id, alice.address);
      await hub.connect(artist).depositRevenue(id, EXACT);
      await expect(hub.connect(stranger).claim(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToClaim")
        .withArgs(id, stranger.address);
    });

    it("stays open after the share window Ended", async () => {
      const { hub, artist, carol, id } = await loadFixture(activeFixture);
      await hub.connect(artist).depositRevenue(id, EXACT);
      await time.increaseTo((await hub.shareEnd(id)) + 10n * 365n * 86_400n);
      expect(await hub.state(id)).to.equal(State.Ended);
      await expect(hub.connect(carol).claim(id)).to.emit(hub, "Claimed").withArgs(id, carol.address, CAROL_IN);
    });
  });

  describe("claimMany", () => {
    it("claims several campaigns at once and skips those with nothing to claim", async () => {
      const { hub, usdc, artist, alice, carol, id, second } = await loadFixture(twoCampaignsFixture);
      await hub.connect(artist).depositRevenue(id, EXACT);
      await hub.connect(artist).depositRevenue(second, 400n * ONE);
      const ids = [id, second, 99n];
      expect(await hub.connect(alice).claimMany.staticCall(ids)).to.equal(ALICE_IN + 100n * ONE);
      const tx = hub.connect(alice).claimMany(ids);
      await expect(tx).to.emit(hub, "Claimed").withArgs(id, alice.address, ALICE_IN);
      await expect(tx)
        .to.emit(hub, "Claimed")
        .withArgs(second, alice.address, 100n * ONE);
      await expect(tx).to.changeTokenBalance(ethers, usdc, alice, ALICE_IN + 100n * ONE);
      // Carol holds no shares of the second campaign: it is skipped.
      await expect(hub.connect(carol).claimMany([second, id]))
        .to.emit(hub, "Claimed")
        .withArgs(id, carol.address, CAROL_IN);
    });

    it("reverts with EncoreHub_NothingToClaim naming campaign 0 when nothing at all is due", async () => {
      const { hub, alice, id, second } = await loadFixture(twoCampaignsFixture);
      await expect(hub.connect(alice).claimMany([id, second]))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToClaim")
        .withArgs(0n, alice.address);
      await expect(hub.connect(alice).claimMany([]))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToClaim")
        .withArgs(0n, alice.address);
    });

    it("reverts with EncoreHub_BatchTooLarge above MAX_BATCH ids", async () => {
      const { hub, alice, id } = await loadFixture(activeFixture);
      await expect(hub.connect(alice).claimMany(Array<bigint>(Number(MAX_BATCH) + 1).fill(id)))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BatchTooLarge")
        .withArgs(MAX_BATCH + 1n, MAX_BATCH);
    });
  });

  describe("rounding", () => {
    async function oneUnitHoldersFixture() {
      const env = await fundingFixture();
      const id = await createCampaign(env, { goal: 3n, hardCap: 3n, minInvestment: 1n });
      await investAll(env, id, [
        [env.alice, 1n],
        [env.bob, 1n],
        [env.carol, 1n],
      ]);
      await env.hub.finalize(id);
      return { ...env, id };
    }

    it("carries the remainder of the per-share division to the next deposit", async () => {
      const { hub, shares, artist, alice, bob, carol, id } = await loadFixture(oneUnitHoldersFixture);
      await hub.connect(artist).depositRevenue(id, 1n);
      // 2**64 = 3 * floor(2**64 / 3) + 1
      expect(await shares.revenuePerShare(id)).to.equal(MAGNITUDE / 3n);
      expect(await hub.revenueRemainder(id)).to.equal(1n);
      expect(await hub.claimable(id, alice.address)).to.equal(0n);
      await hub.connect(artist).depositRevenue(id, 2n);
      // 2 * 2**64 + 1 is divisible by 3: without the carry each holder would stay one magnified unit short.
      expect(await hub.revenueRemainder(id)).to.equal(0n);
      expect(await shares.revenuePerShare(id)).to.equal(MAGNITUDE);
      for (const holder of [alice, bob, carol]) {
        await expect(hub.connect(holder).claim(id)).to.emit(hub, "Claimed").withArgs(id, holder.address, 1n);
      }
    });

    async function manyHoldersFixture() {
      const env = await fundingFixture();
      const id = await createCampaign(env, { goal: 1n, minInvestment: 1n });
      const holders = [env.alice, env.bob, env.carol, ...env.extras];
      const amounts = [1_000_003n, 7_777_777n, 13n, 1n, 2n, 999_999_937n, 31n, 65_537n, 3n, 4_000_000_007n, 11n];
      await investAll(
        env,
        id,
        holders.map((h, i): [Signer, bigint] => [h, amounts[i]]),
      );
      await finalizeAfterDeadline(env, id);
      return { ...env, id, holders };
    }

    async function checkBooks(env: Env, id: bigint, holders: Signer[], deposited: bigint, claimed: bigint) {
      let claimable = 0n;
      let magnified = 0n;
      for (const h of holders) {
        claimable += await env.hub.claimable(id, h.address);
        magnified += await env.shares.accruedMagnified(id, h.address);
      }
      const remainder = await env.hub.revenueRemainder(id);
      expect(remainder).to.be.lessThan(await env.shares.totalSupply(id));
      // Exact books in magnified units: nothing lost, nothing over-paid.
      expect(magnified + claimed * MAGNITUDE + remainder).to.equal(deposited * MAGNITUDE);
      expect(claimed + claimable).to.be.lessThanOrEqual(deposited);
      expect(deposited - (claimed + claimable)).to.be.lessThan(BigInt(holders.length) + 1n);
    }

    it("never pays more than deposited and loses less than one unit per holder", async () => {
      const env = await loadFixture(manyHoldersFixture);
      const { hub, shares, usdc, artist, id, holders } = env;
      const deposits = [1n, 2n, 3n, 999_999_937n, 123_456_789n, 7n, 10n ** 12n + 1n, 5n];
      await usdc.mint(artist.address, 10n ** 13n);
      let deposited = 0n;
      let claimed = 0n;
      for (const [step, amount] of deposits.entries()) {
        await hub.connect(artist).depositRevenue(id, amount);
        deposited += amount;
        const claimer = holders[step % holders.length];
        if ((await hub.claimable(id, claimer.address)) > 0n) {
          const before = await usdc.balanceOf(claimer.address);
          await hub.connect(claimer).claim(id);
          claimed += (await usdc.balanceOf(claimer.address)) - before;
        }
        if (step === 3) {
          await shares
            .connect(holders[9])
            .safeTransferFrom(holders[9].address, holders[4].address, id, 1_234_567n, "0x");
        }
        await checkBooks(env, id, holders, deposited, claimed);
      }
    });
  });
});
