import { expect } from "chai";

import type { EncoreAutomation } from "../../types/ethers-contracts/index.js";
import {
  ALICE_IN,
  BOB_IN,
  CAROL_IN,
  DAY,
  FEE,
  ONE,
  RAISED,
  STARTING_BALANCE,
  State,
  createCampaign,
  defaultConfig,
  ethers,
  finalizeAfterDeadline,
  investAll,
  loadFixture,
  time,
} from "./fixtures.js";
import {
  BOND,
  CHALLENGE_WINDOW,
  MAX_SHARD_SIZE,
  MAX_TASKS,
  PAYMENT_GRACE,
  PENALTY_BPS,
  RELEASE_INTERVAL,
  ReportStatus,
  ShardKind,
  TaskKind,
  activeCampaign,
  automationEvents,
  automationFixture,
  decodeTasks,
  encodeTasks,
  enforceTask,
  finalizeTask,
  keeperRound,
  releaseTask,
  settleTask,
  shard,
  submitReport,
  type AutomationEnv,
  type Done,
  type Task,
} from "./automationFixtures.js";

/** Gross revenue whose holders' part (20 %) equals the raise: each share unit earns exactly one token unit. */
const GROSS = 5n * RAISED;
const DUE = RAISED;
const FINE = (DUE * PENALTY_BPS) / 10_000n;

/** The due tasks of a shard through `checkUpkeep`, checked against `dueTasks` and `upkeepNeeded`. */
async function check(automation: EncoreAutomation, kind: bigint, firstId: bigint, count: bigint): Promise<Task[]> {
  const [needed, performData] = await automation.checkUpkeep(shard(kind, firstId, count));
  const tasks = decodeTasks(performData);
  const direct = await automation.dueTasks({ kind, firstId, count });
  expect(direct.map((t) => ({ kind: t.kind, id: t.id }))).to.deep.equal(tasks);
  expect(needed).to.equal(tasks.length > 0);
  return tasks;
}

/** The due tasks of the first campaign shard (ids 1 to MAX_SHARD_SIZE). */
function dueCampaignTasks(automation: EncoreAutomation): Promise<Task[]> {
  return check(automation, ShardKind.Campaigns, 1n, MAX_SHARD_SIZE);
}

/** The due tasks of the first report shard (ids 1 to MAX_SHARD_SIZE). */
function dueReportTasks(automation: EncoreAutomation): Promise<Task[]> {
  return check(automation, ShardKind.Reports, 1n, MAX_SHARD_SIZE);
}

/** Performs `tasks` as `env.keeper` and returns the automation events (name, kind, id) in order. */
async function perform(env: AutomationEnv, tasks: Task[]): Promise<{ name: string; kind: bigint; id: bigint }[]> {
  const receipt = await (await env.automation.connect(env.keeper).performUpkeep(encodeTasks(tasks))).wait();
  return automationEvents(env.automation, receipt);
}

const performed = (t: Task) => ({ name: "TaskPerformed", kind: t.kind, id: t.id });
const skipped = (t: Task) => ({ name: "TaskSkipped", kind: t.kind, id: t.id });

/** The artist of `env` funds its own reserve with `amount` of the mock stablecoin. */
async function fundReserve(env: AutomationEnv, amount: bigint): Promise<void> {
  await env.usdc.connect(env.artist).approve(env.oracle, amount);
  await env.oracle.connect(env.artist).fundReserve(env.artist.address, env.usdc, amount);
}

/** Automation fixture + campaign 1 `Active` (raise 10,000, bond 20,000, no vesting), 30 days into its share window
 * so that a report on its first 30 days can be submitted. */
async function reportFixture(): Promise<AutomationEnv & { id: bigint }> {
  const env = await automationFixture();
  const id = await activeCampaign(env, { bond: BOND });
  const { activatedAt } = await env.hub.campaign(id);
  await time.increaseTo(activatedAt + 30n * DAY);
  return { ...env, id };
}

/** `reportFixture` + report 1 on campaign 1 (10,000 due), the artist with no reserve and no allowance, settled by
 * the automation after its challenge window into a debt of 10,000. */
async function debtFixture(): Promise<AutomationEnv & { id: bigint; reportId: bigint }> {
  const env = await reportFixture();
  const reportId = await submitReport(env, env.id, GROSS);
  await time.increaseTo((await env.oracle.getReport(reportId)).challengeEnd);
  await env.automation.connect(env.keeper).performUpkeep(encodeTasks([settleTask(reportId)]));
  return { ...env, reportId };
}

