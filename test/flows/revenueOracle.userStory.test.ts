// The oracle side of a campaign's life, step by step: operators report revenue, a keeper settles it from the
// artist's reserve and holders claim; a mistyped report is disputed (void for good) and corrected; then the artist
// falls short and, with neither reserve nor allowance left at the due date, the debt is enforced from the bond with a
// fine, the artist is suspended, pays everything back and is reinstated.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";

import type { RevenueOracle } from "../../types/ethers-contracts/index.js";
import {
  ALICE_IN,
  BOB_IN,
  BPS,
  CAROL_IN,
  DAY,
  FEE_BPS,
  ONE,
  RAISED,
  State,
  createCampaign,
  defaultConfig,
  deployFixture,
  ethers,
  loadFixture,
  time,
  type Env,
} from "./fixtures.js";
import {
  BOND,
  CHALLENGE_WINDOW,
  PAYMENT_GRACE,
  PENALTY_BPS,
  PERIOD,
  Status,
  deployOracle,
  signReport,
  type OracleEnv,
  type Report,
} from "./oracleFixtures.js";

// Statement lines of the first period (source, month, gross in token units); they add up to the reported gross.
const LINES: [string, string, bigint][] = [
  ["streaming", "month 1", 32_000n * ONE],
  ["downloads", "month 1", 6_000n * ONE],
  ["sync licence", "month 1", 12_000n * ONE],
];
const GROSS_1 = LINES.reduce((sum, [, , amount]) => sum + amount, 0n); // 50,000
const DUE_1 = (GROSS_1 * 2_000n) / BPS; // 10,000 = the supply: one token unit per share unit
const RESERVE_2 = 5_000n * ONE;
const DEBT = DUE_1 - RESERVE_2; // 5,000
const FINE = (DEBT * PENALTY_BPS) / BPS; // 1,250
const OWED = DEBT + FINE; // 6,250, of which the bond (1,250) is advanced at enforcement

