// RevenueOracle: submitting reports (signatures, periods, sequences, campaign checks), disputes (a disputed report is
// void for good; a corrected one takes its place) and the EIP-712 digest operators sign.
import { expect } from "chai";

import {
  ALICE_IN,
  BPS,
  DAY,
  ONE,
  State,
  createCampaign,
  ethers,
  finalizeAfterDeadline,
  investAll,
  loadFixture,
  time,
} from "./fixtures.js";
import {
  CHALLENGE_WINDOW,
  CORRECTED_ROOT,
  DUE,
  GROSS,
  PAYMENT_GRACE,
  PENALTY_BPS,
  PERIOD,
  REPORT_TYPE,
  REPORT_TYPES,
  STATEMENT_ROOT,
  Status,
  activeCampaign,
  byAddress,
  fundArtistReserve,
  fundGas,
  makeReport,
  nextBlockAt,
  oracleFixture,
  passWindow,
  reportDomain,
  reportTag,
  reportedFixture,
  signReport,
  submit,
  type OracleEnv,
  type Report,
} from "./oracleFixtures.js";

/** Report 1 settled in full from the reserve, so that a next report may follow. */
async function settledFirstFixture(): Promise<OracleEnv & { reportId: bigint }> {
  const env = await reportedFixture();
  await fundArtistReserve(env, DUE);
  await passWindow(env.oracle, env.reportId);
  await env.oracle.settle(env.reportId);
  await time.increaseTo(env.activatedAt + 2n * PERIOD);
  return env;
}

/** The report following report 1: the next 30 days, sequence 2. */
function secondReport(env: OracleEnv, overrides: Partial<Report> = {}): Report {
  return makeReport(env, {
    periodStart: env.activatedAt + PERIOD,
    periodEnd: env.activatedAt + 2n * PERIOD,
    grossRevenue: GROSS / 2n,
    statementRoot: ethers.id("statement lines, period 2"),
    sequence: 2n,
    ...overrides,
  });
}

