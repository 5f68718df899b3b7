// The whole life of one campaign, step by step, as the artist, fans, a fiat bridge and a keeper live it.
import { expect } from "chai";

import {
  DAY,
  FEE_BPS,
  ONE,
  State,
  BPS,
  YEAR,
  defaultConfig,
  deployFixture,
  ethers,
  loadFixture,
  signPermit,
  time,
  type Env,
} from "./fixtures.js";

const GOAL = 10_000n * ONE;
const BOND = 1_000n * ONE;
const PAYOUT_CAP = 25_000n * ONE;
const VESTING = 90n * DAY;
const FEE = (GOAL * FEE_BPS) / BPS;
const NET = GOAL - FEE;
// Holdings at success: alice 40 %, dave 10 %, carol 50 % (a deposit of GOAL pays each share unit one token unit).
const ALICE = 4_000n * ONE;
const DAVE = 1_000n * ONE;
const CAROL = 5_000n * ONE;

describe("User story: from campaign to payout cap", () => {
  let env: Env;
  let id: bigint;
  let activatedAt: bigint;

  before(async () => {
    env = await loadFixture(deployFixture);
  });

  it("1. the artist creates a campaign and locks a bond", async () => {
    const { hub, usdc, artist } = env;
    const cfg = await defaultConfig(await usdc.getAddress(), {
      goal: GOAL,
      hardCap: 2n * GOAL,
      payoutCap: PAYOUT_CAP,
      shareDuration: 2n * YEAR,
      vestingDuration: VESTING,
      bond: BOND,
    });
    const tx = hub.connect(artist).createCampaign(cfg);
    await expect(tx).to.emit(hub, "CampaignCreated");
    await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, hub], [-BOND, BOND]);
    id = await hub.campaignCount();
    expect(await hub.state(id)).to.equal(State.Funding);
  });

  it("2. fans invest: directly, with a signed permit, and through a fiat bridge", async () => {
    const { hub, shares, usdc, alice, dave, carol, keeper: bridge } = env;
    await expect(hub.connect(alice).invest(id, ALICE))
      .to.emit(hub, "Invested")
      .withArgs(id, alice.address, alice.address, ALICE, ALICE);

    const deadline = BigInt(await time.latest()) + DAY;
    const { v, r, s } = await signPermit(usdc, dave, await hub.getAddress(), DAVE, deadline);
    await expect(hub.connect(dave).investWithPermit(id, DAVE, deadline, v, r, s))
      .to.emit(hub, "Invested")
      .withArgs(id, dave.address, dave.address, DAVE, ALICE + DAVE);

    await expect(hub.connect(bridge).investFor(id, carol.address, CAROL))
      .to.emit(hub, "Invested")
      .withArgs(id, carol.address, bridge.address, CAROL, GOAL);
    expect(await shares.balanceOfBatch([alice.address, dave.address, carol.address], [id, id, id])).to.deep.equal([
      ALICE,
      DAVE,
      CAROL,
    ]);
    expect(await shares.totalSupply(id)).to.equal(GOAL);
  });

  it("3. after the deadline a keeper finalizes: the fee goes to the treasury, the rest starts vesting", async () => {
    const { hub, usdc, treasury, keeper } = env;
    await time.increaseTo((await hub.campaign(id)).fundingDeadline);
    const tx = hub.connect(keeper).finalize(id);
    await expect(tx).to.emit(hub, "Finalized").withArgs(id, true, GOAL, FEE);
    await expect(tx).to.changeTokenBalance(ethers, usdc, treasury, FEE);
    activatedAt = (await hub.campaign(id)).activatedAt;
    expect(await hub.state(id)).to.equal(State.Active);
    expect(await hub.unreleased(id)).to.equal(NET);
  });

  it("4. the raised funds are released to the artist linearly over the vesting period", async () => {
    const { hub, usdc, artist, stranger } = env;
    await time.setNextBlockTimestamp(activatedAt + VESTING / 3n);
    await expect(hub.connect(stranger).releaseFunds(id))
      .to.emit(hub, "FundsReleased")
      .withArgs(id, artist.address, NET / 3n, NET / 3n);
    await time.setNextBlockTimestamp(activatedAt + VESTING);
    await expect(hub.connect(stranger).releaseFunds(id)).to.changeTokenBalance(ethers, usdc, artist, NET - NET / 3n);
    expect((await hub.campaign(id)).released).to.equal(NET);
  });

  it("5. revenue comes in and holders claim their part", async () => {
    const { hub, usdc, artist, alice, carol, dave } = env;
    await expect(hub.connect(artist).depositRevenue(id, GOAL))
      .to.emit(hub, "RevenueDeposited")
      .withArgs(id, artist.address, GOAL, GOAL, 0n);
    expect(await hub.claimable(id, alice.address)).to.equal(ALICE);
    expect(await hub.claimable(id, dave.address)).to.equal(DAVE);
    await expect(hub.connect(carol).claim(id)).to.changeTokenBalance(ethers, usdc, carol, CAROL);
  });

  it("6. alice sells half her shares to bob: her accrued revenue stays with her", async () => {
    const { hub, shares, alice, bob } = env;
    await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, ALICE / 2n, "0x"))
      .to.emit(shares, "TransferSingle")
      .withArgs(alice.address, alice.address, bob.address, id, ALICE / 2n);
    expect(await hub.claimable(id, alice.address)).to.equal(ALICE);
    expect(await hub.claimable(id, bob.address)).to.equal(0n);
  });

  it("7. bob earns only the revenue deposited after his purchase", async () => {
    const { hub, artist, alice, bob, carol } = env;
    await hub.connect(artist).depositRevenue(id, GOAL);
    expect(await hub.claimable(id, alice.address)).to.equal(ALICE + ALICE / 2n);
    expect(await hub.claimable(id, bob.address)).to.equal(ALICE / 2n);
    expect(await hub.claimable(id, carol.address)).to.equal(CAROL);
  });

  it("8. a deposit that reaches the payout cap ends the campaign; the excess goes to the artist", async () => {
    const { hub, usdc, artist } = env;
    const deposit = 8_000n * ONE;
    const toHolders = PAYOUT_CAP - 2n * GOAL;
    const tx = hub.connect(artist).depositRevenue(id, deposit);
    await expect(tx)
      .to.emit(hub, "RevenueDeposited")
      .withArgs(id, artist.address, deposit, toHolders, deposit - toHolders);
    await expect(tx).to.changeTokenBalances(ethers, usdc, [artist, hub], [-toHolders, toHolders]);
    expect(await hub.state(id)).to.equal(State.Ended);
    expect((await hub.campaign(id)).paidToHolders).to.equal(PAYOUT_CAP);
    await expect(hub.connect(artist).depositRevenue(id, ONE))
      .to.be.revertedWithCustomError(hub, "EncoreHub_NotActive")
      .withArgs(id, State.Ended);
  });

  it("9. with the cap reached the artist gets the bond back at once", async () => {
    const { hub, artist } = env;
    expect(await hub.bondUnlockTime(id)).to.equal(0n);
    await expect(hub.withdrawBond(id)).to.emit(hub, "BondWithdrawn").withArgs(id, artist.address, BOND);
  });

  it("10. claims stay open after the campaign Ended, years later, and pay out exactly the cap", async () => {
    const { hub, usdc, alice, bob, carol, dave } = env;
    await time.increaseTo((await hub.shareEnd(id)) + 5n * YEAR);
    const last = PAYOUT_CAP - 2n * GOAL; // split 40 : 10 : 50 (alice's 40 % now half with bob)
    await expect(hub.connect(alice).claim(id))
      .to.emit(hub, "Claimed")
      .withArgs(id, alice.address, ALICE + ALICE / 2n + (last * 2n) / 10n);
    await expect(hub.connect(bob).claim(id))
      .to.emit(hub, "Claimed")
      .withArgs(id, bob.address, ALICE / 2n + (last * 2n) / 10n);
    await expect(hub.connect(carol).claim(id))
      .to.emit(hub, "Claimed")
      .withArgs(id, carol.address, CAROL + last / 2n);
    await expect(hub.connect(dave).claimMany([id]))
      .to.emit(hub, "Claimed")
      .withArgs(id, dave.address, 2n * DAVE + last / 10n);
    // Escrow released, revenue claimed, bond returned: the hub holds nothing more for this campaign.
    expect(await usdc.balanceOf(hub)).to.equal(0n);
  });
});
