import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  CAROL_IN,
  ONE,
  RAISED,
  State,
  createCampaign,
  deployFixture,
  ethers,
  finalizeAfterDeadline,
  investAll,
  loadFixture,
  time,
  type Env,
} from "./fixtures.js";

const BOND = 2n * RAISED;

async function oracleFixture() {
  const env = await deployFixture();
  const oracle = await ethers.deployContract("MockRevenueOracle", [env.hub]);
  await env.hub.connect(env.owner).setRevenueOracle(oracle);
  await env.usdc.mint(oracle, 100_000n * ONE);
  return { ...env, oracle };
}

async function bondedCampaign(env: Env, payoutCap = 0n): Promise<bigint> {
  const id = await createCampaign(env, { bond: BOND, payoutCap });
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  await finalizeAfterDeadline(env, id);
  return id;
}

async function activeOracleFixture() {
  const env = await oracleFixture();
  const id = await bondedCampaign(env);
  return { ...env, id };
}

describe("EncoreHub: revenue oracle entries", () => {
  describe("artist suspension", () => {
    it("refuses campaigns from a suspended artist with EncoreHub_ArtistSuspended until reinstated", async () => {
      const env = await loadFixture(oracleFixture);
      await env.oracle.setSuspended(env.artist.address, true);
      await expect(createCampaign(env))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_ArtistSuspended")
        .withArgs(env.artist.address);
      expect(await createCampaign(env, {}, env.bob)).to.equal(1n);
      await env.oracle.setSuspended(env.artist.address, false);
      expect(await createCampaign(env)).to.equal(2n);
    });
  });

  describe("depositSettlement", () => {
    it("pulls settled revenue from the oracle and credits the holders", async () => {
      const { hub, usdc, oracle, alice, id } = await loadFixture(activeOracleFixture);
      const tx = oracle.settle(usdc, id, RAISED);
      await expect(tx)
        .to.emit(hub, "RevenueDeposited")
        .withArgs(id, await oracle.getAddress(), RAISED, RAISED, 0n);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [oracle, hub], [-RAISED, RAISED]);
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
    });

    it("still settles after the share window Ended, where depositRevenue is refused", async () => {
      const { hub, usdc, oracle, artist, carol, id } = await loadFixture(activeOracleFixture);
      await time.increaseTo(await hub.shareEnd(id));
      expect(await hub.state(id)).to.equal(State.Ended);
      await expect(hub.connect(artist).depositRevenue(id, RAISED))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotActive")
        .withArgs(id, State.Ended);
      await expect(oracle.settle(usdc, id, RAISED)).to.emit(hub, "RevenueDeposited");
      await expect(hub.connect(carol).claim(id)).to.emit(hub, "Claimed").withArgs(id, carol.address, CAROL_IN);
    });

    it("sends what passes the payout cap to the artist", async () => {
      const env = await loadFixture(oracleFixture);
      const id = await bondedCampaign(env, RAISED);
      await expect(env.oracle.settle(env.usdc, id, RAISED + 77n))
        .to.emit(env.hub, "RevenueDeposited")
        .withArgs(id, await env.oracle.getAddress(), RAISED + 77n, RAISED, 77n);
      expect(await env.hub.state(id)).to.equal(State.Ended);
      await expect(env.oracle.settle(env.usdc, id, 1n))
        .to.emit(env.hub, "RevenueDeposited")
        .withArgs(id, await env.oracle.getAddress(), 1n, 0n, 1n);
    });

    it("reverts with EncoreHub_NotSucceeded while Funding or after failure, and EncoreHub_ZeroAmount for zero", async () => {
      const env = await loadFixture(oracleFixture);
      const funding = await createCampaign(env);
      await expect(env.oracle.settle(env.usdc, funding, ONE))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_NotSucceeded")
        .withArgs(funding, State.Funding);
      await finalizeAfterDeadline(env, funding);
      await expect(env.oracle.settle(env.usdc, funding, ONE))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_NotSucceeded")
        .withArgs(funding, State.Failed);
      await expect(env.oracle.settle(env.usdc, 9n, ONE))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_UnknownCampaign")
        .withArgs(9n);
      const active = await bondedCampaign(env);
      await expect(env.oracle.settle(env.usdc, active, 0n)).to.be.revertedWithCustomError(
        env.hub,
        "EncoreHub_ZeroAmount",
      );
    });

    it("reverts with EncoreHub_NotRevenueOracle for any other caller, also before an oracle is set", async () => {
      const { hub, artist, id } = await loadFixture(activeOracleFixture);
      await expect(hub.connect(artist).depositSettlement(id, ONE))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotRevenueOracle")
        .withArgs(artist.address);
      const bare = await loadFixture(deployFixture);
      await expect(bare.hub.connect(bare.artist).depositSettlement(1n, ONE))
        .to.be.revertedWithCustomError(bare.hub, "EncoreHub_NotRevenueOracle")
        .withArgs(bare.artist.address);
    });
  });

  describe("slashBond", () => {
    it("moves part of the bond to the holders through the accumulator", async () => {
      const { hub, usdc, oracle, artist, alice, id } = await loadFixture(activeOracleFixture);
      // Slashing as much as the supply gives each share unit exactly one token unit.
      const slashed = RAISED;
      expect(await oracle.slash.staticCall(id, slashed)).to.equal(slashed);
      const tx = oracle.slash(id, slashed);
      await expect(tx).to.emit(hub, "BondSlashed").withArgs(id, artist.address, slashed);
      await expect(tx).to.changeTokenBalance(ethers, usdc, hub, 0n);
      const c = await hub.campaign(id);
      expect(c.bond).to.equal(BOND - slashed);
      expect(c.paidToHolders).to.equal(slashed);
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
      await expect(hub.connect(alice).claim(id)).to.changeTokenBalance(ethers, usdc, alice, ALICE_IN);
    });

    it("moves at most the bond, then nothing", async () => {
      const { hub, oracle, artist, id } = await loadFixture(activeOracleFixture);
      expect(await oracle.slash.staticCall(id, BOND * 5n)).to.equal(BOND);
      await expect(oracle.slash(id, BOND * 5n))
        .to.emit(hub, "BondSlashed")
        .withArgs(id, artist.address, BOND);
      expect((await hub.campaign(id)).bond).to.equal(0n);
      expect(await oracle.slash.staticCall(id, ONE)).to.equal(0n);
      await expect(oracle.slash(id, ONE)).not.to.emit(hub, "BondSlashed");
      await expect(hub.withdrawBond(id)).to.be.revertedWithCustomError(hub, "EncoreHub_NoBond").withArgs(id);
    });

    it("moves at most what the payout cap still allows", async () => {
      const env = await loadFixture(oracleFixture);
      const id = await bondedCampaign(env, 300n * ONE);
      await expect(env.oracle.slash(id, BOND))
        .to.emit(env.hub, "BondSlashed")
        .withArgs(id, env.artist.address, 300n * ONE);
      expect((await env.hub.campaign(id)).bond).to.equal(BOND - 300n * ONE);
      expect(await env.hub.state(id)).to.equal(State.Ended);
      expect(await env.oracle.slash.staticCall(id, BOND)).to.equal(0n);
      await expect(env.hub.withdrawBond(id))
        .to.emit(env.hub, "BondWithdrawn")
        .withArgs(id, env.artist.address, BOND - 300n * ONE);
    });

    it("still slashes after the share window Ended", async () => {
      const { hub, oracle, artist, id } = await loadFixture(activeOracleFixture);
      await time.increaseTo(await hub.shareEnd(id));
      await expect(oracle.slash(id, ONE)).to.emit(hub, "BondSlashed").withArgs(id, artist.address, ONE);
    });

    it("reverts with EncoreHub_NotSucceeded for a failed campaign and EncoreHub_NotRevenueOracle for others", async () => {
      const env = await loadFixture(oracleFixture);
      const id = await createCampaign(env, { bond: BOND });
      await expect(env.oracle.slash(id, ONE))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_NotSucceeded")
        .withArgs(id, State.Funding);
      await finalizeAfterDeadline(env, id);
      await expect(env.oracle.slash(id, ONE))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_NotSucceeded")
        .withArgs(id, State.Failed);
      await expect(env.hub.connect(env.artist).slashBond(id, ONE))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_NotRevenueOracle")
        .withArgs(env.artist.address);
    });
  });

  describe("bond lock by the oracle", () => {
    it("reverts withdrawBond with EncoreHub_BondLockedByOracle while the oracle holds it", async () => {
      const env = await loadFixture(oracleFixture);
      const id = await createCampaign(env, { bond: BOND });
      await finalizeAfterDeadline(env, id);
      await env.oracle.setBondLocked(id, true);
      await expect(env.hub.withdrawBond(id))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_BondLockedByOracle")
        .withArgs(id);
      await env.oracle.setBondLocked(id, false);
      await expect(env.hub.withdrawBond(id)).to.emit(env.hub, "BondWithdrawn").withArgs(id, env.artist.address, BOND);
    });

    it("reports the time lock before the oracle lock", async () => {
      const { hub, oracle, id } = await loadFixture(activeOracleFixture);
      await oracle.setBondLocked(id, true);
      await expect(hub.withdrawBond(id))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BondLocked")
        .withArgs(id, await hub.bondUnlockTime(id));
    });
  });
});