describe("EncoreAutomation", () => {
  describe("deployment", () => {
    it("stores the hub, the oracle and the release interval, and its limits", async () => {
      const { automation, hub, oracle } = await loadFixture(automationFixture);
      expect(await automation.HUB()).to.equal(await hub.getAddress());
      expect(await automation.ORACLE()).to.equal(await oracle.getAddress());
      expect(await automation.RELEASE_INTERVAL()).to.equal(RELEASE_INTERVAL);
      expect(await automation.MAX_SHARD_SIZE()).to.equal(200n);
      expect(await automation.MAX_TASKS()).to.equal(14n);
      expect(await automation.lastReleasedAt(1n)).to.equal(0n);
      expect(await hub.revenueOracle()).to.equal(await oracle.getAddress());
    });

    it("reverts with EncoreAutomation_ZeroAddress for a zero hub or a zero oracle", async () => {
      const { automation, hub, oracle } = await loadFixture(automationFixture);
      for (const args of [
        [ethers.ZeroAddress, oracle, RELEASE_INTERVAL],
        [hub, ethers.ZeroAddress, RELEASE_INTERVAL],
        [ethers.ZeroAddress, ethers.ZeroAddress, 0n],
      ]) {
        await expect(ethers.deployContract("EncoreAutomation", args)).to.be.revertedWithCustomError(
          automation,
          "EncoreAutomation_ZeroAddress",
        );
      }
      const noInterval = await ethers.deployContract("EncoreAutomation", [hub, oracle, 0n]);
      expect(await noInterval.RELEASE_INTERVAL()).to.equal(0n);
    });
  });

  describe("checkUpkeep on a campaign shard", () => {
    it("needs no upkeep and returns an empty task list while nothing exists", async () => {
      const { automation } = await loadFixture(automationFixture);
      for (const kind of [ShardKind.Campaigns, ShardKind.Reports]) {
        const [needed, performData] = await automation.checkUpkeep(shard(kind, 1n, MAX_SHARD_SIZE));
        expect(needed).to.equal(false);
        expect(performData).to.equal(encodeTasks([]));
      }
    });

    it("lists Finalize from the funding deadline on, not a second before", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const id = await createCampaign(env);
      await hub.connect(env.alice).invest(id, ALICE_IN);
      const { fundingDeadline } = await hub.campaign(id);
      await time.increaseTo(fundingDeadline - 1n);
      expect(await automation.isDue(TaskKind.Finalize, id)).to.equal(false);
      expect(await dueCampaignTasks(automation)).to.deep.equal([]);
      await time.increaseTo(fundingDeadline);
      expect(await automation.isDue(TaskKind.Finalize, id)).to.equal(true);
      const [needed, performData] = await automation.checkUpkeep(shard(ShardKind.Campaigns, 1n, MAX_SHARD_SIZE));
      expect(needed).to.equal(true);
      expect(performData).to.equal(encodeTasks([finalizeTask(id)]));
    });

    it("lists Finalize as soon as the hard cap is reached, long before the deadline", async () => {
      const env = await loadFixture(automationFixture);
      const id = await createCampaign(env, { goal: 1_000n * ONE, hardCap: 2_000n * ONE });
      await env.hub.connect(env.alice).invest(id, 1_990n * ONE);
      expect(await dueCampaignTasks(env.automation)).to.deep.equal([]);
      await env.hub.connect(env.bob).invest(id, 10n * ONE);
      expect(await dueCampaignTasks(env.automation)).to.deep.equal([finalizeTask(id)]);
      expect(BigInt(await time.latest())).to.be.lessThan((await env.hub.campaign(id)).fundingDeadline - 29n * DAY);
    });

    it("never lists Finalize once a campaign left Funding, nor Release for a failed campaign", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const failed = await createCampaign(env);
      const active = await createCampaign(env, { vestingDuration: 10n * DAY });
      await investAll(env, active, [[env.alice, RAISED]]);
      await finalizeAfterDeadline(env, failed);
      await finalizeAfterDeadline(env, active);
      expect(await hub.state(failed)).to.equal(State.Failed);
      expect(await hub.state(active)).to.equal(State.Active);
      await time.increase(DAY);
      for (const id of [failed, active]) expect(await automation.isDue(TaskKind.Finalize, id)).to.equal(false);
      expect(await automation.isDue(TaskKind.Release, failed)).to.equal(false);
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(active)]);
    });

    it("lists Release once something vested and again only RELEASE_INTERVAL after the last automated release", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub, usdc, artist } = env;
      const vesting = 28n * DAY;
      const id = await activeCampaign(env, { vestingDuration: vesting });
      const { activatedAt } = await hub.campaign(id);
      expect(BigInt(await time.latest())).to.equal(activatedAt);
      expect(await hub.releasable(id)).to.equal(0n);
      expect(await automation.isDue(TaskKind.Release, id)).to.equal(false);
      expect(await dueCampaignTasks(automation)).to.deep.equal([]);

      await time.increaseTo(activatedAt + 1n);
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(id)]);

      const total = RAISED - FEE;
      const t1 = activatedAt + DAY;
      await time.setNextBlockTimestamp(t1);
      const tx = automation.connect(env.keeper).performUpkeep(encodeTasks([releaseTask(id)]));
      const first = (total * DAY) / vesting;
      await expect(tx).to.emit(hub, "FundsReleased").withArgs(id, artist.address, first, first);
      await expect(tx).to.emit(automation, "TaskPerformed").withArgs(TaskKind.Release, id);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [hub, artist, automation], [-first, first, 0n]);
      expect(await automation.lastReleasedAt(id)).to.equal(t1);

      await time.increaseTo(t1 + RELEASE_INTERVAL - 1n);
      expect(await hub.releasable(id)).to.be.greaterThan(0n);
      expect(await automation.isDue(TaskKind.Release, id)).to.equal(false);
      expect(await dueCampaignTasks(automation)).to.deep.equal([]);
      await time.increaseTo(t1 + RELEASE_INTERVAL);
      expect(await automation.isDue(TaskKind.Release, id)).to.equal(true);
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(id)]);

      // Past full vesting the last automated release takes the rest; nothing is ever due again.
      await time.increaseTo(activatedAt + vesting);
      const rest = total - first;
      await expect(automation.performUpkeep(encodeTasks([releaseTask(id)])))
        .to.emit(hub, "FundsReleased")
        .withArgs(id, artist.address, rest, total);
      await time.increase(10n * RELEASE_INTERVAL);
      expect(await hub.releasable(id)).to.equal(0n);
      expect(await dueCampaignTasks(automation)).to.deep.equal([]);
    });

    it("counts the interval from automated releases only: a manual release does not delay the next one", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const id = await activeCampaign(env, { vestingDuration: 28n * DAY });
      await time.increase(DAY);
      await automation.performUpkeep(encodeTasks([releaseTask(id)]));
      const t1 = await automation.lastReleasedAt(id);
      await time.increaseTo(t1 + 3n * DAY);
      await expect(hub.connect(env.artist).releaseFunds(id)).to.emit(hub, "FundsReleased");
      expect(await automation.lastReleasedAt(id)).to.equal(t1);
      await time.increaseTo(t1 + RELEASE_INTERVAL);
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(id)]);
    });

    it("lists a campaign whose raise vests at once for Release right after its finalization, and once only", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub, usdc, artist } = env;
      const id = await activeCampaign(env);
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(id)]);
      await expect(automation.performUpkeep(encodeTasks([releaseTask(id)]))).to.changeTokenBalance(
        ethers,
        usdc,
        artist,
        RAISED - FEE,
      );
      expect((await hub.campaign(id)).released).to.equal(RAISED - FEE);
      await time.increase(RELEASE_INTERVAL);
      expect(await dueCampaignTasks(automation)).to.deep.equal([]);
    });

    it("lists one task per campaign, in id order", async () => {
      const env = await loadFixture(automationFixture);
      const { automation } = env;
      const released = await activeCampaign(env);
      const later = await createCampaign(env);
      const soon = await createCampaign(env, { fundingDeadline: BigInt(await time.latest()) + DAY });
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(released)]);
      await time.increase(DAY);
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(released), finalizeTask(soon)]);
      expect(await automation.isDue(TaskKind.Finalize, later)).to.equal(false);
      expect(await check(automation, ShardKind.Campaigns, later, 2n)).to.deep.equal([finalizeTask(soon)]);
      // A campaign shard never lists report work, and a report shard never lists campaign work.
      expect(await dueReportTasks(automation)).to.deep.equal([]);
    });
  });

  describe("checkUpkeep on a report shard", () => {
    it("lists Settle from the end of the challenge window on, not a second before", async () => {
      const env = await loadFixture(reportFixture);
      const { automation, oracle } = env;
      await fundReserve(env, DUE);
      const reportId = await submitReport(env, env.id, GROSS);
      expect(reportId).to.equal(1n);
      const { challengeEnd, status } = await oracle.getReport(reportId);
      expect(status).to.equal(ReportStatus.Pending);
      expect(challengeEnd).to.equal(BigInt(await time.latest()) + CHALLENGE_WINDOW);
      await time.increaseTo(challengeEnd - 1n);
      expect(await automation.isDue(TaskKind.Settle, reportId)).to.equal(false);
      expect(await dueReportTasks(automation)).to.deep.equal([]);
      await time.increaseTo(challengeEnd);
      expect(await automation.isDue(TaskKind.Settle, reportId)).to.equal(true);
      expect(await automation.isDue(TaskKind.Enforce, reportId)).to.equal(false);
      expect(await dueReportTasks(automation)).to.deep.equal([settleTask(reportId)]);
    });

    it("never lists a disputed report", async () => {
      const env = await loadFixture(reportFixture);
      const reportId = await submitReport(env, env.id, GROSS);
      await expect(env.oracle.connect(env.guardian).dispute(reportId)).to.emit(env.oracle, "ReportDisputed");
      await time.increase(CHALLENGE_WINDOW + PAYMENT_GRACE);
      expect(await env.automation.isDue(TaskKind.Settle, reportId)).to.equal(false);
      expect(await dueReportTasks(env.automation)).to.deep.equal([]);
    });

    it("lists Enforce from the due date of a debt on, not a second before, and nothing once enforced", async () => {
      const env = await loadFixture(debtFixture);
      const { automation, oracle, reportId } = env;
      const { status, dueDate, challengeEnd, amount } = await oracle.getReport(reportId);
      expect(status).to.equal(ReportStatus.Debt);
      expect(amount).to.equal(DUE);
      expect(dueDate).to.equal(challengeEnd + PAYMENT_GRACE);
      expect(await automation.isDue(TaskKind.Settle, reportId)).to.equal(false);
      await time.increaseTo(dueDate - 1n);
      expect(await automation.isDue(TaskKind.Enforce, reportId)).to.equal(false);
      expect(await dueReportTasks(automation)).to.deep.equal([]);
      await time.increaseTo(dueDate);
      expect(await automation.isDue(TaskKind.Enforce, reportId)).to.equal(true);
      expect(await dueReportTasks(automation)).to.deep.equal([enforceTask(reportId)]);
      await automation.performUpkeep(encodeTasks([enforceTask(reportId)]));
      expect((await oracle.getReport(reportId)).status).to.equal(ReportStatus.Enforced);
      expect(await dueReportTasks(automation)).to.deep.equal([]);
    });

    it("never lists Enforce for a report settled in full or a debt repaid before its due date", async () => {
      const env = await loadFixture(reportFixture);
      const { automation, oracle, usdc, artist } = env;
      await fundReserve(env, DUE);
      const paidInFull = await submitReport(env, env.id, GROSS);
      await time.increaseTo((await oracle.getReport(paidInFull)).challengeEnd);
      await automation.performUpkeep(encodeTasks([settleTask(paidInFull)]));
      expect((await oracle.getReport(paidInFull)).status).to.equal(ReportStatus.Settled);

      const { activatedAt } = await env.hub.campaign(env.id);
      await time.increaseTo(activatedAt + 60n * DAY);
      const repaid = await submitReport(env, env.id, GROSS, {
        sequence: 2n,
        periodStart: activatedAt + 30n * DAY,
        periodEnd: activatedAt + 60n * DAY,
      });
      await time.increaseTo((await oracle.getReport(repaid)).challengeEnd);
      await automation.performUpkeep(encodeTasks([settleTask(repaid)]));
      expect((await oracle.getReport(repaid)).status).to.equal(ReportStatus.Debt);
      await usdc.connect(artist).approve(oracle, DUE);
      await oracle.connect(artist).payDue(repaid);
      expect((await oracle.getReport(repaid)).status).to.equal(ReportStatus.Paid);

      await time.increaseTo((await oracle.getReport(repaid)).dueDate + 1n);
      for (const id of [paidInFull, repaid]) expect(await automation.isDue(TaskKind.Enforce, id)).to.equal(false);
      expect(await dueReportTasks(automation)).to.deep.equal([]);
    });
  });

  describe("shards", () => {
    it("reverts with EncoreAutomation_InvalidShard for an empty shard or one above MAX_SHARD_SIZE", async () => {
      const env = await loadFixture(automationFixture);
      const { automation } = env;
      await createCampaign(env);
      for (const kind of [ShardKind.Campaigns, ShardKind.Reports]) {
        for (const count of [0n, MAX_SHARD_SIZE + 1n, ethers.MaxUint256]) {
          await expect(automation.checkUpkeep(shard(kind, 1n, count)))
            .to.be.revertedWithCustomError(automation, "EncoreAutomation_InvalidShard")
            .withArgs(count, MAX_SHARD_SIZE);
          await expect(automation.dueTasks({ kind, firstId: 1n, count }))
            .to.be.revertedWithCustomError(automation, "EncoreAutomation_InvalidShard")
            .withArgs(count, MAX_SHARD_SIZE);
        }
        expect(await check(automation, kind, 1n, MAX_SHARD_SIZE)).to.deep.equal([]);
        expect(await check(automation, kind, 1n, 1n)).to.deep.equal([]);
      }
    });

    it("reverts without a reason for checkData that is not an encoded Shard", async () => {
      const { automation } = await loadFixture(automationFixture);
      const badKind = ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256", "uint256"], [2n, 1n, 1n]);
      for (const checkData of ["0x", "0x1234", shard(ShardKind.Campaigns, 1n, 1n).slice(0, -2), badKind]) {
        await expect(automation.checkUpkeep(checkData)).to.be.revertedWithoutReason(ethers);
      }
    });

    it("reads a shard starting at id 0 as ids 0 to count - 1 (there is no id 0)", async () => {
      const env = await loadFixture(automationFixture);
      const id = await createCampaign(env);
      await time.increaseTo((await env.hub.campaign(id)).fundingDeadline);
      expect(await check(env.automation, ShardKind.Campaigns, 0n, 1n)).to.deep.equal([]);
      expect(await check(env.automation, ShardKind.Campaigns, 0n, 2n)).to.deep.equal([finalizeTask(id)]);
      expect(await check(env.automation, ShardKind.Campaigns, 0n, MAX_SHARD_SIZE)).to.deep.equal([finalizeTask(id)]);
    });

    it("watches only ids from firstId to the last id: a shard past the last id is empty", async () => {
      const env = await loadFixture(automationFixture);
      const { automation } = env;
      const ids = [await createCampaign(env), await createCampaign(env), await createCampaign(env)];
      expect(ids).to.deep.equal([1n, 2n, 3n]);
      await time.increase(31n * DAY);
      const campaigns = (firstId: bigint, count: bigint) => check(automation, ShardKind.Campaigns, firstId, count);
      expect(await campaigns(1n, MAX_SHARD_SIZE)).to.deep.equal(ids.map(finalizeTask));
      expect(await campaigns(2n, 1n)).to.deep.equal([finalizeTask(2n)]);
      expect(await campaigns(2n, MAX_SHARD_SIZE)).to.deep.equal([finalizeTask(2n), finalizeTask(3n)]);
      expect(await campaigns(3n, 1n)).to.deep.equal([finalizeTask(3n)]);
      expect(await campaigns(4n, MAX_SHARD_SIZE)).to.deep.equal([]);
      expect(await campaigns(MAX_SHARD_SIZE + 1n, MAX_SHARD_SIZE)).to.deep.equal([]);
      expect(await campaigns(2n ** 48n, MAX_SHARD_SIZE)).to.deep.equal([]);
      expect(await check(automation, ShardKind.Reports, 1n, MAX_SHARD_SIZE)).to.deep.equal([]);
    });

    it("returns at most MAX_TASKS tasks, lowest ids first; the rest come in the next round", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const count = Number(MAX_TASKS) + 2;
      for (let i = 0; i < count; i++) await createCampaign(env);
      await time.increase(31n * DAY);
      const all = Array.from({ length: count }, (_, i) => finalizeTask(BigInt(i + 1)));
      const first = await dueCampaignTasks(automation);
      expect(first).to.deep.equal(all.slice(0, Number(MAX_TASKS)));
      expect(await check(automation, ShardKind.Campaigns, 3n, MAX_SHARD_SIZE)).to.deep.equal(all.slice(2));

      const [, performData] = await automation.checkUpkeep(shard(ShardKind.Campaigns, 1n, MAX_SHARD_SIZE));
      const receipt = await (await automation.connect(env.keeper).performUpkeep(performData)).wait();
      expect(automationEvents(automation, receipt)).to.deep.equal(first.map(performed));
      expect(await hub.state(MAX_TASKS)).to.equal(State.Failed);
      expect(await hub.state(MAX_TASKS + 1n)).to.equal(State.Funding);
      expect(await dueCampaignTasks(automation)).to.deep.equal(all.slice(Number(MAX_TASKS)));
    });
  });

  describe("performUpkeep", () => {
    it("finalizes a due campaign", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub, usdc, treasury } = env;
      const id = await createCampaign(env);
      await investAll(env, id, [
        [env.alice, ALICE_IN],
        [env.bob, BOB_IN],
        [env.carol, CAROL_IN],
      ]);
      const { fundingDeadline } = await hub.campaign(id);
      await time.setNextBlockTimestamp(fundingDeadline);
      const tx = automation.connect(env.keeper).performUpkeep(encodeTasks([finalizeTask(id)]));
      await expect(tx).to.emit(hub, "Finalized").withArgs(id, true, RAISED, FEE);
      await expect(tx).to.emit(automation, "TaskPerformed").withArgs(TaskKind.Finalize, id);
      await expect(tx).not.to.emit(automation, "TaskSkipped");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [hub, treasury, automation], [-FEE, FEE, 0n]);
      expect(await hub.state(id)).to.equal(State.Active);
      expect((await hub.campaign(id)).activatedAt).to.equal(fundingDeadline);
      expect(await automation.lastReleasedAt(id)).to.equal(0n);
    });

    it("settles a report from the artist's reserve into the holders' revenue", async () => {
      const env = await loadFixture(reportFixture);
      const { automation, oracle, hub, usdc, artist, alice, id } = env;
      await fundReserve(env, DUE);
      const reportId = await submitReport(env, id, GROSS);
      await time.increaseTo((await oracle.getReport(reportId)).challengeEnd);
      const tx = automation.connect(env.keeper).performUpkeep(encodeTasks([settleTask(reportId)]));
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, reportId, artist.address, DUE, 0n);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), DUE, DUE, 0n);
      await expect(tx).to.emit(automation, "TaskPerformed").withArgs(TaskKind.Settle, reportId);
      await expect(tx).not.to.emit(oracle, "DebtRecorded");
      await expect(tx).to.changeTokenBalances(ethers, usdc, [oracle, hub, automation], [-DUE, DUE, 0n]);
      expect((await oracle.getReport(reportId)).status).to.equal(ReportStatus.Settled);
      expect(await oracle.isBondLocked(id)).to.equal(false);
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
      await expect(hub.connect(alice).claim(id)).to.changeTokenBalance(ethers, usdc, alice, ALICE_IN);
    });

    it("settles into a debt when the artist has no reserve and no allowance", async () => {
      const env = await loadFixture(reportFixture);
      const { automation, oracle, artist, id } = env;
      const reportId = await submitReport(env, id, GROSS);
      const { challengeEnd, dueDate } = await oracle.getReport(reportId);
      await time.increaseTo(challengeEnd);
      const tx = automation.connect(env.keeper).performUpkeep(encodeTasks([settleTask(reportId)]));
      await expect(tx).to.emit(oracle, "DebtRecorded").withArgs(id, reportId, artist.address, DUE, dueDate);
      await expect(tx).to.emit(oracle, "ReportSettled").withArgs(id, reportId, artist.address, 0n, DUE);
      await expect(tx).to.emit(automation, "TaskPerformed").withArgs(TaskKind.Settle, reportId);
      const record = await oracle.getReport(reportId);
      expect(record.status).to.equal(ReportStatus.Debt);
      expect(record.amount).to.equal(DUE);
      expect(await oracle.isBondLocked(id)).to.equal(true);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
    });

    it("enforces a due debt from the bond: holders get debt + fine and the artist is suspended", async () => {
      const env = await loadFixture(debtFixture);
      const { automation, oracle, hub, artist, alice, bob, carol, id, reportId } = env;
      await time.increaseTo((await oracle.getReport(reportId)).dueDate);
      const fromBond = DUE + FINE;
      const tx = automation.connect(env.stranger).performUpkeep(encodeTasks([enforceTask(reportId)]));
      await expect(tx).to.emit(oracle, "Enforced").withArgs(id, reportId, artist.address, DUE, FINE, fromBond);
      await expect(tx).to.emit(hub, "BondSlashed").withArgs(id, artist.address, fromBond);
      await expect(tx).to.emit(oracle, "ArtistSuspended").withArgs(artist.address, id);
      await expect(tx).to.emit(automation, "TaskPerformed").withArgs(TaskKind.Enforce, reportId);
      expect((await oracle.getReport(reportId)).status).to.equal(ReportStatus.Enforced);
      expect(await oracle.isSuspended(artist.address)).to.equal(true);
      expect((await hub.campaign(id)).bond).to.equal(BOND - fromBond);
      // 12,500 over 10,000 shares: 1.25 per share.
      expect(await hub.claimable(id, alice.address)).to.equal((ALICE_IN * 5n) / 4n);
      expect(await hub.claimable(id, bob.address)).to.equal((BOB_IN * 5n) / 4n);
      expect(await hub.claimable(id, carol.address)).to.equal((CAROL_IN * 5n) / 4n);
    });

    it("runs tasks of every kind in one batch, in the order given", async () => {
      const env = await loadFixture(debtFixture);
      const { automation, oracle, hub, id, reportId } = env;
      const late = await createCampaign(env, { fundingDeadline: BigInt(await time.latest()) + DAY });
      await time.increaseTo((await oracle.getReport(reportId)).dueDate);
      const tasks = [enforceTask(reportId), releaseTask(id), finalizeTask(late)];
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(id), finalizeTask(late)]);
      expect(await dueReportTasks(automation)).to.deep.equal([enforceTask(reportId)]);
      expect(await perform(env, tasks)).to.deep.equal(tasks.map(performed));
      expect((await oracle.getReport(reportId)).status).to.equal(ReportStatus.Enforced);
      expect((await hub.campaign(id)).released).to.equal(RAISED - FEE);
      expect(await hub.state(late)).to.equal(State.Failed);
    });

    it("skips every task of performData run a second time", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const success = await createCampaign(env);
      const failure = await createCampaign(env);
      await investAll(env, success, [[env.alice, RAISED]]);
      await time.increase(31n * DAY);
      const [needed, performData] = await automation.checkUpkeep(shard(ShardKind.Campaigns, 1n, MAX_SHARD_SIZE));
      expect(needed).to.equal(true);
      const tasks = [finalizeTask(success), finalizeTask(failure)];
      expect(decodeTasks(performData)).to.deep.equal(tasks);

      const first = await (await automation.performUpkeep(performData)).wait();
      expect(automationEvents(automation, first)).to.deep.equal(tasks.map(performed));
      const tx = automation.performUpkeep(performData);
      await expect(tx).not.to.emit(hub, "Finalized");
      const second = await (await tx).wait();
      expect(automationEvents(automation, second)).to.deep.equal(tasks.map(skipped));
      expect(await hub.state(success)).to.equal(State.Active);
      expect(await hub.state(failure)).to.equal(State.Failed);
    });

    it("skips a task someone else did between checkUpkeep and performUpkeep, and a duplicate in the batch", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const first = await createCampaign(env);
      const second = await createCampaign(env);
      await time.increase(31n * DAY);
      const [, performData] = await automation.checkUpkeep(shard(ShardKind.Campaigns, 1n, MAX_SHARD_SIZE));
      await hub.connect(env.stranger).finalize(first);
      const receipt = await (await automation.performUpkeep(performData)).wait();
      expect(automationEvents(automation, receipt)).to.deep.equal([
        skipped(finalizeTask(first)),
        performed(finalizeTask(second)),
      ]);
      const third = await createCampaign(env);
      await time.increase(31n * DAY);
      const twice = [finalizeTask(third), finalizeTask(third)];
      expect(await perform(env, twice)).to.deep.equal([performed(twice[0]), skipped(twice[1])]);
    });

    it("skips tasks that are not due yet, without any effect", async () => {
      const env = await loadFixture(reportFixture);
      const { automation, oracle, hub, id } = env;
      const vesting = await activeCampaign(env, { vestingDuration: 28n * DAY });
      const funding = await createCampaign(env);
      await time.increase(DAY);
      await perform(env, [releaseTask(id), releaseTask(vesting)]);
      const reportId = await submitReport(env, id, GROSS);
      const tasks = [finalizeTask(funding), settleTask(reportId), enforceTask(reportId), releaseTask(vesting)];
      expect(await hub.releasable(vesting)).to.be.greaterThan(0n);

      const tx = automation.performUpkeep(encodeTasks(tasks));
      await expect(tx).not.to.emit(hub, "Finalized");
      await expect(tx).not.to.emit(hub, "FundsReleased");
      await expect(tx).not.to.emit(oracle, "ReportSettled");
      expect(automationEvents(automation, await (await tx).wait())).to.deep.equal(tasks.map(skipped));
      expect(await hub.state(funding)).to.equal(State.Funding);
      expect((await oracle.getReport(reportId)).status).to.equal(ReportStatus.Pending);
    });

    it("skips unknown kinds and ids (0, past the last campaign or report) without reverting", async () => {
      const env = await loadFixture(reportFixture);
      const { automation, id } = env;
      const reportId = await submitReport(env, id, GROSS);
      await time.increase(CHALLENGE_WINDOW);
      // Campaign 1 and report 1 exist and have due work; none of the tasks below names it.
      const tasks: Task[] = [
        { kind: 4n, id },
        { kind: 7n, id },
        { kind: 255n, id: reportId },
        finalizeTask(0n),
        releaseTask(0n),
        settleTask(0n),
        enforceTask(0n),
        finalizeTask(id + 1n),
        releaseTask(ethers.MaxUint256),
        settleTask(reportId + 1n),
        enforceTask(ethers.MaxUint256),
      ];
      for (const t of tasks) expect(await automation.isDue(t.kind, t.id)).to.equal(false);
      expect(await perform(env, tasks)).to.deep.equal(tasks.map(skipped));
      expect(await perform(env, [])).to.deep.equal([]);
      expect(await dueCampaignTasks(automation)).to.deep.equal([releaseTask(id)]);
      expect(await dueReportTasks(automation)).to.deep.equal([settleTask(reportId)]);
    });

    it("reports a reverting task with TaskFailed and its revert data; the other tasks still run", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, oracle, hub, artist } = env;
      // A USDC-like token that blocklists the oracle: its settlement into the hub reverts.
      const busd = await ethers.deployContract("BlocklistToken");
      await hub.connect(env.owner).setSettlementToken(busd, true);
      for (const account of [artist, env.alice, env.bob, env.carol]) {
        await busd.mint(account.address, STARTING_BALANCE);
        await busd.connect(account).approve(hub, ethers.MaxUint256);
      }
      const blocked = await activeCampaign(env, { token: await busd.getAddress() });
      const funding = await createCampaign(env);
      await busd.connect(artist).approve(oracle, DUE);
      await oracle.connect(artist).fundReserve(artist.address, busd, DUE);
      await time.increaseTo((await hub.campaign(blocked)).activatedAt + 30n * DAY);
      const reportId = await submitReport(env, blocked, GROSS);
      await time.increaseTo((await oracle.getReport(reportId)).challengeEnd);
      await busd.setBlocked(await oracle.getAddress(), true);

      const tasks = [finalizeTask(funding), settleTask(reportId), releaseTask(blocked)];
      expect(await automation.isDue(TaskKind.Settle, reportId)).to.equal(true);
      const reason = busd.interface.encodeErrorResult("BlocklistToken_Blocked", [await oracle.getAddress()]);
      const tx = automation.connect(env.keeper).performUpkeep(encodeTasks(tasks));
      await expect(tx).to.emit(automation, "TaskFailed").withArgs(TaskKind.Settle, reportId, reason);
      await expect(tx).to.emit(hub, "Finalized").withArgs(funding, false, 0n, 0n);
      await expect(tx)
        .to.emit(hub, "FundsReleased")
        .withArgs(blocked, artist.address, RAISED - FEE, RAISED - FEE);
      await expect(tx).not.to.emit(oracle, "ReportSettled");
      expect(automationEvents(automation, await (await tx).wait())).to.deep.equal([
        performed(tasks[0]),
        { name: "TaskFailed", kind: TaskKind.Settle, id: reportId },
        performed(tasks[2]),
      ]);
      // The failed settlement changed nothing: the report is still due and settles once the token lets it.
      expect((await oracle.getReport(reportId)).status).to.equal(ReportStatus.Pending);
      expect(await dueReportTasks(automation)).to.deep.equal([settleTask(reportId)]);
      await busd.setBlocked(await oracle.getAddress(), false);
      expect(await perform(env, [settleTask(reportId)])).to.deep.equal([performed(settleTask(reportId))]);
      expect((await oracle.getReport(reportId)).status).to.equal(ReportStatus.Settled);
      expect(await hub.claimable(blocked, env.alice.address)).to.equal(ALICE_IN);
    });

    it("reverts with EncoreAutomation_TooManyTasks above MAX_TASKS and accepts MAX_TASKS", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const id = await createCampaign(env);
      await time.increase(31n * DAY);
      const tooMany = Array.from({ length: Number(MAX_TASKS) + 1 }, () => finalizeTask(id));
      await expect(automation.performUpkeep(encodeTasks(tooMany)))
        .to.be.revertedWithCustomError(automation, "EncoreAutomation_TooManyTasks")
        .withArgs(MAX_TASKS + 1n, MAX_TASKS);
      expect(await hub.state(id)).to.equal(State.Funding);
      const max = tooMany.slice(1);
      expect(await perform(env, max)).to.deep.equal([performed(max[0]), ...max.slice(1).map(skipped)]);
      expect(await hub.state(id)).to.equal(State.Failed);
    });

    it("reverts without a reason and without effect on malformed performData", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const id = await createCampaign(env);
      await time.increase(31n * DAY);
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const valid = encodeTasks([finalizeTask(id)]);
      const malformed = [
        "0x",
        "0x1234",
        valid.slice(0, -2), // one byte short
        coder.encode(["uint256"], [0x40n]), // offset past the end
        coder.encode(["uint256", "uint256"], [0x20n, 2n]), // two tasks announced, none there
        coder.encode(["tuple(uint256 kind, uint256 id)[]"], [[[256n, id]]]), // kind does not fit uint8
      ];
      for (const data of malformed) {
        await expect(automation.connect(env.keeper).performUpkeep(data)).to.be.revertedWithoutReason(ethers);
      }
      // A length too large to allocate fails in memory allocation.
      const huge = coder.encode(["uint256", "uint256"], [0x20n, 2n ** 64n]);
      await expect(automation.connect(env.keeper).performUpkeep(huge)).to.be.revertedWithPanic(0x41);
      expect(await hub.state(id)).to.equal(State.Funding);
      expect(await automation.isDue(TaskKind.Finalize, id)).to.equal(true);
      expect(await perform(env, [finalizeTask(id)])).to.deep.equal([performed(finalizeTask(id))]);
    });

    it("lets anyone check and perform upkeep; the automation never holds funds", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub, usdc, stranger } = env;
      const id = await createCampaign(env);
      await investAll(env, id, [[env.alice, RAISED]]);
      await time.increase(31n * DAY);
      const [needed, performData] = await automation
        .connect(stranger)
        .checkUpkeep(shard(ShardKind.Campaigns, 1n, MAX_SHARD_SIZE));
      expect(needed).to.equal(true);
      expect(await usdc.balanceOf(stranger.address)).to.equal(0n);
      await expect(automation.connect(stranger).performUpkeep(performData))
        .to.emit(automation, "TaskPerformed")
        .withArgs(TaskKind.Finalize, id);
      await expect(automation.connect(stranger).performUpkeep(encodeTasks([releaseTask(id)])))
        .to.emit(hub, "FundsReleased")
        .withArgs(id, env.artist.address, RAISED - FEE, RAISED - FEE);
      expect(await usdc.balanceOf(automation)).to.equal(0n);
      expect(await usdc.balanceOf(stranger.address)).to.equal(0n);
      expect(await ethers.provider.getBalance(automation)).to.equal(0n);
    });
  });

  // Limits of Chainlink Automation registries (docs.chain.link, "Supported Networks"): checkUpkeep runs with at most
  // 10,000,000 gas on every network; performData may hold at most 1,000 bytes on Base Sepolia (2,000 or more
  // elsewhere); performUpkeep gets at most 5,000,000 gas. An upkeep outside them is never performed.
  describe("Chainlink Automation limits", () => {
    const CHECK_GAS_LIMIT = 10_000_000n;
    const MAX_PERFORM_DATA_SIZE = 1_000;
    const PERFORM_GAS_LIMIT = 5_000_000n;

    it("checks a full campaign shard within the check gas limit", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub } = env;
      const size = await automation.MAX_SHARD_SIZE();
      const cfg = await defaultConfig(await env.usdc.getAddress());
      for (let i = 0n; i < size; i++) await hub.connect(env.artist).createCampaign(cfg);
      // Nothing is due, so every id of the shard is read: the most expensive check.
      const checkData = shard(ShardKind.Campaigns, 1n, size);
      expect((await automation.checkUpkeep(checkData))[0]).to.equal(false);
      expect(await automation.checkUpkeep.estimateGas(checkData)).to.be.lessThan(CHECK_GAS_LIMIT);
      expect(await automation.checkUpkeep.estimateGas(shard(ShardKind.Reports, 1n, size))).to.be.lessThan(
        CHECK_GAS_LIMIT,
      );
    });

    it("returns performData within the smallest maxPerformDataSize when more than MAX_TASKS tasks are due", async () => {
      const env = await loadFixture(automationFixture);
      const { automation } = env;
      const maxTasks = await automation.MAX_TASKS();
      for (let i = 0n; i <= maxTasks; i++) await createCampaign(env);
      await time.increase(31n * DAY);
      const [needed, performData] = await automation.checkUpkeep(shard(ShardKind.Campaigns, 1n, MAX_SHARD_SIZE));
      expect(needed).to.equal(true);
      expect(decodeTasks(performData)).to.have.length(Number(maxTasks));
      expect(ethers.dataLength(performData)).to.be.at.most(MAX_PERFORM_DATA_SIZE);
    });

    it("performs MAX_TASKS settlements within the perform gas limit", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, oracle, usdc, artist } = env;
      const maxTasks = await automation.MAX_TASKS();
      const ids: bigint[] = [];
      for (let i = 0n; i < maxTasks; i++) {
        const id = await createCampaign(env, { goal: ONE, minInvestment: ONE });
        await investAll(env, id, [
          [env.alice, ONE],
          [env.bob, 2n * ONE],
        ]);
        ids.push(id);
      }
      await time.increase(31n * DAY);
      for (const id of ids) await env.hub.finalize(id);
      await time.increase(30n * DAY);
      // No reserve: each settlement pulls from the artist's allowance and pays the hub (the longest path).
      await usdc.connect(artist).approve(oracle, ethers.MaxUint256);
      const reports: Task[] = [];
      for (const id of ids) reports.push(settleTask(await submitReport(env, id, 1_000n * ONE)));
      await time.increase(CHALLENGE_WINDOW);
      expect(await dueReportTasks(automation)).to.deep.equal(reports);
      const receipt = await (await automation.connect(env.keeper).performUpkeep(encodeTasks(reports))).wait();
      expect(automationEvents(automation, receipt)).to.deep.equal(reports.map(performed));
      expect(receipt!.gasUsed).to.be.lessThan(PERFORM_GAS_LIMIT);
    });
  });

  describe("keeper loop", () => {
    it("drives two campaigns through finalization, vesting releases, settlement, claims and enforcement", async () => {
      const env = await loadFixture(automationFixture);
      const { automation, hub, oracle, usdc, artist, alice, bob, carol } = env;
      const artist2 = env.extras[1];
      const vesting = 28n * DAY;
      const first = await createCampaign(env, { bond: BOND, vestingDuration: vesting });
      await investAll(env, first, [
        [alice, ALICE_IN],
        [bob, BOB_IN],
        [carol, CAROL_IN],
      ]);
      // Campaign 2 of another artist fills its hard cap at once; its raise vests at once.
      const bond2 = 1_000n * ONE;
      const second = await createCampaign(
        env,
        { goal: 100n * ONE, hardCap: 400n * ONE, minInvestment: ONE, bond: bond2 },
        artist2,
      );
      await investAll(env, second, [
        [alice, 100n * ONE],
        [bob, 300n * ONE],
      ]);
      const raised2 = 400n * ONE;
      const fee2 = (raised2 * 250n) / 10_000n;

      // One upkeep per shard: campaigns 1–200, campaigns 201–400 (registered ahead, idle) and reports 1–200.
      const shards = [
        shard(ShardKind.Campaigns, 1n, MAX_SHARD_SIZE),
        shard(ShardKind.Campaigns, MAX_SHARD_SIZE + 1n, MAX_SHARD_SIZE),
        shard(ShardKind.Reports, 1n, MAX_SHARD_SIZE),
      ];
      const log: Done[] = [];
      const runDays = async (days: number): Promise<Done[]> => {
        const start = log.length;
        for (let day = 0; day < days; day++) {
          log.push(...(await keeperRound(env, shards)));
          await time.increase(DAY);
        }
        return log.slice(start);
      };
      const tasksOf = (done: Done[]) => done.map((d) => ({ name: d.name, kind: d.kind, id: d.id }));
      const artistBefore = await usdc.balanceOf(artist.address);
      const artist2Before = await usdc.balanceOf(artist2.address);

      // Funding and vesting: 61 days.
      const funding = await runDays(61);
      expect(tasksOf(funding)).to.deep.equal(
        [
          finalizeTask(second),
          releaseTask(second),
          finalizeTask(first),
          ...Array.from({ length: 5 }, () => releaseTask(first)),
        ].map(performed),
      );
      const releasesOfFirst = funding.filter((d) => d.kind === TaskKind.Release && d.id === first);
      for (let i = 1; i < releasesOfFirst.length; i++) {
        expect(releasesOfFirst[i].at - releasesOfFirst[i - 1].at).to.be.greaterThanOrEqual(RELEASE_INTERVAL);
      }
      const c1 = await hub.campaign(first);
      expect(c1.state).to.equal(State.Active);
      expect(c1.released).to.equal(RAISED - FEE);
      expect(releasesOfFirst[4].at).to.be.greaterThanOrEqual(c1.activatedAt + vesting);
      expect(releasesOfFirst[3].at).to.be.lessThan(c1.activatedAt + vesting);
      expect((await hub.campaign(second)).released).to.equal(raised2 - fee2);
      expect((await usdc.balanceOf(artist.address)) - artistBefore).to.equal(RAISED - FEE);
      expect((await usdc.balanceOf(artist2.address)) - artist2Before).to.equal(raised2 - fee2);

      // Reports: the first artist pre-funds its reserve, the second has neither reserve nor allowance.
      await fundReserve(env, DUE);
      const paid = await submitReport(env, first, GROSS);
      const gross2 = 3_200n * ONE; // 640 due; debt 640 + fine 160 = 800 = twice the raise
      const owed = await submitReport(env, second, gross2);
      const debt2 = 640n * ONE;
      const fine2 = (debt2 * PENALTY_BPS) / 10_000n;
      const reporting = await runDays(12);
      expect(tasksOf(reporting)).to.deep.equal([settleTask(paid), settleTask(owed), enforceTask(owed)].map(performed));
      const settledAt = reporting[0].at;
      expect(settledAt).to.be.greaterThanOrEqual((await oracle.getReport(paid)).challengeEnd);
      expect(reporting[2].at).to.be.greaterThanOrEqual((await oracle.getReport(owed)).dueDate);
      expect((await oracle.getReport(paid)).status).to.equal(ReportStatus.Settled);
      const enforced = await oracle.getReport(owed);
      expect(enforced.status).to.equal(ReportStatus.Enforced);
      expect(enforced.amount).to.equal(debt2 + fine2);
      expect((await hub.campaign(second)).bond).to.equal(bond2 - debt2 - fine2);
      expect(await oracle.isSuspended(artist2.address)).to.equal(true);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
      await expect(createCampaign(env, {}, artist2))
        .to.be.revertedWithCustomError(hub, "EncoreHub_ArtistSuspended")
        .withArgs(artist2.address);

      // Holders claim: campaign 1 pays one token per share, campaign 2 two tokens per share.
      await expect(hub.connect(alice).claimMany([first, second])).to.changeTokenBalance(
        ethers,
        usdc,
        alice,
        ALICE_IN + 200n * ONE,
      );
      await expect(hub.connect(bob).claimMany([first, second])).to.changeTokenBalance(
        ethers,
        usdc,
        bob,
        BOB_IN + 600n * ONE,
      );
      await expect(hub.connect(carol).claim(first)).to.changeTokenBalance(ethers, usdc, carol, CAROL_IN);

      // Everything is done: no shard needs upkeep any more.
      for (const checkData of shards) expect((await automation.checkUpkeep(checkData))[0]).to.equal(false);
      expect(await runDays(30)).to.deep.equal([]);
      expect(log.every((d) => d.name === "TaskPerformed")).to.equal(true);
      expect(await usdc.balanceOf(automation)).to.equal(0n);
    });
  });
});