describe("User story: revenue reports, settlement, debt, enforcement and reinstatement", () => {
  let env: Env;
  let o: OracleEnv;
  let oracle: RevenueOracle;
  let id: bigint;
  let activatedAt: bigint;

  before(async () => {
    env = await loadFixture(deployFixture);
  });

  it("1. the owner deploys the oracle (2 of 3 operators, a guardian) and sets it on the hub", async () => {
    const deployed = await deployOracle(env);
    oracle = deployed.oracle;
    expect(await env.hub.revenueOracle()).to.equal(await oracle.getAddress());
    expect(await oracle.threshold()).to.equal(2n);
    expect(await oracle.operators()).to.have.length(3);
    expect(await oracle.isGuardian(deployed.guardian.address)).to.equal(true);
    o = { ...env, ...deployed, id: 0n, activatedAt: 0n, shareEnd: 0n };
  });

  it("2. the artist raises 10,000 with a bond of 1,250; a keeper finalizes", async () => {
    const { hub, usdc, artist, alice, bob, carol, keeper } = env;
    await hub.connect(artist).createCampaign(await defaultConfig(await usdc.getAddress(), { bond: BOND }));
    id = await hub.campaignCount();
    await hub.connect(alice).invest(id, ALICE_IN);
    await hub.connect(bob).invest(id, BOB_IN);
    await hub.connect(carol).invest(id, CAROL_IN);
    await time.increaseTo((await hub.campaign(id)).fundingDeadline);
    await expect(hub.connect(keeper).finalize(id)).to.emit(hub, "Finalized");
    activatedAt = (await hub.campaign(id)).activatedAt;
    o = { ...o, id, activatedAt, shareEnd: await hub.shareEnd(id) };
    expect(await hub.state(id)).to.equal(State.Active);
  });

  it("3. the artist pre-funds the revenue reserve with the expected share", async () => {
    const { usdc, artist } = env;
    await usdc.connect(artist).approve(oracle, DUE_1);
    await expect(oracle.connect(artist).fundReserve(artist.address, usdc, DUE_1))
      .to.emit(oracle, "ReserveFunded")
      .withArgs(artist.address, await usdc.getAddress(), artist.address, DUE_1);
  });

  it("4. after 30 days two operators sign the period's report and a keeper submits it", async () => {
    const { keeper } = env;
    const tree = StandardMerkleTree.of(LINES, ["string", "string", "uint256"]);
    await time.increaseTo(activatedAt + PERIOD);
    const report: Report = {
      campaignId: id,
      periodStart: activatedAt,
      periodEnd: activatedAt + PERIOD,
      grossRevenue: GROSS_1,
      statementRoot: tree.root,
      sequence: 1n,
    };
    const signatures = await signReport(oracle, report, o.operators.slice(1));
    const at = BigInt(await time.latest()) + 60n;
    await time.setNextBlockTimestamp(at);
    await expect(oracle.connect(keeper).submitReport(report, signatures))
      .to.emit(oracle, "ReportSubmitted")
      .withArgs(id, 1n, 1n, activatedAt, activatedAt + PERIOD, GROSS_1, DUE_1, tree.root, at + CHALLENGE_WINDOW);
    // Any holder can check a statement line against the signed root.
    const [index, line] = [...tree.entries()][2];
    expect(StandardMerkleTree.verify(tree.root, ["string", "string", "uint256"], line, tree.getProof(index))).to.equal(
      true,
    );
    expect(await oracle.isBondLocked(id)).to.equal(true);
  });

  it("5. nobody disputes; after the window a keeper settles from the reserve", async () => {
    const { hub, usdc, artist, keeper } = env;
    expect(await oracle.isSettleable(1n)).to.equal(false);
    await time.increaseTo((await oracle.getReport(1n)).challengeEnd);
    expect(await oracle.isSettleable(1n)).to.equal(true);
    const tx = oracle.connect(keeper).settle(1n);
    await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, 1n, artist.address, DUE_1, 0n);
    await expect(tx).to.changeTokenBalances(ethers, usdc, [oracle, hub], [-DUE_1, DUE_1]);
    expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
  });

  it("6. holders claim their part of the revenue", async () => {
    const { hub, usdc, alice, bob, carol } = env;
    await expect(hub.connect(alice).claim(id)).to.emit(hub, "Claimed").withArgs(id, alice.address, ALICE_IN);
    await expect(hub.connect(bob).claim(id)).to.emit(hub, "Claimed").withArgs(id, bob.address, BOB_IN);
    await expect(hub.connect(carol).claim(id)).to.changeTokenBalance(ethers, usdc, carol, CAROL_IN);
  });

  it("7. a mistyped second report is disputed by the guardian and corrected with the same sequence", async () => {
    const { keeper } = env;
    await time.increaseTo(activatedAt + 2n * PERIOD);
    const second: Report = {
      campaignId: id,
      periodStart: activatedAt + PERIOD,
      periodEnd: activatedAt + 2n * PERIOD,
      grossRevenue: GROSS_1 * 10n,
      statementRoot: ethers.id("period 2, wrong"),
      sequence: 2n,
    };
    const signatures = await signReport(oracle, second, o.operators.slice(0, 2));
    await oracle.connect(keeper).submitReport(second, signatures);
    await expect(oracle.connect(o.guardian).dispute(2n))
      .to.emit(oracle, "ReportDisputed")
      .withArgs(id, 2n, o.guardian.address);
    // The mistyped report is void for good: its signatures can never be submitted again.
    await expect(oracle.connect(keeper).submitReport(second, signatures))
      .to.be.revertedWithCustomError(oracle, "RevenueOracle_ReportVoided")
      .withArgs(id, await oracle.hashReport(second));
    const corrected = { ...second, grossRevenue: GROSS_1, statementRoot: ethers.id("period 2") };
    await expect(
      oracle.connect(keeper).submitReport(corrected, await signReport(oracle, corrected, o.operators.slice(0, 2))),
    ).to.emit(oracle, "ReportSubmitted");
    expect((await oracle.getReport(3n)).amount).to.equal(DUE_1);
  });

  it("8. the artist's reserve covers only half: the rest becomes a debt due 7 days after the window", async () => {
    const { usdc, artist, keeper } = env;
    await usdc.connect(artist).approve(oracle, RESERVE_2);
    await oracle.connect(artist).fundReserve(artist.address, usdc, RESERVE_2);
    const { challengeEnd, dueDate } = await oracle.getReport(3n);
    expect(dueDate).to.equal(challengeEnd + PAYMENT_GRACE);
    await time.increaseTo(challengeEnd);
    const tx = oracle.connect(keeper).settle(3n);
    await expect(tx).to.emit(oracle, "DebtRecorded").withArgs(id, 3n, artist.address, DEBT, dueDate);
    await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, 3n, artist.address, RESERVE_2, DEBT);
    expect((await oracle.getReport(3n)).status).to.equal(Status.Debt);
  });

  it("9. the artist does not pay; after the due date a keeper enforces: bond to holders, fine, suspension", async () => {
    const { hub, usdc, artist, keeper } = env;
    // Nothing the oracle could still take first: the reserve is empty (committed to the debt) and no allowance.
    expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, DEBT, 0n]);
    expect(await usdc.allowance(artist.address, oracle)).to.equal(0n);
    const { dueDate } = await oracle.getReport(3n);
    await time.increaseTo(dueDate - DAY);
    expect(await oracle.isEnforceable(3n)).to.equal(false);
    await time.increaseTo(dueDate);
    const tx = oracle.connect(keeper).enforce(3n);
    await expect(tx).to.emit(oracle, "Enforced").withArgs(id, 3n, artist.address, DEBT, FINE, BOND);
    await expect(tx).to.emit(hub, "BondSlashed").withArgs(id, artist.address, BOND);
    await expect(tx).to.emit(oracle, "ArtistSuspended").withArgs(artist.address, id);
    await expect(tx).not.to.emit(oracle, "DebtPaid");
    expect((await oracle.getCampaign(id)).delinquent).to.equal(true);
    expect(await oracle.isSuspended(artist.address)).to.equal(true);
    const e = await oracle.getEnforcement(3n);
    expect([e.toHolders, e.toBond]).to.deep.equal([OWED - BOND, BOND]);
  });

  it("10. holders can already claim the half paid and the bond's advance; the artist cannot start a campaign", async () => {
    const { hub, artist, alice } = env;
    // 5,000 + 1,250 over a supply of 10,000: alice (20 %) is owed 1,250.
    expect(await hub.claimable(id, alice.address)).to.equal(((RESERVE_2 + BOND) * ALICE_IN) / RAISED);
    await expect(createCampaign(env))
      .to.be.revertedWithCustomError(hub, "EncoreHub_ArtistSuspended")
      .withArgs(artist.address);
  });

  it("11. the artist pays everything back: holders get the rest of debt + fine, the bond is refilled", async () => {
    const { hub, usdc, artist } = env;
    await usdc.connect(artist).approve(oracle, OWED);
    const tx = oracle.connect(artist).payDue(3n);
    await expect(tx)
      .to.emit(oracle, "DebtPaid")
      .withArgs(id, 3n, artist.address, OWED - BOND, BOND);
    await expect(tx).to.emit(hub, "BondRestored").withArgs(id, artist.address, BOND, BOND);
    await expect(tx).to.emit(oracle, "ArtistReinstated").withArgs(artist.address, id);
    await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, hub], [-OWED, OWED]);
    expect(await oracle.isSuspended(artist.address)).to.equal(false);
    expect(await oracle.isBondLocked(id)).to.equal(false);
    expect((await hub.campaign(id)).bond).to.equal(BOND);
  });

  it("12. holders claim the second period's revenue with the fine", async () => {
    const { hub, alice, bob, carol } = env;
    const second = RESERVE_2 + OWED; // 11,250: the 10,000 due and the 1,250 fine
    for (const [holder, holding] of [
      [alice, ALICE_IN],
      [bob, BOB_IN],
      [carol, CAROL_IN],
    ] as const) {
      await expect(hub.connect(holder).claim(id))
        .to.emit(hub, "Claimed")
        .withArgs(id, holder.address, (second * holding) / RAISED);
    }
    expect((await hub.campaign(id)).paidToHolders).to.equal(DUE_1 + second);
  });

  it("13. the reinstated artist creates a new campaign", async () => {
    const { hub, usdc, artist } = env;
    const cfg = await defaultConfig(await usdc.getAddress(), { bond: BOND });
    const sameConfig = (emitted: { bond: bigint; termsHash: string }) =>
      emitted.bond === BOND && emitted.termsHash === cfg.termsHash;
    await expect(hub.connect(artist).createCampaign(cfg))
      .to.emit(hub, "CampaignCreated")
      .withArgs(id + 1n, artist.address, await usdc.getAddress(), sameConfig, FEE_BPS, 0n);
    expect((await hub.campaign(id + 1n)).artist).to.equal(artist.address);
  });
});
