// ComplianceRegistry: the rolling 12-month window (30-day periods; an investment counts the current period and the
// 13 before it) across campaigns and time, `investedLast12Months`, and rounding up to whole units.
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";

import { DAY, ethers, loadFixture, ONE, time } from "./fixtures.js";
import { BR, PERIOD, presetFixture, registryCampaign, US } from "./complianceFixtures.js";
import type { PresetEnv } from "./complianceFixtures.js";

/** Gas limit for transactions meant to be mined although they revert (so their block time is the one set). */
const MINED = { gasLimit: 500_000n };

/** Creates a campaign with the registry just before `at` and sets the next block's timestamp to `at`. */
async function campaignAt(env: PresetEnv, at: bigint): Promise<bigint> {
  await time.increaseTo(at - 10n);
  const id = await registryCampaign(env);
  await time.setNextBlockTimestamp(at);
  return id;
}

/** Mines a block at `at` and returns `account`'s window total as of that block. */
async function investedAt(env: PresetEnv, account: string, at: bigint): Promise<bigint> {
  await time.increaseTo(at);
  return env.registry.investedLast12Months(account);
}

/** Timestamp of the block that included `tx`. */
async function minedAt(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  const block = await ethers.provider.getBlock(receipt?.blockNumber ?? 0);
  return BigInt(block?.timestamp ?? 0);
}

/** Start of the first period that begins at least 10 seconds after the latest block. */
async function periodStart(): Promise<bigint> {
  return ((BigInt(await time.latest()) + 10n) / PERIOD + 1n) * PERIOD;
}