describe("RevenueOracle: reports", () => {
  describe("submitReport", () => {
    it("records a report signed by 2 of 3 operators, commits the amount due and emits ReportSubmitted", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, usdc, artist, keeper, id, activatedAt } = env;
      const report = makeReport(env);
      const signatures = await signReport(oracle, report, env.operators.slice(1));
      expect(await oracle.connect(keeper).submitReport.staticCall(report, signatures)).to.equal(1n);
      const at = await nextBlockAt();
      await expect(oracle.connect(keeper).submitReport(report, signatures))
        .to.emit(oracle, "ReportSubmitted")
        .withArgs(id, 1n, 1n, activatedAt, activatedAt + PERIOD, GROSS, DUE, STATEMENT_ROOT, at + CHALLENGE_WINDOW);
      expect(await oracle.reportCount()).to.equal(1n);
      const r = await oracle.getReport(1n);
      expect(r.campaignId).to.equal(id);
      expect(r.status).to.equal(Status.Pending);
      expect(r.challengeEnd).to.equal(at + CHALLENGE_WINDOW);
      expect(r.dueDate).to.equal(at + CHALLENGE_WINDOW + PAYMENT_GRACE);
      expect(r.penaltyBps).to.equal(PENALTY_BPS);
      expect(r.amount).to.equal(DUE);
      const c = await oracle.getCampaign(id);
      expect(c.lastSequence).to.equal(1n);
      expect(c.lastPeriodEnd).to.equal(activatedAt + PERIOD);
      expect(c.prevSequence).to.equal(0n);
      expect(c.prevPeriodEnd).to.equal(0n);
      expect(c.pendingReport).to.equal(1n);
      expect(c.openDebts).to.equal(0n);
      expect(c.delinquent).to.equal(false);
      expect(c.pendingTag).to.equal(reportTag(await oracle.hashReport(report)));
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, DUE, 0n]);
      expect(await oracle.isBondLocked(id)).to.equal(true);
      expect(await oracle.isSettleable(1n)).to.equal(false);
    });

    it("accepts more signatures than the threshold, all three operators", async () => {
      const env = await loadFixture(oracleFixture);
      await expect(submit(env, makeReport(env), env.operators)).to.emit(env.oracle, "ReportSubmitted");
      expect((await env.oracle.getReport(1n)).status).to.equal(Status.Pending);
    });

    it("computes amountDue = grossRevenue × revenueShareBps / 10,000, rounded down", async () => {
      const env = await loadFixture(oracleFixture);
      const bps = 1_234n;
      const id = await activeCampaign(env, { revenueShareBps: bps });
      const { activatedAt } = await env.hub.campaign(id);
      await time.increaseTo(activatedAt + PERIOD);
      const gross = 1_000_003n;
      const due = (gross * bps) / BPS; // 123,400.37 → 123,400
      expect(due).to.equal(123_400n);
      const report = makeReport(env, {
        campaignId: id,
        periodStart: activatedAt,
        periodEnd: activatedAt + PERIOD,
        grossRevenue: gross,
      });
      const at = await nextBlockAt();
      await expect(submit(env, report))
        .to.emit(env.oracle, "ReportSubmitted")
        .withArgs(id, 1n, 1n, activatedAt, activatedAt + PERIOD, gross, due, STATEMENT_ROOT, at + CHALLENGE_WINDOW);
      expect((await env.oracle.getReport(1n)).amount).to.equal(due);
    });

    it("accepts a report of zero revenue, which commits nothing and settles paying nothing", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, usdc, artist, hub, id } = env;
      const at = await nextBlockAt();
      await expect(submit(env, makeReport(env, { grossRevenue: 0n })))
        .to.emit(oracle, "ReportSubmitted")
        .withArgs(id, 1n, 1n, env.activatedAt, env.activatedAt + PERIOD, 0n, 0n, STATEMENT_ROOT, at + CHALLENGE_WINDOW);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
      await passWindow(oracle, 1n);
      const tx = oracle.settle(1n);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, 1n, artist.address, 0n, 0n);
      await expect(tx).not.to.emit(hub, "RevenueDeposited");
      expect((await oracle.getReport(1n)).status).to.equal(Status.Settled);
    });

    it("reverts with RevenueOracle_AmountTooLarge when the amount due passes 2**96 - 1", async () => {
      const env = await loadFixture(oracleFixture);
      // 20 % of 5 × 2**96 is 2**96.
      const gross = 5n * 2n ** 96n;
      await expect(submit(env, makeReport(env, { grossRevenue: gross })))
        .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_AmountTooLarge")
        .withArgs(2n ** 96n);
      const largest = makeReport(env, { grossRevenue: 5n * (2n ** 96n - 1n) });
      await expect(submit(env, largest)).to.emit(env.oracle, "ReportSubmitted");
      expect((await env.oracle.getReport(1n)).amount).to.equal(2n ** 96n - 1n);
    });

    describe("signatures", () => {
      it("reverts with RevenueOracle_NotEnoughSignatures below the threshold", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle } = env;
        const report = makeReport(env);
        const one = await signReport(oracle, report, [env.operators[0]]);
        await expect(oracle.submitReport(report, one))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotEnoughSignatures")
          .withArgs(1n, 2n);
        await expect(oracle.submitReport(report, []))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotEnoughSignatures")
          .withArgs(0n, 2n);
      });

      it("follows the threshold set by the owner", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle, owner } = env;
        await oracle.connect(owner).setThreshold(3);
        const report = makeReport(env);
        await expect(submit(env, report))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotEnoughSignatures")
          .withArgs(2n, 3n);
        await expect(submit(env, report, env.operators)).to.emit(oracle, "ReportSubmitted");
        await oracle.connect(owner).setThreshold(1);
        expect(await oracle.threshold()).to.equal(1n);
      });

      it("reverts with RevenueOracle_SignersNotSorted for signatures in descending signer order", async () => {
        const env = await loadFixture(oracleFixture);
        const [low, high] = env.operators;
        const report = makeReport(env);
        const [sigLow, sigHigh] = await signReport(env.oracle, report, [low, high]);
        await expect(env.oracle.submitReport(report, [sigHigh, sigLow]))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_SignersNotSorted")
          .withArgs(1n, low.address);
      });

      it("reverts with RevenueOracle_SignersNotSorted for the same operator signing twice", async () => {
        const env = await loadFixture(oracleFixture);
        const operator = env.operators[1];
        const report = makeReport(env);
        const [sig] = await signReport(env.oracle, report, [operator]);
        await expect(env.oracle.submitReport(report, [sig, sig]))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_SignersNotSorted")
          .withArgs(1n, operator.address);
        // A repeated signer further down the list is caught at its index too.
        const [low, high] = env.operators;
        const [sigLow, sigHigh] = await signReport(env.oracle, report, [low, high]);
        await expect(env.oracle.submitReport(report, [sigLow, sigHigh, sigLow]))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_SignersNotSorted")
          .withArgs(2n, low.address);
      });

      it("reverts with RevenueOracle_NotOperator for a signer who is not an operator, at its index", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle, outsider } = env;
        const report = makeReport(env);
        const wallets = [env.operators[0], outsider].sort(byAddress);
        const index = wallets.indexOf(outsider);
        await expect(oracle.submitReport(report, await signReport(oracle, report, wallets)))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotOperator")
          .withArgs(index, outsider.address);
      });

      it("stops counting a removed operator's signatures at once, and counts an added one", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle, owner, outsider } = env;
        const report = makeReport(env);
        const removed = env.operators[2];
        const signatures = await signReport(oracle, report, [env.operators[0], removed]);
        await oracle.connect(owner).removeOperator(removed.address);
        const index = [env.operators[0], removed].sort(byAddress).indexOf(removed);
        await expect(oracle.submitReport(report, signatures))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotOperator")
          .withArgs(index, removed.address);
        await oracle.connect(owner).addOperator(outsider.address);
        await expect(submit(env, report, [env.operators[0], outsider])).to.emit(oracle, "ReportSubmitted");
      });

      it("reverts with RevenueOracle_InvalidSignature for a malformed signature, at its index", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle } = env;
        const report = makeReport(env);
        const [good, other] = await signReport(oracle, report, env.operators.slice(0, 2));
        const sig = ethers.Signature.from(other);
        const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
        const malformed = {
          "64 bytes (compact form)": sig.compactSerialized,
          "66 bytes": ethers.concat([other, "0x00"]),
          empty: "0x",
          "high s": ethers.concat([sig.r, ethers.toBeHex(N - BigInt(sig.s), 32), sig.v === 27 ? "0x1c" : "0x1b"]),
          "v = 0": ethers.concat([sig.r, sig.s, "0x00"]),
        };
        for (const bad of Object.values(malformed)) {
          await expect(oracle.submitReport(report, [good, bad]))
            .to.be.revertedWithCustomError(oracle, "RevenueOracle_InvalidSignature")
            .withArgs(1n);
        }
        await expect(oracle.submitReport(report, [malformed.empty, good]))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_InvalidSignature")
          .withArgs(0n);
        await expect(oracle.submitReport(report, [good, other])).to.emit(oracle, "ReportSubmitted");
      });

      it("refuses signatures for another chain id or another verifying contract (they recover to a stranger)", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle } = env;
        const report = makeReport(env);
        const domain = await reportDomain(oracle);
        const [, valid] = await signReport(oracle, report, env.operators.slice(0, 2));
        const otherDomains = [{ chainId: 1n }, { verifyingContract: await env.hub.getAddress() }, { version: "2" }];
        for (const overrides of otherDomains) {
          const [foreign] = await signReport(oracle, report, [env.operators[0]], overrides);
          const recovered = ethers.verifyTypedData(domain, REPORT_TYPES, report, foreign);
          expect(recovered).not.to.equal(env.operators[0].address);
          await expect(oracle.submitReport(report, [foreign, valid]))
            .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotOperator")
            .withArgs(0n, recovered);
        }
      });

      it("refuses signatures of different report contents", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle } = env;
        const report = makeReport(env);
        const signed = await signReport(oracle, report, env.operators.slice(0, 2));
        const tampered = { ...report, grossRevenue: report.grossRevenue * 2n };
        const domain = await reportDomain(oracle);
        const recovered = ethers.verifyTypedData(domain, REPORT_TYPES, tampered, signed[0]);
        await expect(oracle.submitReport(tampered, signed))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotOperator")
          .withArgs(0n, recovered);
      });

      it("checks signatures before the campaign (a bad signature on an unknown campaign)", async () => {
        const env = await loadFixture(oracleFixture);
        const report = makeReport(env, { campaignId: 99n });
        await expect(env.oracle.submitReport(report, []))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_NotEnoughSignatures")
          .withArgs(0n, 2n);
        await expect(submit(env, report))
          .to.be.revertedWithCustomError(env.hub, "EncoreHub_UnknownCampaign")
          .withArgs(99n);
      });
    });

    describe("campaign", () => {
      it("reverts with RevenueOracle_CampaignNotSucceeded while Funding and after failure", async () => {
        const env = await loadFixture(oracleFixture);
        const funding = await createCampaign(env);
        await investAll(env, funding, [[env.alice, ALICE_IN]]);
        const report = makeReport(env, { campaignId: funding });
        await expect(submit(env, report))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_CampaignNotSucceeded")
          .withArgs(funding);
        await finalizeAfterDeadline(env, funding);
        expect(await env.hub.state(funding)).to.equal(State.Failed);
        await expect(submit(env, report))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_CampaignNotSucceeded")
          .withArgs(funding);
      });

      it("reverts with RevenueOracle_PreviousReportOpen while the campaign's report awaits settlement", async () => {
        const env = await loadFixture(reportedFixture);
        await time.increaseTo(env.activatedAt + 2n * PERIOD);
        await expect(submit(env, secondReport(env)))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_PreviousReportOpen")
          .withArgs(env.id, env.reportId);
        // Also after its window, until someone settles it.
        await passWindow(env.oracle, env.reportId);
        await expect(submit(env, secondReport(env)))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_PreviousReportOpen")
          .withArgs(env.id, env.reportId);
        await env.oracle.settle(env.reportId);
        await expect(submit(env, secondReport(env))).to.emit(env.oracle, "ReportSubmitted");
      });

      it("keeps campaigns apart: a pending report on one does not block another", async () => {
        const env = await loadFixture(reportedFixture);
        const second = await activeCampaign(env);
        const { activatedAt } = await env.hub.campaign(second);
        await time.increaseTo(activatedAt + PERIOD);
        const report = makeReport(env, {
          campaignId: second,
          periodStart: activatedAt,
          periodEnd: activatedAt + PERIOD,
        });
        await expect(submit(env, report)).to.emit(env.oracle, "ReportSubmitted");
        expect((await env.oracle.getCampaign(second)).pendingReport).to.equal(2n);
        expect((await env.oracle.getCampaign(env.id)).pendingReport).to.equal(1n);
        // Both commit the artist's reserve of the same token.
        expect((await env.oracle.reserveOf(env.artist.address, env.usdc))[1]).to.equal(2n * DUE);
      });
    });

    describe("period", () => {
      it("reverts with RevenueOracle_InvalidPeriod for an empty, reversed or unfinished period", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle, id, activatedAt } = env;
        const start = activatedAt + DAY;
        for (const [periodStart, periodEnd] of [
          [start, start],
          [start, start - 1n],
        ]) {
          await expect(submit(env, makeReport(env, { periodStart, periodEnd })))
            .to.be.revertedWithCustomError(oracle, "RevenueOracle_InvalidPeriod")
            .withArgs(id, periodStart, periodEnd);
        }
        // A period ending after the block that includes the report is not over.
        const at = await nextBlockAt();
        await expect(submit(env, makeReport(env, { periodEnd: at + 1n })))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_InvalidPeriod")
          .withArgs(id, activatedAt, at + 1n);
        const next = await nextBlockAt();
        await expect(submit(env, makeReport(env, { periodEnd: next }))).to.emit(oracle, "ReportSubmitted");
      });

      it("reverts with RevenueOracle_OutsideShareWindow before activation or past the share window", async () => {
        const env = await loadFixture(oracleFixture);
        const { oracle, id, activatedAt, shareEnd } = env;
        await expect(submit(env, makeReport(env, { periodStart: activatedAt - 1n })))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_OutsideShareWindow")
          .withArgs(id, activatedAt - 1n, activatedAt + PERIOD, activatedAt, shareEnd);
        await time.increaseTo(shareEnd + DAY);
        const late = { periodStart: shareEnd - PERIOD, periodEnd: shareEnd + 1n };
        await expect(submit(env, makeReport(env, late)))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_OutsideShareWindow")
          .withArgs(id, late.periodStart, late.periodEnd, activatedAt, shareEnd);
      });

      it("accepts a late report on the last period, ending exactly at the share window's end, after Ended", async () => {
        const env = await loadFixture(oracleFixture);
        const { hub, oracle, id, shareEnd } = env;
        await time.increaseTo(shareEnd + 100n * DAY);
        expect(await hub.state(id)).to.equal(State.Ended);
        const report = makeReport(env, { periodStart: shareEnd - PERIOD, periodEnd: shareEnd });
        await expect(submit(env, report)).to.emit(oracle, "ReportSubmitted");
        await fundArtistReserve(env, DUE);
        await passWindow(oracle, 1n);
        await expect(oracle.settle(1n))
          .to.emit(hub, "RevenueDeposited")
          .withArgs(id, await oracle.getAddress(), DUE, DUE, 0n);
        expect(await hub.claimable(id, env.alice.address)).to.equal(ALICE_IN);
      });

      it("reverts with RevenueOracle_PeriodOverlaps for a period starting before the last one's end", async () => {
        const env = await loadFixture(settledFirstFixture);
        const { oracle, id, activatedAt } = env;
        const overlapping = secondReport(env, { periodStart: activatedAt + PERIOD - 1n });
        await expect(submit(env, overlapping))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_PeriodOverlaps")
          .withArgs(id, activatedAt + PERIOD - 1n, activatedAt + PERIOD);
        // The same period again, with a higher sequence, overlaps too.
        const again = makeReport(env, { sequence: 2n });
        await expect(submit(env, again))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_PeriodOverlaps")
          .withArgs(id, activatedAt, activatedAt + PERIOD);
        // Starting exactly at the last period's end is fine, and so is leaving a gap.
        await expect(submit(env, secondReport(env, { periodStart: activatedAt + PERIOD + DAY }))).to.emit(
          oracle,
          "ReportSubmitted",
        );
      });
    });

    describe("sequence", () => {
      it("reverts with RevenueOracle_SequenceNotIncreasing for sequence 0 on the first report", async () => {
        const env = await loadFixture(oracleFixture);
        await expect(submit(env, makeReport(env, { sequence: 0n })))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_SequenceNotIncreasing")
          .withArgs(env.id, 0n, 0n);
      });

      it("reverts with RevenueOracle_SequenceNotIncreasing for a repeated or lower sequence, accepts a jump", async () => {
        const env = await loadFixture(settledFirstFixture);
        const { oracle, id } = env;
        for (const sequence of [1n, 0n]) {
          await expect(submit(env, secondReport(env, { sequence })))
            .to.be.revertedWithCustomError(oracle, "RevenueOracle_SequenceNotIncreasing")
            .withArgs(id, sequence, 1n);
        }
        await expect(submit(env, secondReport(env, { sequence: 7n }))).to.emit(oracle, "ReportSubmitted");
        const c = await oracle.getCampaign(id);
        expect([c.prevSequence, c.lastSequence]).to.deep.equal([1n, 7n]);
        expect([c.prevPeriodEnd, c.lastPeriodEnd]).to.deep.equal([
          env.activatedAt + PERIOD,
          env.activatedAt + 2n * PERIOD,
        ]);
      });

      it("reverts with RevenueOracle_SequenceNotIncreasing for a sequence that does not fit 32 bits", async () => {
        const env = await loadFixture(oracleFixture);
        const tooBig = 2n ** 32n;
        await expect(submit(env, makeReport(env, { sequence: tooBig })))
          .to.be.revertedWithCustomError(env.oracle, "RevenueOracle_SequenceNotIncreasing")
          .withArgs(env.id, tooBig, 0n);
        await expect(submit(env, makeReport(env, { sequence: tooBig - 1n }))).to.emit(env.oracle, "ReportSubmitted");
        expect((await env.oracle.getCampaign(env.id)).lastSequence).to.equal(tooBig - 1n);
      });

      it("lets a corrected report reuse the sequence and period of a disputed one", async () => {
        const env = await loadFixture(settledFirstFixture);
        const { oracle, guardian, id, activatedAt } = env;
        await submit(env, secondReport(env));
        await oracle.connect(guardian).dispute(2n);
        const c = await oracle.getCampaign(id);
        expect([c.lastSequence, c.lastPeriodEnd, c.pendingReport]).to.deep.equal([1n, activatedAt + PERIOD, 0n]);
        const corrected = secondReport(env, { grossRevenue: GROSS / 4n, statementRoot: ethers.id("corrected") });
        const at = await nextBlockAt();
        await expect(submit(env, corrected))
          .to.emit(oracle, "ReportSubmitted")
          .withArgs(
            id,
            3n,
            2n,
            activatedAt + PERIOD,
            activatedAt + 2n * PERIOD,
            GROSS / 4n,
            DUE / 4n,
            ethers.id("corrected"),
            at + CHALLENGE_WINDOW,
          );
        // Once a later report took the number again, it is used up.
        await passWindow(oracle, 3n);
        await oracle.settle(3n);
        await time.increaseTo(activatedAt + 3n * PERIOD);
        const third = { periodStart: activatedAt + 2n * PERIOD, periodEnd: activatedAt + 3n * PERIOD, sequence: 2n };
        await expect(submit(env, secondReport(env, third)))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_SequenceNotIncreasing")
          .withArgs(id, 2n, 2n);
      });

      it("lets the first report be redone with sequence 1 after its dispute", async () => {
        const env = await loadFixture(reportedFixture);
        const { oracle, guardian, id, activatedAt } = env;
        await oracle.connect(guardian).dispute(1n);
        const c = await oracle.getCampaign(id);
        expect([c.lastSequence, c.lastPeriodEnd, c.pendingReport]).to.deep.equal([0n, 0n, 0n]);
        // The disputed report itself is void; a corrected one of the same period and sequence is accepted.
        await expect(submit(env, makeReport(env)))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReportVoided")
          .withArgs(id, await oracle.hashReport(makeReport(env)));
        const corrected = makeReport(env, { statementRoot: CORRECTED_ROOT });
        const at = await nextBlockAt();
        await expect(submit(env, corrected))
          .to.emit(oracle, "ReportSubmitted")
          .withArgs(id, 2n, 1n, activatedAt, activatedAt + PERIOD, GROSS, DUE, CORRECTED_ROOT, at + CHALLENGE_WINDOW);
        expect((await oracle.getReport(2n)).status).to.equal(Status.Pending);
        const after = await oracle.getCampaign(id);
        expect([after.lastSequence, after.lastPeriodEnd, after.pendingReport]).to.deep.equal([
          1n,
          activatedAt + PERIOD,
          2n,
        ]);
      });
    });
  });

  describe("dispute", () => {
    it("lets a guardian void a report inside its window: commitment released, bond unlocked", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, usdc, artist, guardian, id, reportId } = env;
      await fundArtistReserve(env, 3n * ONE);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([3n * ONE, DUE, 0n]);
      await expect(oracle.connect(guardian).dispute(reportId))
        .to.emit(oracle, "ReportDisputed")
        .withArgs(id, reportId, guardian.address);
      const r = await oracle.getReport(reportId);
      expect(r.status).to.equal(Status.Disputed);
      expect(r.amount).to.equal(DUE);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([3n * ONE, 0n, 3n * ONE]);
      expect(await oracle.isBondLocked(id)).to.equal(false);
      await passWindow(oracle, reportId);
      expect(await oracle.isSettleable(reportId)).to.equal(false);
    });

    it("lets an operator dispute", async () => {
      const env = await loadFixture(reportedFixture);
      const operator = env.operators[2];
      await fundGas(operator);
      await expect(env.oracle.connect(operator).dispute(env.reportId))
        .to.emit(env.oracle, "ReportDisputed")
        .withArgs(env.id, env.reportId, operator.address);
    });

    it("reverts with RevenueOracle_NotGuardianOrOperator for anyone else, also a revoked guardian", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, owner, artist, stranger, guardian, reportId } = env;
      for (const caller of [stranger, artist, owner]) {
        await expect(oracle.connect(caller).dispute(reportId))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotGuardianOrOperator")
          .withArgs(caller.address);
      }
      await oracle.connect(owner).setGuardian(guardian.address, false);
      await expect(oracle.connect(guardian).dispute(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotGuardianOrOperator")
        .withArgs(guardian.address);
      // A removed operator cannot dispute either.
      const removed = env.operators[0];
      await fundGas(removed);
      await oracle.connect(owner).removeOperator(removed.address);
      await expect(oracle.connect(removed).dispute(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotGuardianOrOperator")
        .withArgs(removed.address);
      // The caller is checked first, even for an unknown report.
      await expect(oracle.connect(stranger).dispute(99n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotGuardianOrOperator")
        .withArgs(stranger.address);
    });

    it("accepts a dispute in the last second of the window", async () => {
      const { oracle, guardian, id, reportId } = await loadFixture(reportedFixture);
      const { challengeEnd } = await oracle.getReport(reportId);
      await time.setNextBlockTimestamp(challengeEnd - 1n);
      await expect(oracle.connect(guardian).dispute(reportId))
        .to.emit(oracle, "ReportDisputed")
        .withArgs(id, reportId, guardian.address);
    });

    it("reverts with RevenueOracle_ChallengeWindowClosed from the window's end on", async () => {
      const { oracle, guardian, reportId } = await loadFixture(reportedFixture);
      const { challengeEnd } = await oracle.getReport(reportId);
      await time.setNextBlockTimestamp(challengeEnd);
      await expect(oracle.connect(guardian).dispute(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ChallengeWindowClosed")
        .withArgs(reportId, challengeEnd);
      await time.increase(30n * DAY);
      await expect(oracle.connect(guardian).dispute(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ChallengeWindowClosed")
        .withArgs(reportId, challengeEnd);
    });

    it("reverts with RevenueOracle_UnknownReport and RevenueOracle_WrongStatus", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, guardian, reportId } = env;
      for (const unknown of [0n, 2n]) {
        await expect(oracle.connect(guardian).dispute(unknown))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_UnknownReport")
          .withArgs(unknown);
      }
      await oracle.connect(guardian).dispute(reportId);
      await expect(oracle.connect(guardian).dispute(reportId))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_WrongStatus")
        .withArgs(reportId, Status.Disputed);
      const settled = await loadFixture(settledFirstFixture);
      await expect(settled.oracle.connect(settled.guardian).dispute(settled.reportId))
        .to.be.revertedWithCustomError(settled.oracle, "RevenueOracle_WrongStatus")
        .withArgs(settled.reportId, Status.Settled);
    });
  });

  describe("disputed reports are void", () => {
    it("reverts with RevenueOracle_ReportVoided when a disputed report's signatures are replayed, by anyone", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, guardian, keeper, stranger, id } = env;
      const report = makeReport(env);
      const digest = await oracle.hashReport(report);
      const signatures = await signReport(oracle, report, env.operators.slice(0, 2));
      await oracle.connect(keeper).submitReport(report, signatures);
      await oracle.connect(guardian).dispute(1n);
      for (const caller of [keeper, stranger]) {
        await expect(oracle.connect(caller).submitReport(report, signatures))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReportVoided")
          .withArgs(id, digest);
      }
      // The digest is void, whoever signs it: fresh signatures of all three operators do not revive it.
      await expect(submit(env, report, env.operators))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReportVoided")
        .withArgs(id, digest);
      // Signatures are checked first.
      await expect(oracle.submitReport(report, signatures.slice(0, 1)))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_NotEnoughSignatures")
        .withArgs(1n, 2n);
      expect(await oracle.reportCount()).to.equal(1n);
      expect((await oracle.getCampaign(id)).pendingReport).to.equal(0n);
    });

    it("accepts a corrected report and still refuses the disputed one while it is pending and after it is settled", async () => {
      const env = await loadFixture(oracleFixture);
      const { hub, oracle, guardian, keeper, alice, id, activatedAt } = env;
      const report = makeReport(env);
      const digest = await oracle.hashReport(report);
      const signatures = await signReport(oracle, report, env.operators.slice(0, 2));
      await oracle.connect(keeper).submitReport(report, signatures);
      await oracle.connect(guardian).dispute(1n);

      const corrected = makeReport(env, { grossRevenue: GROSS / 2n });
      expect(await oracle.hashReport(corrected)).not.to.equal(digest);
      const at = await nextBlockAt();
      await expect(submit(env, corrected))
        .to.emit(oracle, "ReportSubmitted")
        .withArgs(
          id,
          2n,
          1n,
          activatedAt,
          activatedAt + PERIOD,
          GROSS / 2n,
          DUE / 2n,
          STATEMENT_ROOT,
          at + CHALLENGE_WINDOW,
        );
      expect((await oracle.getCampaign(id)).pendingTag).to.equal(reportTag(await oracle.hashReport(corrected)));
      // Void comes before any other check (here the corrected report still awaits settlement).
      await expect(oracle.connect(keeper).submitReport(report, signatures))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReportVoided")
        .withArgs(id, digest);

      await fundArtistReserve(env, DUE / 2n);
      await passWindow(oracle, 2n);
      await expect(oracle.settle(2n))
        .to.emit(oracle, "ReportSettled")
        .withArgs(id, 2n, env.artist.address, DUE / 2n, 0n);
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN / 2n);
      await time.increaseTo(activatedAt + 2n * PERIOD);
      await expect(oracle.connect(keeper).submitReport(report, signatures))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReportVoided")
        .withArgs(id, digest);
      // The settled corrected report is not void, only used up: its period is taken.
      await expect(submit(env, corrected))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_PeriodOverlaps")
        .withArgs(id, activatedAt, activatedAt + PERIOD);
      expect(await oracle.reportCount()).to.equal(2n);
    });

    it("voids every disputed version: a corrected report disputed in turn is void too, a third one counts", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, guardian, id } = env;
      await oracle.connect(guardian).dispute(1n);
      const corrected = makeReport(env, { statementRoot: CORRECTED_ROOT });
      await submit(env, corrected);
      await oracle.connect(guardian).dispute(2n);
      for (const disputed of [makeReport(env), corrected]) {
        await expect(submit(env, disputed))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReportVoided")
          .withArgs(id, await oracle.hashReport(disputed));
      }
      const third = makeReport(env, { statementRoot: CORRECTED_ROOT, grossRevenue: GROSS - 1n });
      await expect(submit(env, third)).to.emit(oracle, "ReportSubmitted");
      expect((await oracle.getReport(3n)).status).to.equal(Status.Pending);
      expect((await oracle.getCampaign(id)).pendingReport).to.equal(3n);
    });

    it("voids a disputed later report the same way; the same period under another sequence is another report", async () => {
      const env = await loadFixture(settledFirstFixture);
      const { oracle, guardian, id } = env;
      const second = secondReport(env);
      await submit(env, second);
      await oracle.connect(guardian).dispute(2n);
      await expect(submit(env, second))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReportVoided")
        .withArgs(id, await oracle.hashReport(second));
      // Another sequence number is another report: accepted.
      await expect(submit(env, secondReport(env, { sequence: 3n }))).to.emit(oracle, "ReportSubmitted");
      expect((await oracle.getCampaign(id)).lastSequence).to.equal(3n);
    });
  });

  describe("EIP-712", () => {
    it("hashReport is the EIP-712 digest of the report under the oracle's domain", async () => {
      const env = await loadFixture(oracleFixture);
      const report = makeReport(env);
      const domain = await reportDomain(env.oracle);
      expect(await env.oracle.hashReport(report)).to.equal(ethers.TypedDataEncoder.hash(domain, REPORT_TYPES, report));
      expect(await env.oracle.domainSeparator()).to.equal(ethers.TypedDataEncoder.hashDomain(domain));
      expect(await env.oracle.REPORT_TYPEHASH()).to.equal(ethers.id(REPORT_TYPE));
      const other = { ...report, sequence: 2n };
      expect(await env.oracle.hashReport(other)).not.to.equal(await env.oracle.hashReport(report));
      // What the operators sign is exactly this digest.
      const [signature] = await signReport(env.oracle, report, [env.operators[0]]);
      expect(ethers.recoverAddress(await env.oracle.hashReport(report), signature)).to.equal(env.operators[0].address);
    });

    it("eip712Domain describes name, version, chain and contract (EIP-5267)", async () => {
      const env = await loadFixture(oracleFixture);
      const domain = await env.oracle.eip712Domain();
      const { chainId } = await ethers.provider.getNetwork();
      expect(domain.fields).to.equal("0x0f");
      expect(domain.name).to.equal("Encore RevenueOracle");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(chainId);
      expect(domain.verifyingContract).to.equal(await env.oracle.getAddress());
      expect(domain.salt).to.equal(ethers.ZeroHash);
      expect(domain.extensions).to.deep.equal([]);
    });

    it("a report signed for one oracle cannot be replayed on another oracle of the same hub", async () => {
      const env = await loadFixture(oracleFixture);
      const report = makeReport(env);
      const signatures = await signReport(env.oracle, report, env.operators.slice(0, 2));
      const twin = await ethers.deployContract("RevenueOracle", [
        env.owner.address,
        await env.hub.getAddress(),
        env.operators.map((w) => w.address),
        2,
        [],
        CHALLENGE_WINDOW,
        PAYMENT_GRACE,
        PENALTY_BPS,
      ]);
      const recovered = ethers.verifyTypedData(await reportDomain(twin), REPORT_TYPES, report, signatures[0]);
      await expect(twin.submitReport(report, signatures))
        .to.be.revertedWithCustomError(twin, "RevenueOracle_NotOperator")
        .withArgs(0n, recovered);
      await expect(env.oracle.submitReport(report, signatures)).to.emit(env.oracle, "ReportSubmitted");
    });
  });
});
