// EncoreHub: what the revenue oracle reads (settlementTerms, holderRoom) and its bond restoration entry
// (restoreBond), exercised through MockRevenueOracle.
import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  BOND_LOCK_AFTER_SHARE_END,
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
  type CampaignConfig,
  type Env,
} from "./fixtures.js";

const BOND = 1_000n * ONE;
const MAX_REVENUE_TO_HOLDERS = 2n ** 95n - 1n;
const MAX_BOND = 2n ** 96n - 1n;

async function mockOracleFixture() {
  const env = await deployFixture();
  const oracle = await ethers.deployContract("MockRevenueOracle", [env.hub]);
  await env.hub.connect(env.owner).setRevenueOracle(oracle);
  await env.usdc.mint(oracle, 100_000n * ONE);
  return { ...env, oracle };
}

async function activeCampaign(env: Env, overrides: Partial<CampaignConfig> = {}): Promise<bigint> {
  const id = await createCampaign(env, { bond: BOND, ...overrides });
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  await finalizeAfterDeadline(env, id);
  return id;
}

async function activeMockFixture() {
  const env = await mockOracleFixture();
  const id = await activeCampaign(env);
  return { ...env, id };
}

describe("EncoreHub: revenue oracle views and bond restoration", () => {
  describe("settlementTerms", () => {
    it("gives artist, token and share, with no window, while Funding", async () => {
      const env = await loadFixture(deployFixture);
      const id = await createCampaign(env, { revenueShareBps: 1_500n });
      expect(await env.hub.settlementTerms(id)).to.deep.equal([
        env.artist.address,
        await env.usdc.getAddress(),
        false,
        1_500n,
        0n,
        0n,
      ]);
    });

    it("gives the share window once Active, and keeps it after the window Ended", async () => {
      const { hub, usdc, artist, id } = await loadFixture(activeMockFixture);
      const { activatedAt, shareDuration } = await hub.campaign(id);
      const terms = [artist.address, await usdc.getAddress(), true, 2_000n, activatedAt, activatedAt + shareDuration];
      expect(await hub.settlementTerms(id)).to.deep.equal(terms);
      const t = await hub.settlementTerms(id);
      expect([t.artist, t.succeeded, t.shareEnd]).to.deep.equal([artist.address, true, await hub.shareEnd(id)]);
      await time.increaseTo(activatedAt + shareDuration);
      expect(await hub.state(id)).to.equal(State.Ended);
      expect(await hub.settlementTerms(id)).to.deep.equal(terms);
    });

    it("still reports success once the payout cap Ended the campaign", async () => {
      const env = await loadFixture(mockOracleFixture);
      const id = await activeCampaign(env, { payoutCap: RAISED });
      await env.hub.connect(env.artist).depositRevenue(id, RAISED);
      expect(await env.hub.state(id)).to.equal(State.Ended);
      expect((await env.hub.settlementTerms(id)).succeeded).to.equal(true);
    });

    it("gives no success and no window after failure, and reverts for an unknown campaign", async () => {
      const env = await loadFixture(deployFixture);
      const id = await createCampaign(env);
      await finalizeAfterDeadline(env, id);
      expect(await env.hub.state(id)).to.equal(State.Failed);
      expect(await env.hub.settlementTerms(id)).to.deep.equal([
        env.artist.address,
        await env.usdc.getAddress(),
        false,
        2_000n,
        0n,
        0n,
      ]);
      await expect(env.hub.settlementTerms(2n))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_UnknownCampaign")
        .withArgs(2n);
    });
  });

  describe("holderRoom", () => {
    it("is the accounting limit minus what holders received, without a payout cap", async () => {
      const { hub, artist, id } = await loadFixture(activeMockFixture);
      expect(await hub.MAX_REVENUE_TO_HOLDERS()).to.equal(MAX_REVENUE_TO_HOLDERS);
      expect(await hub.holderRoom(id)).to.equal(MAX_REVENUE_TO_HOLDERS);
      await hub.connect(artist).depositRevenue(id, 123n * ONE);
      expect(await hub.holderRoom(id)).to.equal(MAX_REVENUE_TO_HOLDERS - 123n * ONE);
    });

    it("is the payout cap minus what holders received, down to zero", async () => {
      const env = await loadFixture(mockOracleFixture);
      const cap = 2_500n * ONE;
      const funding = await createCampaign(env, { payoutCap: cap });
      expect(await env.hub.holderRoom(funding)).to.equal(cap);
      const id = await activeCampaign(env, { payoutCap: cap });
      await env.hub.connect(env.artist).depositRevenue(id, 1_000n * ONE);
      expect(await env.hub.holderRoom(id)).to.equal(cap - 1_000n * ONE);
      // Slashed bond counts toward the cap too.
      await env.oracle.slash(id, 500n * ONE);
      expect(await env.hub.holderRoom(id)).to.equal(cap - 1_500n * ONE);
      await env.hub.connect(env.artist).depositRevenue(id, 5_000n * ONE);
      expect(await env.hub.holderRoom(id)).to.equal(0n);
      await expect(env.hub.holderRoom(99n))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_UnknownCampaign")
        .withArgs(99n);
    });
  });

  describe("restoreBond", () => {
    it("pulls the amount from the oracle into the bond and emits BondRestored", async () => {
      const { hub, usdc, oracle, artist, id } = await loadFixture(activeMockFixture);
      await oracle.slash(id, 400n * ONE);
      expect((await hub.campaign(id)).bond).to.equal(BOND - 400n * ONE);
      const tx = oracle.restore(usdc, id, 400n * ONE);
      await expect(tx)
        .to.emit(hub, "BondRestored")
        .withArgs(id, artist.address, 400n * ONE, BOND);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [oracle, hub], [-400n * ONE, 400n * ONE]);
      const c = await hub.campaign(id);
      expect(c.bond).to.equal(BOND);
      // Restoring is not revenue.
      expect(c.paidToHolders).to.equal(400n * ONE);
      // The artist gets the whole bond back once it unlocks.
      await time.increaseTo((await hub.shareEnd(id)) + BOND_LOCK_AFTER_SHARE_END);
      await expect(hub.withdrawBond(id)).to.emit(hub, "BondWithdrawn").withArgs(id, artist.address, BOND);
    });

    it("can fill a campaign that had no bond, also after its window Ended", async () => {
      const env = await loadFixture(mockOracleFixture);
      const id = await activeCampaign(env, { bond: 0n });
      await time.increaseTo(await env.hub.shareEnd(id));
      expect(await env.hub.state(id)).to.equal(State.Ended);
      await expect(env.oracle.restore(env.usdc, id, 5n))
        .to.emit(env.hub, "BondRestored")
        .withArgs(id, env.artist.address, 5n, 5n);
      await expect(env.oracle.restore(env.usdc, id, 7n))
        .to.emit(env.hub, "BondRestored")
        .withArgs(id, env.artist.address, 7n, 12n);
    });

    it("reverts with EncoreHub_BondTooLarge above MAX_BOND", async () => {
      const env = await loadFixture(mockOracleFixture);
      const { hub, usdc, oracle, artist } = env;
      expect(await hub.MAX_BOND()).to.equal(MAX_BOND);
      await usdc.mint(artist.address, MAX_BOND);
      const id = await activeCampaign(env, { bond: MAX_BOND - 5n });
      await expect(oracle.restore(usdc, id, 6n))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BondTooLarge")
        .withArgs(id, MAX_BOND - 5n, 6n);
      await expect(oracle.restore(usdc, id, 5n))
        .to.emit(hub, "BondRestored")
        .withArgs(id, artist.address, 5n, MAX_BOND);
      await expect(oracle.restore(usdc, id, 1n))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BondTooLarge")
        .withArgs(id, MAX_BOND, 1n);
    });

    it("reverts with EncoreHub_ZeroAmount, EncoreHub_UnknownCampaign and EncoreHub_NotSucceeded", async () => {
      const env = await loadFixture(activeMockFixture);
      const { hub, usdc, oracle, id } = env;
      await expect(oracle.restore(usdc, id, 0n)).to.be.revertedWithCustomError(hub, "EncoreHub_ZeroAmount");
      await expect(oracle.restore(usdc, 42n, ONE))
        .to.be.revertedWithCustomError(hub, "EncoreHub_UnknownCampaign")
        .withArgs(42n);
      const other = await createCampaign(env, { bond: BOND });
      await expect(oracle.restore(usdc, other, ONE))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotSucceeded")
        .withArgs(other, State.Funding);
      await finalizeAfterDeadline(env, other);
      await expect(oracle.restore(usdc, other, ONE))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotSucceeded")
        .withArgs(other, State.Failed);
    });

    it("reverts with EncoreHub_NotRevenueOracle for any other caller, also before an oracle is set", async () => {
      const { hub, artist, id } = await loadFixture(activeMockFixture);
      await expect(hub.connect(artist).restoreBond(id, ONE))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotRevenueOracle")
        .withArgs(artist.address);
      const bare = await loadFixture(deployFixture);
      await expect(bare.hub.connect(bare.artist).restoreBond(1n, ONE))
        .to.be.revertedWithCustomError(bare.hub, "EncoreHub_NotRevenueOracle")
        .withArgs(bare.artist.address);
    });
  });
});
