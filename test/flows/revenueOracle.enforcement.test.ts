// RevenueOracle: repaying debts (payDue), enforcing unpaid debts (the artist's reserve, then allowance, pays first;
// only the rest is fined and advanced by the bond), the artist's suspension and reinstatement, and the bond lock the
// hub asks the oracle about.
import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  BOND_LOCK_AFTER_SHARE_END,
  BPS,
  CAROL_IN,
  ONE,
  createCampaign,
  ethers,
  loadFixture,
  time,
} from "./fixtures.js";
import {
  BOND,
  CORRECTED_ROOT,
  DEBT,
  DUE,
  FINE,
  HALF,
  PENALTY_BPS,
  Status,
  activeCampaign,
  debtFixture,
  debtOn,
  enforcedFixture,
  fundArtistReserve,
  holderPart,
  makeReport,
  oracleFixture,
  passDueDate,
  passWindow,
  reach,
  reportOn,
  reportedFixture,
  submit,
} from "./oracleFixtures.js";

const OWED = DEBT + FINE; // 6,250: debt 5,000 + 25 % fine
const BIG_BOND = 10_000n * ONE;
const CAP = 6_000n * ONE;

/** `oracleFixture` + campaign 2 with a payout cap of 6,000 and a bond, its report settled with nothing: a 6,000 debt. */
async function cappedDebtFixture() {
  const env = await oracleFixture();
  const capped = await activeCampaign(env, { payoutCap: CAP, bond: BOND });
  const reportId = await debtOn(env, capped, 0n);
  return { ...env, capped, reportId };
}

