// RevenueOracle: settlement of reports after their window (artist reserve, then allowance, the rest a debt; payout
// cap) and the artist's revenue reserve (funding, withdrawal of the free part only).
import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  CAROL_IN,
  ONE,
  STARTING_BALANCE,
  State,
  blocklistFixture,
  createCampaign,
  ethers,
  finalizeAfterDeadline,
  investAll,
  loadFixture,
  signPermit,
  time,
} from "./fixtures.js";
import {
  BOND,
  DEBT,
  DUE,
  HALF,
  PAYMENT_GRACE,
  PERIOD,
  Status,
  activeCampaign,
  debtFixture,
  deployOracle,
  fundArtistReserve,
  holderPart,
  makeReport,
  oracleFixture,
  passWindow,
  reportedFixture,
  submit,
  type OracleEnv,
} from "./oracleFixtures.js";

/** Campaign 2 with a payout cap of 6,000 (below the standard amount due) and its standard report submitted. */
async function cappedReportFixture(): Promise<OracleEnv & { capped: bigint; reportId: bigint }> {
  const env = await oracleFixture();
  const capped = await activeCampaign(env, { payoutCap: 6_000n * ONE, bond: BOND });
  const { activatedAt } = await env.hub.campaign(capped);
  await time.increaseTo(activatedAt + PERIOD);
  await submit(env, makeReport(env, { campaignId: capped, periodStart: activatedAt, periodEnd: activatedAt + PERIOD }));
  return { ...env, capped, reportId: await env.oracle.reportCount() };
}