describe("ComplianceRegistry: rolling 12-month window", () => {
  it("an investment 11 months ago still counts", async () => {
    const env = await loadFixture(presetFixture);
    const { hub, registry, alice, id } = env;
    const t0 = await minedAt(hub.connect(alice).invest(id, 2_000n * ONE));
    const second = await campaignAt(env, t0 + 330n * DAY);
    await expect(hub.connect(alice).invest(second, 501n * ONE))
      .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
      .withArgs(alice.address, US, 2_501n, 2_500n);
    expect(await registry.investedLast12Months(alice.address)).to.equal(2_000n);
    await hub.connect(alice).invest(second, 500n * ONE);
    expect(await registry.investedLast12Months(alice.address)).to.equal(2_500n);
  });

  it("an investment 14 periods (420 days) ago no longer counts", async () => {
    const env = await loadFixture(presetFixture);
    const { hub, registry, alice, id } = env;
    const t0 = await minedAt(hub.connect(alice).invest(id, 2_500n * ONE));
    const second = await campaignAt(env, t0 + 420n * DAY);
    expect(await minedAt(hub.connect(alice).invest(second, 2_500n * ONE))).to.equal(t0 + 420n * DAY);
    expect(await registry.investedLast12Months(alice.address)).to.equal(2_500n);
  });

  it("counts the current period and the 13 before it: out of the window 390 to 420 days later", async () => {
    const env = await loadFixture(presetFixture);
    const { hub, registry, alice, carol } = env;
    const start = await periodStart();
    // Alice invests in the first second of a period, Carol in its last second.
    const first = await campaignAt(env, start);
    await hub.connect(alice).invest(first, 2_500n * ONE);
    await hub.connect(carol).invest(await campaignAt(env, start + PERIOD - 1n), 3_700n * ONE);

    // Last second of the 13th period after: both still count (Alice's is 420 days - 1 s old, Carol's 390 days).
    const end = start + 14n * PERIOD;
    const second = await campaignAt(env, end - 1n);
    await expect(hub.connect(alice).invest(second, 1n, MINED))
      .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
      .withArgs(alice.address, US, 2_501n, 2_500n);
    expect(await time.latest()).to.equal(Number(end - 1n));
    expect(await registry.investedLast12Months(alice.address)).to.equal(2_500n);
    expect(await registry.investedLast12Months(carol.address)).to.equal(3_700n);

    // First second of the 14th period after: both dropped out (Carol's after 390 days and 1 s).
    expect(await investedAt(env, alice.address, end)).to.equal(0n);
    expect(await registry.investedLast12Months(carol.address)).to.equal(0n);
    await hub.connect(alice).invest(second, 2_500n * ONE);
    await hub.connect(carol).invest(second, 3_700n * ONE);
    expect(await registry.investedLast12Months(alice.address)).to.equal(2_500n);
    expect(await registry.investedLast12Months(carol.address)).to.equal(3_700n);
  });

  it("drops each period's investments as it leaves the window, keeping the others", async () => {
    const env = await loadFixture(presetFixture);
    const { hub, registry, carol } = env;
    const start = await periodStart();
    // Carol (BR, 3,700 over 12 months): 1,000 in period p, 700 in p + 5, 300 in p + 10.
    await hub.connect(carol).invest(await campaignAt(env, start), 1_000n * ONE);
    await hub.connect(carol).invest(await campaignAt(env, start + 5n * PERIOD), 700n * ONE);
    await hub.connect(carol).invest(await campaignAt(env, start + 10n * PERIOD + 12n * DAY), 300n * ONE);
    expect(await investedAt(env, carol.address, start + 14n * PERIOD - 1n)).to.equal(2_000n);
    expect(await investedAt(env, carol.address, start + 14n * PERIOD)).to.equal(1_000n);
    expect(await investedAt(env, carol.address, start + 19n * PERIOD - 1n)).to.equal(1_000n);
    expect(await investedAt(env, carol.address, start + 19n * PERIOD)).to.equal(300n);

    // In period p + 19 the window holds p + 6 … p + 19: 300 counted, 3,400 left.
    const later = await registryCampaign(env);
    await expect(hub.connect(carol).invest(later, 3_401n * ONE))
      .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
      .withArgs(carol.address, BR, 3_701n, 3_700n);
    await hub.connect(carol).invest(later, 3_400n * ONE);
    expect(await registry.investedLast12Months(carol.address)).to.equal(3_700n);
    expect(await investedAt(env, carol.address, start + 24n * PERIOD - 1n)).to.equal(3_700n);
    expect(await investedAt(env, carol.address, start + 24n * PERIOD)).to.equal(3_400n);
    expect(await investedAt(env, carol.address, start + 33n * PERIOD)).to.equal(0n);
  });

  it("with an investment in each of 14 consecutive periods, the oldest drops out first", async () => {
    const env = await loadFixture(presetFixture);
    const { hub, registry, carol } = env;
    const start = await periodStart();
    // Carol (BR, 3,700): 100 + p units in period p = 0 … 13 (1,491 in all).
    for (let p = 0n; p < 14n; p++) {
      await hub.connect(carol).invest(await campaignAt(env, start + p * PERIOD + 3n * DAY), (100n + p) * ONE);
    }
    expect(await registry.investedLast12Months(carol.address)).to.equal(1_491n);
    expect(await investedAt(env, carol.address, start + 14n * PERIOD)).to.equal(1_391n);
    expect(await investedAt(env, carol.address, start + 15n * PERIOD)).to.equal(1_290n);
    expect(await investedAt(env, carol.address, start + 27n * PERIOD - 1n)).to.equal(113n);
    expect(await investedAt(env, carol.address, start + 27n * PERIOD)).to.equal(0n);
  });

  it("adds investments of the same period and of several campaigns", async () => {
    const env = await loadFixture(presetFixture);
    const { hub, registry, alice } = env;
    const ids: bigint[] = [];
    for (let i = 0; i < 6; i++) ids.push(await registryCampaign(env));
    for (const campaign of ids.slice(0, 5)) await hub.connect(alice).invest(campaign, 500n * ONE);
    expect(await registry.investedLast12Months(alice.address)).to.equal(2_500n);
    await expect(hub.connect(alice).invest(ids[5], 1n))
      .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
      .withArgs(alice.address, US, 2_501n, 2_500n);
  });

  it("an account that never invested, or never was attested, has 0", async () => {
    const { registry, alice, unattested } = await loadFixture(presetFixture);
    expect(await registry.investedLast12Months(alice.address)).to.equal(0n);
    expect(await registry.investedLast12Months(unattested.address)).to.equal(0n);
    expect(await registry.investedLast12Months(ethers.ZeroAddress)).to.equal(0n);
  });

  describe("whole units, rounded up (UNIT = 10**6)", () => {
    it("counts every started unit", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, registry, carol, id } = env;
      await hub.connect(carol).invest(id, 1n);
      expect(await registry.investedLast12Months(carol.address)).to.equal(1n);
      await hub.connect(carol).invest(id, 1_000n * ONE + 1n);
      expect(await registry.investedLast12Months(carol.address)).to.equal(1_002n);
      await hub.connect(carol).invest(id, 999n * ONE);
      expect(await registry.investedLast12Months(carol.address)).to.equal(2_001n);
      await hub.connect(carol).invest(id, ONE - 1n);
      expect(await registry.investedLast12Months(carol.address)).to.equal(2_002n);
      await hub.connect(carol).invest(id, 1_698n * ONE);
      expect(await registry.investedLast12Months(carol.address)).to.equal(3_700n);
      await expect(hub.connect(carol).invest(id, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(carol.address, BR, 3_701n, 3_700n);
    });

    it("the 12-month limit rounds up where the per-campaign limit is exact", async () => {
      const env = await loadFixture(presetFixture);
      const { hub, shares, registry, alice, id } = env;
      // 2,499.999999 tokens count as 2,500 units.
      await hub.connect(alice).invest(id, 2_500n * ONE - 1n);
      expect(await registry.investedLast12Months(alice.address)).to.equal(2_500n);
      // One more base unit keeps the campaign total at exactly 2,500 tokens but is a 2,501st unit.
      await expect(hub.connect(alice).invest(id, 1n))
        .to.be.revertedWithCustomError(registry, "Compliance_MaxPer12MonthsExceeded")
        .withArgs(alice.address, US, 2_501n, 2_500n);
      expect(await shares.balanceOf(alice.address, id)).to.equal(2_500n * ONE - 1n);
    });
  });
});