describe("RevenueOracle: debts, enforcement and suspension", () => {
  describe("payDue on a debt", () => {
    it("takes the debt from the caller into revenue and emits DebtPaid, without reinstatement", async () => {
      const { hub, oracle, usdc, artist, alice, keeper, id, reportId } = await loadFixture(debtFixture);
      const tx = oracle.connect(keeper).payDue(reportId);
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(id, reportId, keeper.address, DEBT, 0n);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), DEBT, DEBT, 0n);
      await expect(tx).not.to.emit(oracle, "ArtistReinstated");
      await expect(tx).not.to.emit(hub, "BondRestored");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [keeper, oracle, hub], [-DEBT, 0n, DEBT]);
      const r = await oracle.getReport(reportId);
      expect(r.status).to.equal(Status.Paid);
      expect(r.amount).to.equal(DEBT);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
      expect((await oracle.getCampaign(id)).openDebts).to.equal(0n);
      expect(await oracle.isBondLocked(id)).to.equal(false);
      expect(await oracle.isEnforceable(reportId)).to.equal(false);
      // Half at settlement, half now: the whole amount due, one token unit per share unit.
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
    });

    it("takes the artist's free reserve first and the rest from the caller", async () => {
      const env = await loadFixture(debtFixture);
      const { hub, oracle, usdc, artist, keeper, id, reportId } = env;
      await fundArtistReserve(env, 2_000n * ONE);
      const tx = oracle.connect(keeper).payDue(reportId);
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(id, reportId, keeper.address, DEBT, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        usdc,
        [keeper, oracle, hub],
        [-(DEBT - 2_000n * ONE), -2_000n * ONE, DEBT],
      );
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
    });

    it("lets anyone trigger payment from a reserve that covers it all; the caller pays nothing", async () => {
      const env = await loadFixture(debtFixture);
      const { oracle, usdc, artist, stranger, id, reportId } = env;
      await fundArtistReserve(env, DEBT + 500n * ONE);
      const tx = oracle.connect(stranger).payDue(reportId);
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(id, reportId, stranger.address, DEBT, 0n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [stranger, oracle], [0n, -DEBT]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([500n * ONE, 0n, 500n * ONE]);
    });

    it("never uses reserve another report commits", async () => {
      const env = await loadFixture(debtFixture);
      const { oracle, usdc, artist, keeper, reportId } = env;
      const second = await activeCampaign(env);
      const pending = await reportOn(env, second);
      await fundArtistReserve(env, DUE + 1_000n * ONE);
      // Balance 11,000 against 15,000 committed (the debt and the pending report): nothing is free.
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([DUE + 1_000n * ONE, DEBT + DUE, 0n]);
      await expect(oracle.connect(keeper).payDue(reportId)).to.changeTokenBalances(
        ethers,
        usdc,
        [keeper, oracle],
        [-(DEBT - 1_000n * ONE), -1_000n * ONE],
      );
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([DUE, DUE, 0n]);
      await passWindow(oracle, pending);
      await expect(oracle.settle(pending))
        .to.emit(oracle, "ReportSettled")
        .withArgs(second, pending, artist.address, DUE, 0n);
    });

    it("pays holders no more than the payout cap still allows", async () => {
      const env = await loadFixture(cappedDebtFixture);
      const { hub, oracle, usdc, artist, carol, keeper, capped, reportId } = env;
      await hub.connect(carol).depositRevenue(capped, 2_000n * ONE);
      const tx = oracle.connect(keeper).payDue(reportId);
      await expect(tx)
        .to.emit(oracle, "DebtPaid")
        .withArgs(capped, reportId, keeper.address, CAP - 2_000n * ONE, 0n);
      await expect(tx).to.changeTokenBalance(ethers, usdc, keeper, -(CAP - 2_000n * ONE));
      expect(await hub.holderRoom(capped)).to.equal(0n);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
      expect((await oracle.getReport(reportId)).amount).to.equal(CAP - 2_000n * ONE);
    });

    it("closes a debt at no cost once the payout cap is reached", async () => {
      const env = await loadFixture(cappedDebtFixture);
      const { hub, oracle, usdc, carol, keeper, capped, reportId } = env;
      await hub.connect(carol).depositRevenue(capped, CAP);
      const tx = oracle.connect(keeper).payDue(reportId);
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(capped, reportId, keeper.address, 0n, 0n);
      await expect(tx).not.to.emit(hub, "RevenueDeposited");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [keeper, oracle, hub], [0n, 0n, 0n]);
      expect((await oracle.getReport(reportId)).status).to.equal(Status.Paid);
      expect(await oracle.isBondLocked(capped)).to.equal(false);
    });

    it("reverts with the token's error when the caller cannot pay", async () => {
      const { oracle, usdc, dave, reportId } = await loadFixture(debtFixture);
      await expect(oracle.connect(dave).payDue(reportId))
        .to.be.revertedWithCustomError(usdc, "ERC20InsufficientAllowance")
        .withArgs(await oracle.getAddress(), 0n, DEBT);
    });

    it("reverts with RevenueOracle_UnknownReport and RevenueOracle_WrongStatus (Pending, Disputed, Settled, Paid)", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, guardian, keeper, reportId } = env;
      for (const unknown of [0n, 2n]) {
        await expect(oracle.connect(keeper).payDue(unknown))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_UnknownReport")
          .withArgs(unknown);
      }
      await expect(oracle.connect(keeper).payDue(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Pending);
      await oracle.connect(guardian).dispute(reportId);
      await expect(oracle.connect(keeper).payDue(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Disputed);

      // The disputed report is void for good; a corrected one (another statement root) takes its place.
      await submit(env, makeReport(env, { statementRoot: CORRECTED_ROOT }));
      const settled = await oracle.reportCount();
      await fundArtistReserve(env, DUE);
      await passWindow(oracle, settled);
      await oracle.settle(settled);
      await expect(oracle.connect(keeper).payDue(settled))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(settled, Status.Settled);

      const debt = await loadFixture(debtFixture);
      await debt.oracle.connect(debt.keeper).payDue(debt.reportId);
      await expect(debt.oracle.connect(debt.keeper).payDue(debt.reportId))
        .to.be.revertedWithCustomError(debt.oracle, "RevenueOracle_WrongStatus")
        .withArgs(debt.reportId, Status.Paid);
    });
  });

  describe("enforce", () => {
    it("after the due date, advances debt + fine from the bond to holders as far as it goes and suspends the artist", async () => {
      const { hub, oracle, usdc, artist, alice, bob, keeper, id, reportId } = await loadFixture(debtFixture);
      await passDueDate(oracle, reportId);
      expect(await oracle.isEnforceable(reportId)).to.equal(true);
      expect(FINE).to.equal((DEBT * PENALTY_BPS) / BPS);
      const tx = oracle.connect(keeper).enforce(reportId);
      await expect(tx).to.emit(oracle, "Enforced").withArgs(id, reportId, artist.address, DEBT, FINE, BOND);
      await expect(tx).to.emit(hub, "BondSlashed").withArgs(id, artist.address, BOND);
      await expect(tx).to.emit(oracle, "ArtistSuspended").withArgs(artist.address, id);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [hub, oracle], [0n, 0n]);

      const r = await oracle.getReport(reportId);
      expect(r.status).to.equal(Status.Enforced);
      expect(r.amount).to.equal(OWED);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([OWED - BOND, BOND]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, OWED, 0n]);
      const c = await oracle.getCampaign(id);
      expect([c.openDebts, c.delinquent]).to.deep.equal([1n, true]);
      expect(await oracle.sanctions(artist.address)).to.equal(1n);
      expect(await oracle.isSuspended(artist.address)).to.equal(true);
      expect(await oracle.isEnforceable(reportId)).to.equal(false);
      expect(await oracle.isBondLocked(id)).to.equal(true);
      const campaign = await hub.campaign(id);
      expect(campaign.bond).to.equal(0n);
      expect(campaign.paidToHolders).to.equal(HALF + BOND);
      // 6,250 of 10,000 supply: exactly 5/8 of a token unit per share unit.
      expect(await hub.claimable(id, alice.address)).to.equal(((HALF + BOND) * ALICE_IN) / DUE);
      expect(await hub.claimable(id, bob.address)).to.equal(holderPart(HALF + BOND, BOB_IN));
    });

    it("takes everything from a bond large enough: the artist then owes only the bond", async () => {
      const env = await loadFixture(oracleFixture);
      const { hub, oracle, usdc, artist, keeper } = env;
      const id = await activeCampaign(env, { bond: BIG_BOND });
      const reportId = await debtOn(env, id);
      await passDueDate(oracle, reportId);
      const tx = oracle.connect(keeper).enforce(reportId);
      await expect(tx).to.emit(oracle, "Enforced").withArgs(id, reportId, artist.address, DEBT, FINE, OWED);
      await expect(tx).to.emit(hub, "BondSlashed").withArgs(id, artist.address, OWED);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([0n, OWED]);
      expect((await hub.campaign(id)).bond).to.equal(BIG_BOND - OWED);

      await usdc.connect(artist).approve(oracle, OWED);
      const pay = oracle.connect(artist).payDue(reportId);
      await expect(pay).to.emit(oracle, "DebtPaid").withArgs(id, reportId, artist.address, 0n, OWED);
      await expect(pay).to.emit(hub, "BondRestored").withArgs(id, artist.address, OWED, BIG_BOND);
      await expect(pay).to.emit(oracle, "ArtistReinstated").withArgs(artist.address, id);
      await expect(pay).not.to.emit(hub, "RevenueDeposited");
      await expect(pay).to.changeTokenBalances(ethers, usdc, [artist, oracle, hub], [-OWED, 0n, OWED]);
      expect((await hub.campaign(id)).bond).to.equal(BIG_BOND);
    });

    it("without a bond pays holders nothing now: the artist owes all of it to holders", async () => {
      const env = await loadFixture(oracleFixture);
      const { hub, oracle, artist, keeper } = env;
      const id = await activeCampaign(env);
      const reportId = await debtOn(env, id);
      await passDueDate(oracle, reportId);
      const tx = oracle.connect(keeper).enforce(reportId);
      await expect(tx).to.emit(oracle, "Enforced").withArgs(id, reportId, artist.address, DEBT, FINE, 0n);
      await expect(tx).not.to.emit(hub, "BondSlashed");
      await expect(tx).to.emit(oracle, "ArtistSuspended").withArgs(artist.address, id);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([OWED, 0n]);
      const pay = oracle.connect(keeper).payDue(reportId);
      await expect(pay).to.emit(oracle, "DebtPaid").withArgs(id, reportId, keeper.address, OWED, 0n);
      await expect(pay).not.to.emit(hub, "BondRestored");
      await expect(pay)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), OWED, OWED, 0n);
    });

    it("applies the fine rate fixed when the report was submitted", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, owner, artist, keeper, id, reportId } = env;
      await oracle.connect(owner).setPenaltyBps(5_000);
      await fundArtistReserve(env, HALF);
      await passWindow(oracle, reportId);
      await oracle.settle(reportId);
      // Created before the artist is suspended; its report carries the new rate.
      const second = await activeCampaign(env, { bond: BIG_BOND });
      const next = await debtOn(env, second, 0n);
      expect((await oracle.getReport(reportId)).penaltyBps).to.equal(PENALTY_BPS);
      expect((await oracle.getReport(next)).penaltyBps).to.equal(5_000n);
      await passDueDate(oracle, next);
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.emit(oracle, "Enforced")
        .withArgs(id, reportId, artist.address, DEBT, FINE, BOND);
      // 10,000 + 50 % = 15,000, of which the bond of 10,000 is advanced.
      await expect(oracle.connect(keeper).enforce(next))
        .to.emit(oracle, "Enforced")
        .withArgs(second, next, artist.address, DUE, DUE / 2n, BIG_BOND);
      const e = await oracle.getEnforcement(next);
      expect([e.toHolders, e.toBond]).to.deep.equal([DUE + DUE / 2n - BIG_BOND, BIG_BOND]);
    });

    it("charges no fine at a zero rate", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, owner, artist, keeper } = env;
      await oracle.connect(owner).setPenaltyBps(0);
      const id = await activeCampaign(env, { bond: BIG_BOND });
      const reportId = await debtOn(env, id);
      await passDueDate(oracle, reportId);
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.emit(oracle, "Enforced")
        .withArgs(id, reportId, artist.address, DEBT, 0n, DEBT);
    });

    it("reverts with RevenueOracle_NotDue before the due date", async () => {
      const { oracle, keeper, reportId } = await loadFixture(debtFixture);
      const { dueDate } = await oracle.getReport(reportId);
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotDue")
        .withArgs(reportId, dueDate);
      await time.increaseTo(dueDate - 2n);
      await time.setNextBlockTimestamp(dueDate - 1n);
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotDue")
        .withArgs(reportId, dueDate);
      await time.increaseTo(dueDate - 1n);
      expect(await oracle.isEnforceable(reportId)).to.equal(false);
      await time.increaseTo(dueDate);
      expect(await oracle.isEnforceable(reportId)).to.equal(true);
      await expect(oracle.connect(keeper).enforce(reportId)).to.emit(oracle, "Enforced");
    });

    it("reverts with RevenueOracle_UnknownReport and RevenueOracle_WrongStatus (Pending, Disputed, Settled, Enforced, Paid)", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, guardian, keeper, reportId } = env;
      for (const unknown of [0n, 2n]) {
        await expect(oracle.connect(keeper).enforce(unknown))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_UnknownReport")
          .withArgs(unknown);
        expect(await oracle.isEnforceable(unknown)).to.equal(false);
      }
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Pending);
      await oracle.connect(guardian).dispute(reportId);
      await passDueDate(oracle, reportId);
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Disputed);

      // The disputed report is void for good; a corrected one (another statement root) takes its place.
      await submit(env, makeReport(env, { statementRoot: CORRECTED_ROOT }));
      const settled = await oracle.reportCount();
      await fundArtistReserve(env, DUE);
      await passDueDate(oracle, settled);
      await oracle.settle(settled);
      await expect(oracle.connect(keeper).enforce(settled))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(settled, Status.Settled);

      const enforced = await loadFixture(enforcedFixture);
      await expect(enforced.oracle.connect(enforced.keeper).enforce(enforced.reportId))
        .to.be.revertedWithCustomError(enforced.oracle, "RevenueOracle_WrongStatus")
        .withArgs(enforced.reportId, Status.Enforced);
      await enforced.oracle.connect(enforced.keeper).payDue(enforced.reportId);
      await expect(enforced.oracle.connect(enforced.keeper).enforce(enforced.reportId))
        .to.be.revertedWithCustomError(enforced.oracle, "RevenueOracle_WrongStatus")
        .withArgs(enforced.reportId, Status.Paid);
    });

    it("closes the report as Paid without sanction when the payout cap was reached meanwhile", async () => {
      const env = await loadFixture(cappedDebtFixture);
      const { hub, oracle, usdc, artist, carol, keeper, capped, reportId } = env;
      await hub.connect(carol).depositRevenue(capped, CAP);
      expect(await hub.holderRoom(capped)).to.equal(0n);
      await passDueDate(oracle, reportId);
      expect(await oracle.isEnforceable(reportId)).to.equal(true);
      const tx = oracle.connect(keeper).enforce(reportId);
      // Nothing is owed any more: the debt is closed as paid, with nothing paid.
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(capped, reportId, artist.address, 0n, 0n);
      await expect(tx).not.to.emit(oracle, "Enforced");
      await expect(tx).not.to.emit(hub, "BondSlashed");
      await expect(tx).not.to.emit(hub, "RevenueDeposited");
      await expect(tx).not.to.emit(oracle, "ArtistSuspended");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, keeper, oracle, hub], [0n, 0n, 0n, 0n]);
      const r = await oracle.getReport(reportId);
      expect([r.status, r.amount]).to.deep.equal([Status.Paid, 0n]);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([0n, 0n]);
      const c = await oracle.getCampaign(capped);
      expect([c.openDebts, c.delinquent]).to.deep.equal([0n, false]);
      expect(await oracle.sanctions(artist.address)).to.equal(0n);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
      expect(await oracle.isBondLocked(capped)).to.equal(false);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
      expect((await hub.campaign(capped)).bond).to.equal(BOND);
      await expect(oracle.connect(keeper).payDue(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Paid);
    });

    it("limits what is owed to the payout cap's room when it was partly reached meanwhile", async () => {
      const env = await loadFixture(cappedDebtFixture);
      const { hub, oracle, usdc, artist, carol, keeper, capped, reportId } = env;
      const room = 3_000n * ONE;
      await hub.connect(carol).depositRevenue(capped, CAP - room);
      await passDueDate(oracle, reportId);
      // What lies beyond the cap is no longer owed: the fine is on the room (3,000 + 750), which is capped again.
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.emit(oracle, "Enforced")
        .withArgs(capped, reportId, artist.address, room, (room * PENALTY_BPS) / BPS, BOND);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([room - BOND, BOND]);
      expect((await oracle.getReport(reportId)).amount).to.equal(room);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, room, 0n]);
    });
  });

  describe("enforce: the artist's reserve, then allowance, pays first", () => {
    it("closes the debt as Paid from a reserve that covers it: DebtPaid, no fine, no suspension, holders credited", async () => {
      const env = await loadFixture(debtFixture);
      const { hub, oracle, usdc, artist, alice, bob, carol, keeper, id, reportId } = env;
      const surplus = 500n * ONE;
      // Funded after settlement; nobody calls payDue before the due date.
      await fundArtistReserve(env, DEBT + surplus);
      await passDueDate(oracle, reportId);
      expect(await oracle.isEnforceable(reportId)).to.equal(true);
      const tx = oracle.connect(keeper).enforce(reportId);
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(id, reportId, artist.address, DEBT, 0n);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), DEBT, DEBT, 0n);
      await expect(tx).not.to.emit(oracle, "Enforced");
      await expect(tx).not.to.emit(hub, "BondSlashed");
      await expect(tx).not.to.emit(oracle, "ArtistSuspended");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, keeper, oracle, hub], [0n, 0n, -DEBT, DEBT]);

      const r = await oracle.getReport(reportId);
      expect([r.status, r.amount]).to.deep.equal([Status.Paid, DEBT]);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([0n, 0n]);
      // Only the surplus is left, and it is free.
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([surplus, 0n, surplus]);
      const c = await oracle.getCampaign(id);
      expect([c.openDebts, c.delinquent]).to.deep.equal([0n, false]);
      expect(await oracle.sanctions(artist.address)).to.equal(0n);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
      expect(await oracle.isEnforceable(reportId)).to.equal(false);
      expect(await oracle.isBondLocked(id)).to.equal(false);
      const campaign = await hub.campaign(id);
      expect(campaign.bond).to.equal(BOND);
      expect(campaign.paidToHolders).to.equal(DUE);
      // Half at settlement, half at enforcement: the whole amount due, one token unit per share unit, no fine.
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
      expect(await hub.claimable(id, bob.address)).to.equal(BOB_IN);
      expect(await hub.claimable(id, carol.address)).to.equal(CAROL_IN);
      // The artist may still create campaigns; the report is closed for good.
      expect(await createCampaign(env)).to.equal(id + 1n);
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Paid);
      await expect(oracle.connect(keeper).payDue(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Paid);
    });

    it("fines only what a partial reserve leaves unpaid: the bond advances the rest + fine, the artist is suspended", async () => {
      const env = await loadFixture(debtFixture);
      const { hub, oracle, usdc, artist, alice, keeper, id, reportId } = env;
      const part = 2_000n * ONE;
      await fundArtistReserve(env, part);
      await passDueDate(oracle, reportId);
      const rest = DEBT - part; // 3,000
      const fine = (rest * PENALTY_BPS) / BPS; // 750, not 1,250 on the whole debt
      expect(fine).to.equal(750n * ONE);
      const owed = rest + fine; // 3,750, of which the bond (1,250) is advanced
      const tx = oracle.connect(keeper).enforce(reportId);
      await expect(tx).to.emit(oracle, "Enforced").withArgs(id, reportId, artist.address, rest, fine, BOND);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), part, part, 0n);
      await expect(tx).to.emit(hub, "BondSlashed").withArgs(id, artist.address, BOND);
      await expect(tx).to.emit(oracle, "ArtistSuspended").withArgs(artist.address, id);
      await expect(tx).not.to.emit(oracle, "DebtPaid");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, keeper, oracle, hub], [0n, 0n, -part, part]);

      const r = await oracle.getReport(reportId);
      expect([r.status, r.amount]).to.deep.equal([Status.Enforced, owed]);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([owed - BOND, BOND]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, owed, 0n]);
      const c = await oracle.getCampaign(id);
      expect([c.openDebts, c.delinquent]).to.deep.equal([1n, true]);
      expect(await oracle.sanctions(artist.address)).to.equal(1n);
      expect(await oracle.isSuspended(artist.address)).to.equal(true);
      expect(await oracle.isBondLocked(id)).to.equal(true);
      const campaign = await hub.campaign(id);
      expect(campaign.bond).to.equal(0n);
      expect(campaign.paidToHolders).to.equal(HALF + part + BOND);
      expect(await hub.claimable(id, alice.address)).to.equal(holderPart(HALF + part + BOND, ALICE_IN));

      // Repaid: holders end with the amount due plus the fine on the 3,000 the reserve could not pay.
      await usdc.connect(artist).approve(oracle, owed);
      const pay = oracle.connect(artist).payDue(reportId);
      await expect(pay)
        .to.emit(oracle, "DebtPaid")
        .withArgs(id, reportId, artist.address, owed - BOND, BOND);
      await expect(pay).to.emit(hub, "BondRestored").withArgs(id, artist.address, BOND, BOND);
      await expect(pay).to.emit(oracle, "ArtistReinstated").withArgs(artist.address, id);
      await expect(pay).to.changeTokenBalances(ethers, usdc, [artist, oracle, hub], [-owed, 0n, owed]);
      expect((await hub.campaign(id)).paidToHolders).to.equal(DUE + fine);
      expect(await hub.claimable(id, alice.address)).to.equal(holderPart(DUE + fine, ALICE_IN));
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
    });

    it("pays the debt from an allowance the artist grants after settlement: no sanction", async () => {
      const env = await loadFixture(debtFixture);
      const { hub, oracle, usdc, artist, keeper, id, reportId } = env;
      await passDueDate(oracle, reportId);
      await usdc.connect(artist).approve(oracle, DEBT);
      const tx = oracle.connect(keeper).enforce(reportId);
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(id, reportId, artist.address, DEBT, 0n);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), DEBT, DEBT, 0n);
      await expect(tx).not.to.emit(oracle, "Enforced");
      await expect(tx).not.to.emit(hub, "BondSlashed");
      await expect(tx).not.to.emit(oracle, "ArtistSuspended");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, keeper, oracle, hub], [-DEBT, 0n, 0n, DEBT]);
      expect(await usdc.allowance(artist.address, oracle)).to.equal(0n);
      const r = await oracle.getReport(reportId);
      expect([r.status, r.amount]).to.deep.equal([Status.Paid, DEBT]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
      const c = await oracle.getCampaign(id);
      expect([c.openDebts, c.delinquent]).to.deep.equal([0n, false]);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
      expect(await oracle.isBondLocked(id)).to.equal(false);
      expect((await hub.campaign(id)).bond).to.equal(BOND);
      expect((await hub.campaign(id)).paidToHolders).to.equal(DUE);
    });

    it("takes the reserve first and the allowance only for the rest", async () => {
      const env = await loadFixture(debtFixture);
      const { oracle, usdc, artist, keeper, id, reportId } = env;
      const part = 2_000n * ONE;
      await fundArtistReserve(env, part);
      await usdc.connect(artist).approve(oracle, DEBT);
      await passDueDate(oracle, reportId);
      const tx = oracle.connect(keeper).enforce(reportId);
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(id, reportId, artist.address, DEBT, 0n);
      await expect(tx).not.to.emit(oracle, "Enforced");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle], [-(DEBT - part), -part]);
      expect(await usdc.allowance(artist.address, oracle)).to.equal(part);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
      expect((await oracle.getReport(reportId)).status).to.equal(Status.Paid);
    });

    it("fines only the rest when the artist holds less than the allowance", async () => {
      const env = await loadFixture(debtFixture);
      const { hub, oracle, usdc, artist, dave, keeper, id, reportId } = env;
      const holds = 1_000n * ONE;
      await usdc.connect(artist).transfer(dave.address, (await usdc.balanceOf(artist.address)) - holds);
      await usdc.connect(artist).approve(oracle, ethers.MaxUint256);
      await passDueDate(oracle, reportId);
      const rest = DEBT - holds; // 4,000
      const fine = (rest * PENALTY_BPS) / BPS; // 1,000
      const tx = oracle.connect(keeper).enforce(reportId);
      await expect(tx).to.emit(oracle, "Enforced").withArgs(id, reportId, artist.address, rest, fine, BOND);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), holds, holds, 0n);
      await expect(tx).to.emit(oracle, "ArtistSuspended").withArgs(artist.address, id);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle, hub], [-holds, 0n, holds]);
      expect(await usdc.balanceOf(artist.address)).to.equal(0n);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([rest + fine - BOND, BOND]);
      expect((await hub.campaign(id)).paidToHolders).to.equal(HALF + holds + BOND);
    });

    it("pays no more than the payout cap's room from the reserve and closes the debt without sanction", async () => {
      const env = await loadFixture(cappedDebtFixture);
      const { hub, oracle, usdc, artist, carol, keeper, capped, reportId } = env;
      const room = 3_000n * ONE;
      await hub.connect(carol).depositRevenue(capped, CAP - room);
      await fundArtistReserve(env, 5_000n * ONE);
      await passDueDate(oracle, reportId);
      const tx = oracle.connect(keeper).enforce(reportId);
      // The 6,000 debt is owed only up to the room; the reserve pays it, the other 2,000 stay the artist's.
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(capped, reportId, artist.address, room, 0n);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(capped, await oracle.getAddress(), room, room, 0n);
      await expect(tx).not.to.emit(oracle, "Enforced");
      await expect(tx).not.to.emit(hub, "BondSlashed");
      await expect(tx).not.to.emit(oracle, "ArtistSuspended");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle, hub], [0n, -room, room]);
      expect(await hub.holderRoom(capped)).to.equal(0n);
      const r = await oracle.getReport(reportId);
      expect([r.status, r.amount]).to.deep.equal([Status.Paid, room]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([2_000n * ONE, 0n, 2_000n * ONE]);
      const c = await oracle.getCampaign(capped);
      expect([c.openDebts, c.delinquent]).to.deep.equal([0n, false]);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
      expect(await oracle.isBondLocked(capped)).to.equal(false);
      expect((await hub.campaign(capped)).bond).to.equal(BOND);
    });
  });

  describe("payDue on an enforced report", () => {
    it("pays holders what the bond could not, refills the bond, and reinstates the artist", async () => {
      const { hub, oracle, usdc, artist, alice, carol, id, reportId } = await loadFixture(enforcedFixture);
      await usdc.connect(artist).approve(oracle, OWED);
      const tx = oracle.connect(artist).payDue(reportId);
      await expect(tx)
        .to.emit(oracle, "DebtPaid")
        .withArgs(id, reportId, artist.address, OWED - BOND, BOND);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), OWED - BOND, OWED - BOND, 0n);
      await expect(tx).to.emit(hub, "BondRestored").withArgs(id, artist.address, BOND, BOND);
      await expect(tx).to.emit(oracle, "ArtistReinstated").withArgs(artist.address, id);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, oracle, hub], [-OWED, 0n, OWED]);

      const r = await oracle.getReport(reportId);
      expect([r.status, r.amount]).to.deep.equal([Status.Paid, OWED]);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([0n, 0n]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
      expect(await oracle.sanctions(artist.address)).to.equal(0n);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
      expect(await oracle.isBondLocked(id)).to.equal(false);
      // The campaign keeps its record.
      expect((await oracle.getCampaign(id)).delinquent).to.equal(true);
      expect((await hub.campaign(id)).bond).to.equal(BOND);
      // Holders received half the amount due, the bond, and the rest of debt + fine: 11,250 of 10,000 supply.
      const toHolders = HALF + OWED;
      expect((await hub.campaign(id)).paidToHolders).to.equal(toHolders);
      expect(await hub.claimable(id, alice.address)).to.equal((toHolders * ALICE_IN) / DUE);
      await expect(hub.connect(carol).claim(id))
        .to.emit(hub, "Claimed")
        .withArgs(id, carol.address, (toHolders * CAROL_IN) / DUE);
    });

    it("lets a label pay for the artist, using the artist's free reserve first", async () => {
      const env = await loadFixture(enforcedFixture);
      const { oracle, usdc, artist, carol, id, reportId } = env;
      await fundArtistReserve(env, OWED + 1_000n * ONE);
      // The enforced amount is committed: only the surplus is free.
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([OWED + 1_000n * ONE, OWED, 1_000n * ONE]);
      await expect(oracle.connect(artist).withdrawReserve(usdc, 1_000n * ONE + 1n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReserveOwed")
        .withArgs(artist.address, await usdc.getAddress(), 1_000n * ONE, 1_000n * ONE + 1n);
      const tx = oracle.connect(carol).payDue(reportId);
      await expect(tx)
        .to.emit(oracle, "DebtPaid")
        .withArgs(id, reportId, carol.address, OWED - BOND, BOND);
      await expect(tx).to.emit(oracle, "ArtistReinstated").withArgs(artist.address, id);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [carol, oracle], [0n, -OWED]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([1_000n * ONE, 0n, 1_000n * ONE]);
    });

    it("pays holders at most the payout cap's room at payment; the bond is refilled in full", async () => {
      const env = await loadFixture(cappedDebtFixture);
      const { hub, oracle, usdc, artist, carol, keeper, capped, reportId } = env;
      await passDueDate(oracle, reportId);
      await oracle.connect(keeper).enforce(reportId);
      const e = await oracle.getEnforcement(reportId);
      expect([e.toHolders, e.toBond]).to.deep.equal([CAP - BOND, BOND]);
      // Holders reach the cap by other revenue before the artist repays.
      await hub.connect(carol).depositRevenue(capped, CAP - BOND);
      expect(await hub.holderRoom(capped)).to.equal(0n);
      const tx = oracle.connect(keeper).payDue(reportId);
      await expect(tx).to.emit(oracle, "DebtPaid").withArgs(capped, reportId, keeper.address, 0n, BOND);
      await expect(tx).to.emit(hub, "BondRestored").withArgs(capped, artist.address, BOND, BOND);
      await expect(tx).to.emit(oracle, "ArtistReinstated").withArgs(artist.address, capped);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [keeper, hub], [-BOND, BOND]);
      expect((await oracle.getReport(reportId)).amount).to.equal(BOND);
    });
  });

  describe("suspension", () => {
    it("stops a suspended artist from creating campaigns until the enforced report is repaid", async () => {
      const env = await loadFixture(enforcedFixture);
      const { hub, oracle, artist, bob, keeper, id, reportId } = env;
      await expect(createCampaign(env))
        .to.be.revertedWithCustomError(hub, "EncoreHub_ArtistSuspended")
        .withArgs(artist.address);
      // Other artists are not affected.
      const other = await createCampaign(env, {}, bob);
      expect((await hub.campaign(other)).artist).to.equal(bob.address);
      await expect(oracle.connect(keeper).payDue(reportId))
        .to.emit(oracle, "ArtistReinstated")
        .withArgs(artist.address, id);
      const again = await createCampaign(env);
      expect(again).to.equal(other + 1n);
      expect((await hub.campaign(again)).artist).to.equal(artist.address);
    });

    it("does not suspend for an unenforced debt", async () => {
      const env = await loadFixture(debtFixture);
      expect(await env.oracle.isSuspended(env.artist.address)).to.equal(false);
      expect(await createCampaign(env)).to.equal(2n);
    });

    it("suspends once per artist and reinstates only when the last enforced report is repaid", async () => {
      const env = await loadFixture(debtFixture);
      const { oracle, artist, keeper, id, reportId: first } = env;
      // A second campaign of the artist, created while the artist may still create campaigns, also in debt.
      const second = await activeCampaign(env, { bond: BOND });
      const next = await debtOn(env, second, 0n);
      await passDueDate(oracle, next);
      await expect(oracle.connect(keeper).enforce(first))
        .to.emit(oracle, "ArtistSuspended")
        .withArgs(artist.address, id);
      const tx = oracle.connect(keeper).enforce(next);
      await expect(tx)
        .to.emit(oracle, "Enforced")
        .withArgs(second, next, artist.address, DUE, (DUE * PENALTY_BPS) / BPS, BOND);
      await expect(tx).not.to.emit(oracle, "ArtistSuspended");
      expect(await oracle.sanctions(artist.address)).to.equal(2n);

      await expect(oracle.connect(keeper).payDue(first)).not.to.emit(oracle, "ArtistReinstated");
      expect(await oracle.isSuspended(artist.address)).to.equal(true);
      expect(await oracle.sanctions(artist.address)).to.equal(1n);
      await expect(oracle.connect(keeper).payDue(next))
        .to.emit(oracle, "ArtistReinstated")
        .withArgs(artist.address, second);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
      expect(await oracle.sanctions(artist.address)).to.equal(0n);
    });
  });

  describe("bond lock", () => {
    it("keeps the bond with the hub while a report is pending, past the hub's own lock", async () => {
      const env = await loadFixture(reportedFixture);
      const { hub, oracle, artist, id, reportId, shareEnd } = env;
      await reach(shareEnd + BOND_LOCK_AFTER_SHARE_END);
      await expect(hub.withdrawBond(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BondLockedByOracle")
        .withArgs(id);
      await fundArtistReserve(env, DUE);
      await oracle.settle(reportId);
      await expect(hub.withdrawBond(id)).to.emit(hub, "BondWithdrawn").withArgs(id, artist.address, BOND);
    });

    it("keeps the bond while a debt is open, then returns it after payment", async () => {
      const { hub, oracle, artist, keeper, id, reportId, shareEnd } = await loadFixture(debtFixture);
      await reach(shareEnd + BOND_LOCK_AFTER_SHARE_END);
      expect(await oracle.isBondLocked(id)).to.equal(true);
      await expect(hub.withdrawBond(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BondLockedByOracle")
        .withArgs(id);
      await oracle.connect(keeper).payDue(reportId);
      await expect(hub.withdrawBond(id)).to.emit(hub, "BondWithdrawn").withArgs(id, artist.address, BOND);
    });

    it("keeps what is left of the bond while an enforced report is unpaid, and returns it refilled", async () => {
      const env = await loadFixture(oracleFixture);
      const { hub, oracle, artist, keeper } = env;
      const id = await activeCampaign(env, { bond: BIG_BOND });
      const reportId = await debtOn(env, id);
      await passDueDate(oracle, reportId);
      await oracle.connect(keeper).enforce(reportId);
      const { activatedAt, shareDuration } = await hub.campaign(id);
      await reach(activatedAt + shareDuration + BOND_LOCK_AFTER_SHARE_END);
      expect((await hub.campaign(id)).bond).to.equal(BIG_BOND - OWED);
      await expect(hub.withdrawBond(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BondLockedByOracle")
        .withArgs(id);
      await oracle.connect(keeper).payDue(reportId);
      await expect(hub.withdrawBond(id)).to.emit(hub, "BondWithdrawn").withArgs(id, artist.address, BIG_BOND);
    });

    it("does not lock the bond of a campaign without reports", async () => {
      const { oracle, id } = await loadFixture(oracleFixture);
      expect(await oracle.isBondLocked(id)).to.equal(false);
      expect(await oracle.isBondLocked(999n)).to.equal(false);
    });
  });
});