describe("RevenueOracle: settlement and reserve", () => {
  describe("settle", () => {
    it("pays the amount due from the reserve into revenue and credits the holders pro rata", async () => {
      const env = await loadFixture(reportedFixture);
      const { hub, oracle, usdc, artist, alice, bob, carol, keeper, id, reportId } = env;
      await fundArtistReserve(env, DUE);
      await passWindow(oracle, reportId);
      expect(await oracle.isSettleable(reportId)).to.equal(true);
      expect(await oracle.connect(keeper).settle.staticCall(reportId)).to.equal(DUE);
      const tx = oracle.connect(keeper).settle(reportId);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, reportId, artist.address, DUE, 0n);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), DUE, DUE, 0n);
      await expect(tx).not.to.emit(oracle, "DebtRecorded");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [oracle, hub, artist], [-DUE, DUE, 0n]);

      const r = await oracle.getReport(reportId);
      expect(r.status).to.equal(Status.Settled);
      expect(r.amount).to.equal(DUE);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
      expect((await oracle.getCampaign(id)).pendingReport).to.equal(0n);
      expect(await oracle.isBondLocked(id)).to.equal(false);
      expect(await oracle.isSettleable(reportId)).to.equal(false);
      expect((await hub.campaign(id)).paidToHolders).to.equal(DUE);
      // The amount due equals the supply: one token unit per share unit.
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
      expect(await hub.claimable(id, bob.address)).to.equal(BOB_IN);
      await expect(hub.connect(carol).claim(id)).to.changeTokenBalance(ethers, usdc, carol, CAROL_IN);
    });

    it("leaves what the reserve holds beyond the amount due free", async () => {
      const env = await loadFixture(reportedFixture);
      const extra = 2_000n * ONE;
      await fundArtistReserve(env, DUE + extra);
      await passWindow(env.oracle, env.reportId);
      await env.oracle.settle(env.reportId);
      expect(await env.oracle.reserveOf(env.artist.address, env.usdc)).to.deep.equal([extra, 0n, extra]);
    });

    it("takes what the reserve lacks from the artist's allowance, within the allowance", async () => {
      const env = await loadFixture(reportedFixture);
      const { hub, oracle, usdc, artist, id, reportId } = env;
      await fundArtistReserve(env, 4_000n * ONE);
      await usdc.connect(artist).approve(oracle, 6_000n * ONE);
      await passWindow(oracle, reportId);
      const tx = oracle.settle(reportId);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, reportId, artist.address, DUE, 0n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle, hub], [-6_000n * ONE, -4_000n * ONE, DUE]);
      expect(await usdc.allowance(artist.address, oracle)).to.equal(0n);
      expect((await oracle.getReport(reportId)).status).to.equal(Status.Settled);
    });

    it("pays everything from the allowance when the reserve is empty", async () => {
      const env = await loadFixture(reportedFixture);
      const { hub, oracle, usdc, artist, id, reportId } = env;
      await usdc.connect(artist).approve(oracle, ethers.MaxUint256);
      await passWindow(oracle, reportId);
      const tx = oracle.settle(reportId);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, reportId, artist.address, DUE, 0n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle, hub], [-DUE, 0n, DUE]);
    });

    it("records the rest as a debt due at challenge end + grace (DebtRecorded)", async () => {
      const env = await loadFixture(reportedFixture);
      const { hub, oracle, usdc, artist, id, reportId } = env;
      await fundArtistReserve(env, HALF);
      await usdc.connect(artist).approve(oracle, 1_000n * ONE);
      await passWindow(oracle, reportId);
      const { challengeEnd, dueDate } = await oracle.getReport(reportId);
      expect(dueDate).to.equal(challengeEnd + PAYMENT_GRACE);
      const paid = HALF + 1_000n * ONE;
      const debt = DUE - paid;
      expect(await oracle.settle.staticCall(reportId)).to.equal(paid);
      const tx = oracle.settle(reportId);
      await expect(tx).to.emit(oracle, "DebtRecorded").withArgs(id, reportId, artist.address, debt, dueDate);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, reportId, artist.address, paid, debt);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), paid, paid, 0n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle, hub], [-1_000n * ONE, -HALF, paid]);

      const r = await oracle.getReport(reportId);
      expect(r.status).to.equal(Status.Debt);
      expect(r.amount).to.equal(debt);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, debt, 0n]);
      const c = await oracle.getCampaign(id);
      expect(c.openDebts).to.equal(1n);
      expect(c.pendingReport).to.equal(0n);
      expect(c.delinquent).to.equal(false);
      expect(await oracle.isBondLocked(id)).to.equal(true);
      expect(await oracle.isEnforceable(reportId)).to.equal(false);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
      expect(await hub.claimable(id, env.alice.address)).to.equal(holderPart(paid, ALICE_IN));
    });

    it("takes no more than the artist holds, whatever the allowance", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, usdc, artist, dave, id, reportId } = env;
      const holds = 2_500n * ONE;
      await usdc.connect(artist).transfer(dave.address, (await usdc.balanceOf(artist.address)) - holds);
      await usdc.connect(artist).approve(oracle, ethers.MaxUint256);
      await passWindow(oracle, reportId);
      await expect(oracle.settle(reportId))
        .to.emit(oracle, "ReportSettled")
        .withArgs(id, reportId, artist.address, holds, DUE - holds);
      expect(await usdc.balanceOf(artist.address)).to.equal(0n);
    });

    it("turns the whole amount into a debt when nothing is available, without a deposit", async () => {
      const env = await loadFixture(reportedFixture);
      const { hub, oracle, usdc, artist, id, reportId } = env;
      await passWindow(oracle, reportId);
      const { dueDate } = await oracle.getReport(reportId);
      const tx = oracle.settle(reportId);
      await expect(tx).to.emit(oracle, "DebtRecorded").withArgs(id, reportId, artist.address, DUE, dueDate);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, reportId, artist.address, 0n, DUE);
      await expect(tx).not.to.emit(hub, "RevenueDeposited");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [oracle, hub], [0n, 0n]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, DUE, 0n]);
    });

    it("never reverts when the token refuses the pull: the part is a debt", async () => {
      const env = await loadFixture(blocklistOracleFixture);
      const { oracle, busd, artist, id, reportId } = env;
      await passWindow(oracle, reportId);
      await busd.setBlocked(artist.address, true);
      await expect(oracle.settle(reportId))
        .to.emit(oracle, "ReportSettled")
        .withArgs(id, reportId, artist.address, 0n, DUE);
      expect(await busd.balanceOf(artist.address)).to.equal(STARTING_BALANCE - BOND);
      expect((await oracle.getReport(reportId)).status).to.equal(Status.Debt);
    });

    it("caps the amount by the payout cap: the artist pays only what holders can still receive", async () => {
      const env = await loadFixture(cappedReportFixture);
      const { hub, oracle, usdc, artist, alice, capped, reportId } = env;
      const room = 6_000n * ONE;
      expect(await hub.holderRoom(capped)).to.equal(room);
      await fundArtistReserve(env, DUE);
      await passWindow(oracle, reportId);
      const tx = oracle.settle(reportId);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(capped, reportId, artist.address, room, 0n);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(capped, await oracle.getAddress(), room, room, 0n);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([DUE - room, 0n, DUE - room]);
      expect(await hub.state(capped)).to.equal(State.Ended);
      expect(await hub.claimable(capped, alice.address)).to.equal(holderPart(room, ALICE_IN));
      expect((await oracle.getReport(reportId)).status).to.equal(Status.Settled);
    });

    it("records a debt of at most the payout cap's room", async () => {
      const env = await loadFixture(cappedReportFixture);
      const { oracle, usdc, artist, capped, reportId } = env;
      await passWindow(oracle, reportId);
      const { dueDate } = await oracle.getReport(reportId);
      await expect(oracle.settle(reportId))
        .to.emit(oracle, "DebtRecorded")
        .withArgs(capped, reportId, artist.address, 6_000n * ONE, dueDate);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 6_000n * ONE, 0n]);
    });

    it("settles with nothing to pay once the payout cap was reached meanwhile", async () => {
      const env = await loadFixture(cappedReportFixture);
      const { hub, oracle, usdc, artist, capped, reportId } = env;
      await hub.connect(artist).depositRevenue(capped, 6_000n * ONE);
      expect(await hub.holderRoom(capped)).to.equal(0n);
      await fundArtistReserve(env, DUE);
      await passWindow(oracle, reportId);
      const tx = oracle.settle(reportId);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(capped, reportId, artist.address, 0n, 0n);
      await expect(tx).not.to.emit(hub, "RevenueDeposited");
      await expect(tx).not.to.emit(oracle, "DebtRecorded");
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([DUE, 0n, DUE]);
      expect((await oracle.getReport(reportId)).status).to.equal(Status.Settled);
      expect(await oracle.isBondLocked(capped)).to.equal(false);
    });

    it("reverts with RevenueOracle_ChallengeWindowOpen until the window's end, then settles", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, reportId } = env;
      const { challengeEnd } = await oracle.getReport(reportId);
      await expect(oracle.settle(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ChallengeWindowOpen")
        .withArgs(reportId, challengeEnd);
      await time.increaseTo(challengeEnd - 2n);
      await time.setNextBlockTimestamp(challengeEnd - 1n);
      await expect(oracle.settle(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ChallengeWindowOpen")
        .withArgs(reportId, challengeEnd);
      await time.increaseTo(challengeEnd - 1n);
      expect(await oracle.isSettleable(reportId)).to.equal(false);
      await time.increaseTo(challengeEnd);
      expect(await oracle.isSettleable(reportId)).to.equal(true);
      await expect(oracle.settle(reportId)).to.emit(oracle, "ReportSettled");
    });

    it("reverts with RevenueOracle_UnknownReport and RevenueOracle_WrongStatus", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, guardian, reportId } = env;
      for (const unknown of [0n, 2n]) {
        await expect(oracle.settle(unknown))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_UnknownReport")
          .withArgs(unknown);
        expect(await oracle.isSettleable(unknown)).to.equal(false);
      }
      await oracle.connect(guardian).dispute(reportId);
      await passWindow(oracle, reportId);
      await expect(oracle.settle(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Disputed);

      const debt = await loadFixture(debtFixture);
      await expect(debt.oracle.settle(debt.reportId))
        .to.be.revertedWithCustomError(debt.oracle, "RevenueOracle_WrongStatus")
        .withArgs(debt.reportId, Status.Debt);
      await debt.oracle.connect(debt.keeper).payDue(debt.reportId);
      await expect(debt.oracle.settle(debt.reportId))
        .to.be.revertedWithCustomError(debt.oracle, "RevenueOracle_WrongStatus")
        .withArgs(debt.reportId, Status.Paid);
    });

    it("reverts with RevenueOracle_WrongStatus for a report already settled", async () => {
      const env = await loadFixture(reportedFixture);
      await fundArtistReserve(env, DUE);
      await passWindow(env.oracle, env.reportId);
      await env.oracle.settle(env.reportId);
      await expect(env.oracle.settle(env.reportId))
        .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_WrongStatus")
        .withArgs(env.reportId, Status.Settled);
    });

    it("lets the next report be submitted while a debt is open, and locks the bond until both are done", async () => {
      const env = await loadFixture(debtFixture);
      const { oracle, id, activatedAt } = env;
      await time.increaseTo(activatedAt + 2n * PERIOD);
      const next = makeReport(env, {
        periodStart: activatedAt + PERIOD,
        periodEnd: activatedAt + 2n * PERIOD,
        sequence: 2n,
      });
      await expect(submit(env, next)).to.emit(oracle, "ReportSubmitted");
      const c = await oracle.getCampaign(id);
      expect([c.pendingReport, c.openDebts]).to.deep.equal([2n, 1n]);
      await oracle.connect(env.keeper).payDue(env.reportId);
      expect(await oracle.isBondLocked(id)).to.equal(true);
      await fundArtistReserve(env, DUE);
      await passWindow(oracle, 2n);
      await oracle.settle(2n);
      expect(await oracle.isBondLocked(id)).to.equal(false);
    });
  });

  describe("fundReserve", () => {
    it("adds the artist's tokens to the artist's reserve and emits ReserveFunded", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, usdc, artist } = env;
      const amount = 1_234n * ONE;
      await usdc.connect(artist).approve(oracle, amount);
      const tx = oracle.connect(artist).fundReserve(artist.address, usdc, amount);
      await expect(tx)
        .to.emit(oracle, "ReserveFunded")
        .withArgs(artist.address, await usdc.getAddress(), artist.address, amount);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle], [-amount, amount]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([amount, 0n, amount]);
      await fundArtistReserve(env, ONE);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([amount + ONE, 0n, amount + ONE]);
    });

    it("lets anyone (a label) fund an artist's reserve; the reserve is the artist's", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, usdc, artist, carol } = env;
      const amount = 500n * ONE;
      const tx = oracle.connect(carol).fundReserve(artist.address, usdc, amount);
      await expect(tx)
        .to.emit(oracle, "ReserveFunded")
        .withArgs(artist.address, await usdc.getAddress(), carol.address, amount);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [carol, oracle], [-amount, amount]);
      expect((await oracle.reserveOf(carol.address, usdc))[0]).to.equal(0n);
      await expect(oracle.connect(carol).withdrawReserve(usdc, amount))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveOwed")
        .withArgs(carol.address, await usdc.getAddress(), 0n, amount);
      await expect(oracle.connect(artist).withdrawReserve(usdc, amount)).to.changeTokenBalance(
        ethers,
        usdc,
        artist,
        amount,
      );
    });

    it("reverts with RevenueOracle_ZeroAddress and RevenueOracle_ZeroAmount", async () => {
      const { oracle, usdc, carol, artist } = await loadFixture(oracleFixture);
      await expect(oracle.connect(carol).fundReserve(ethers.ZeroAddress, usdc, ONE)).to.be.revertedWithCustomError(
        oracle,
        "RevenueOracle_ZeroAddress",
      );
      await expect(
        oracle.connect(carol).fundReserve(artist.address, ethers.ZeroAddress, ONE),
      ).to.be.revertedWithCustomError(oracle, "RevenueOracle_ZeroAddress");
      await expect(oracle.connect(carol).fundReserve(artist.address, usdc, 0n)).to.be.revertedWithCustomError(
        oracle,
        "RevenueOracle_ZeroAmount",
      );
    });

    it("reverts with RevenueOracle_ReserveTooLarge above 2**128 - 1", async () => {
      const { oracle, usdc, artist, keeper } = await loadFixture(oracleFixture);
      const max = 2n ** 128n - 1n;
      await usdc.mint(keeper.address, max);
      await expect(oracle.connect(keeper).fundReserve(artist.address, usdc, max + 1n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveTooLarge")
        .withArgs(artist.address, await usdc.getAddress());
      await oracle.connect(keeper).fundReserve(artist.address, usdc, max);
      expect((await oracle.reserveOf(artist.address, usdc))[0]).to.equal(max);
      await expect(oracle.connect(keeper).fundReserve(artist.address, usdc, 1n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveTooLarge")
        .withArgs(artist.address, await usdc.getAddress());
    });

    it("reverts with RevenueOracle_TransferAmountMismatch for a fee-on-transfer token", async () => {
      const { oracle, artist, keeper } = await loadFixture(oracleFixture);
      const fot = await ethers.deployContract("FeeOnTransferToken");
      await fot.mint(keeper.address, 1_000n);
      await fot.connect(keeper).approve(oracle, 1_000n);
      await expect(oracle.connect(keeper).fundReserve(artist.address, fot, 1_000n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_TransferAmountMismatch")
        .withArgs(await fot.getAddress(), 1_000n, 990n);
    });

    it("reverts with the token's error without an allowance", async () => {
      const { oracle, usdc, artist, dave } = await loadFixture(oracleFixture);
      await expect(oracle.connect(dave).fundReserve(artist.address, usdc, ONE))
        .to.be.revertedWithCustomError(usdc, "ERC20InsufficientAllowance")
        .withArgs(await oracle.getAddress(), 0n, ONE);
    });
  });

  describe("fundReserveWithPermit", () => {
    it("funds the caller's own reserve with a permit in one transaction, with no allowance before", async () => {
      const { oracle, usdc, artist } = await loadFixture(oracleFixture);
      const amount = 750n * ONE;
      expect(await usdc.allowance(artist.address, oracle)).to.equal(0n);
      const deadline = BigInt(await time.latest()) + 3_600n;
      const { v, r, s } = await signPermit(usdc, artist, await oracle.getAddress(), amount, deadline);
      const tx = oracle.connect(artist).fundReserveWithPermit(usdc, amount, deadline, v, r, s);
      await expect(tx)
        .to.emit(oracle, "ReserveFunded")
        .withArgs(artist.address, await usdc.getAddress(), artist.address, amount);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle], [-amount, amount]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([amount, 0n, amount]);
      expect(await usdc.allowance(artist.address, oracle)).to.equal(0n);
      expect(await usdc.nonces(artist.address)).to.equal(1n);
    });

    it("still funds when someone submitted the permit first (front-running does not block the artist)", async () => {
      const { oracle, usdc, artist, dave } = await loadFixture(oracleFixture);
      const amount = 20n * ONE;
      const deadline = BigInt(await time.latest()) + 3_600n;
      const { v, r, s } = await signPermit(usdc, artist, await oracle.getAddress(), amount, deadline);
      await usdc.connect(dave).permit(artist.address, oracle, amount, deadline, v, r, s);
      await expect(oracle.connect(artist).fundReserveWithPermit(usdc, amount, deadline, v, r, s))
        .to.emit(oracle, "ReserveFunded")
        .withArgs(artist.address, await usdc.getAddress(), artist.address, amount);
      expect((await oracle.reserveOf(artist.address, usdc))[0]).to.equal(amount);
    });

    it("cannot spend a permit signed by someone else: the pull fails with the token's error", async () => {
      const { oracle, usdc, artist, dave } = await loadFixture(oracleFixture);
      const amount = 5n * ONE;
      const deadline = BigInt(await time.latest()) + 3_600n;
      // The artist's permit, relayed by dave: the permit is for the artist's tokens, dave has no allowance.
      const { v, r, s } = await signPermit(usdc, artist, await oracle.getAddress(), amount, deadline);
      await expect(oracle.connect(dave).fundReserveWithPermit(usdc, amount, deadline, v, r, s))
        .to.be.revertedWithCustomError(usdc, "ERC20InsufficientAllowance")
        .withArgs(await oracle.getAddress(), 0n, amount);
      expect((await oracle.reserveOf(artist.address, usdc))[0]).to.equal(0n);
      expect((await oracle.reserveOf(dave.address, usdc))[0]).to.equal(0n);
    });

    it("refuses an expired permit (the pull fails), a token without code (also in fundReserve) or the zero address", async () => {
      const { oracle, usdc, artist } = await loadFixture(oracleFixture);
      const deadline = BigInt(await time.latest()) - 1n;
      const { v, r, s } = await signPermit(usdc, artist, await oracle.getAddress(), ONE, deadline);
      await expect(oracle.connect(artist).fundReserveWithPermit(usdc, ONE, deadline, v, r, s))
        .to.be.revertedWithCustomError(usdc, "ERC20InsufficientAllowance")
        .withArgs(await oracle.getAddress(), 0n, ONE);
      await expect(
        oracle.connect(artist).fundReserveWithPermit(ethers.ZeroAddress, ONE, deadline, v, r, s),
      ).to.be.revertedWithCustomError(oracle, "RevenueOracle_ZeroAddress");
      const noCode = ethers.Wallet.createRandom().address;
      await expect(oracle.connect(artist).fundReserveWithPermit(noCode, ONE, deadline, v, r, s))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotAContract")
        .withArgs(noCode);
      await expect(oracle.connect(artist).fundReserve(artist.address, noCode, ONE))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotAContract")
        .withArgs(noCode);
      await expect(
        oracle.connect(artist).fundReserveWithPermit(usdc, 0n, deadline, v, r, s),
      ).to.be.revertedWithCustomError(oracle, "RevenueOracle_ZeroAmount");
    });
  });

  describe("withdrawReserve", () => {
    it("returns free reserve to the artist and emits ReserveWithdrawn", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, usdc, artist } = env;
      await fundArtistReserve(env, 3_000n * ONE);
      const tx = oracle.connect(artist).withdrawReserve(usdc, 1_000n * ONE);
      await expect(tx)
        .to.emit(oracle, "ReserveWithdrawn")
        .withArgs(artist.address, await usdc.getAddress(), 1_000n * ONE);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [oracle, artist], [-1_000n * ONE, 1_000n * ONE]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([2_000n * ONE, 0n, 2_000n * ONE]);
      await oracle.connect(artist).withdrawReserve(usdc, 2_000n * ONE);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
    });

    it("never releases reserve a pending report commits (RevenueOracle_ReserveOwed)", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, usdc, artist, guardian, reportId } = env;
      const token = await usdc.getAddress();
      await fundArtistReserve(env, DUE + 2_000n * ONE);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([DUE + 2_000n * ONE, DUE, 2_000n * ONE]);
      await expect(oracle.connect(artist).withdrawReserve(usdc, 2_000n * ONE + 1n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveOwed")
        .withArgs(artist.address, token, 2_000n * ONE, 2_000n * ONE + 1n);
      await oracle.connect(artist).withdrawReserve(usdc, 2_000n * ONE);
      await expect(oracle.connect(artist).withdrawReserve(usdc, 1n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveOwed")
        .withArgs(artist.address, token, 0n, 1n);
      // A dispute releases the commitment.
      await oracle.connect(guardian).dispute(reportId);
      await expect(oracle.connect(artist).withdrawReserve(usdc, DUE))
        .to.emit(oracle, "ReserveWithdrawn")
        .withArgs(artist.address, token, DUE);
    });

    it("never releases reserve an open debt commits, even funded after the debt", async () => {
      const env = await loadFixture(debtFixture);
      const { oracle, usdc, artist } = env;
      const token = await usdc.getAddress();
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, DEBT, 0n]);
      await fundArtistReserve(env, 3_000n * ONE);
      await expect(oracle.connect(artist).withdrawReserve(usdc, 3_000n * ONE))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveOwed")
        .withArgs(artist.address, token, 0n, 3_000n * ONE);
      await fundArtistReserve(env, 3_000n * ONE);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([6_000n * ONE, DEBT, 6_000n * ONE - DEBT]);
      await expect(oracle.connect(artist).withdrawReserve(usdc, 6_000n * ONE - DEBT + 1n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveOwed")
        .withArgs(artist.address, token, 6_000n * ONE - DEBT, 6_000n * ONE - DEBT + 1n);
      await oracle.connect(artist).withdrawReserve(usdc, 6_000n * ONE - DEBT);
    });

    it("reverts with RevenueOracle_ZeroAmount, and keeps reserves per artist and token", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, usdc, artist, stranger } = env;
      await fundArtistReserve(env, ONE);
      await expect(oracle.connect(artist).withdrawReserve(usdc, 0n)).to.be.revertedWithCustomError(
        oracle,
        "RevenueOracle_ZeroAmount",
      );
      await expect(oracle.connect(stranger).withdrawReserve(usdc, ONE))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveOwed")
        .withArgs(stranger.address, await usdc.getAddress(), 0n, ONE);
      const other = await ethers.deployContract("MockStablecoin", ["Other USD", "oUSD"]);
      await expect(oracle.connect(artist).withdrawReserve(other, ONE))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveOwed")
        .withArgs(artist.address, await other.getAddress(), 0n, ONE);
    });
  });
});

/** A campaign in a token that can refuse transfers (BlocklistToken), with the oracle and its standard report. */
async function blocklistOracleFixture() {
  const env = await blocklistFixture();
  const deployed = await deployOracle(env);
  const id = await createCampaign(env, { token: await env.busd.getAddress(), bond: BOND });
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  await finalizeAfterDeadline(env, id);
  const { activatedAt, shareDuration } = await env.hub.campaign(id);
  await time.increaseTo(activatedAt + PERIOD);
  const oracleEnv: OracleEnv = { ...env, ...deployed, id, activatedAt, shareEnd: activatedAt + shareDuration };
  await env.busd.connect(env.artist).approve(deployed.oracle, ethers.MaxUint256);
  await submit(oracleEnv);
  return { ...oracleEnv, busd: env.busd, reportId: await deployed.oracle.reportCount() };
}
