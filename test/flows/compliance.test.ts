import { expect } from "chai";

import {
  ALICE_IN,
  BOB_IN,
  CAROL_IN,
  ONE,
  createCampaign,
  deployFixture,
  ethers,
  finalizeAfterDeadline,
  investAll,
  loadFixture,
  signPermit,
  time,
} from "./fixtures.js";

async function complianceFixture() {
  const env = await deployFixture();
  const registry = await ethers.deployContract("MockComplianceRegistry");
  const id = await createCampaign(env, { compliance: await registry.getAddress() });
  return { ...env, registry, id };
}

async function activeComplianceFixture() {
  const env = await complianceFixture();
  await investAll(env, env.id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  await finalizeAfterDeadline(env, env.id);
  return env;
}

describe("EncoreHub + EncoreShares: compliance hook", () => {
  it("records the campaign's registry in the hub and the shares", async () => {
    const { hub, shares, registry, id } = await loadFixture(complianceFixture);
    expect((await hub.campaign(id)).compliance).to.equal(await registry.getAddress());
    expect(await shares.complianceOf(id)).to.equal(await registry.getAddress());
  });

  describe("investments", () => {
    it("asks the registry about the investor, from the shares contract", async () => {
      const { hub, shares, registry, alice, id } = await loadFixture(complianceFixture);
      await hub.connect(alice).invest(id, 100n * ONE);
      expect(await registry.investmentChecks()).to.equal(1n);
      expect(await registry.lastCaller()).to.equal(await shares.getAddress());
    });

    it("hands the registry the amount and the investor's new balance (everything invested, this included)", async () => {
      const { hub, registry, alice, id } = await loadFixture(complianceFixture);
      await hub.connect(alice).invest(id, 100n * ONE);
      expect([await registry.lastAmount(), await registry.lastNewBalance()]).to.deep.equal([100n * ONE, 100n * ONE]);
      await hub.connect(alice).invest(id, 30n * ONE);
      expect([await registry.lastAmount(), await registry.lastNewBalance()]).to.deep.equal([30n * ONE, 130n * ONE]);
    });

    it("reverts with the registry's error when the investor is denied", async () => {
      const { hub, usdc, registry, alice, dave, id } = await loadFixture(complianceFixture);
      await registry.setDenied(alice.address, true);
      await expect(hub.connect(alice).invest(id, 100n * ONE))
        .to.be.revertedWithCustomError(registry, "MockCompliance_Refused")
        .withArgs(id, alice.address);
      await registry.setDenied(dave.address, true);
      const deadline = BigInt(await time.latest()) + 600n;
      const { v, r, s } = await signPermit(usdc, dave, await hub.getAddress(), 100n * ONE, deadline);
      await expect(hub.connect(dave).investWithPermit(id, 100n * ONE, deadline, v, r, s))
        .to.be.revertedWithCustomError(registry, "MockCompliance_Refused")
        .withArgs(id, dave.address);
    });

    it("checks the beneficiary of investFor, not the payer", async () => {
      const { hub, shares, registry, keeper, alice, dave, id } = await loadFixture(complianceFixture);
      await registry.setDenied(dave.address, true);
      await expect(hub.connect(keeper).investFor(id, dave.address, 100n * ONE))
        .to.be.revertedWithCustomError(registry, "MockCompliance_Refused")
        .withArgs(id, dave.address);
      await registry.setDenied(keeper.address, true);
      await hub.connect(keeper).investFor(id, alice.address, 100n * ONE);
      expect(await shares.balanceOf(alice.address, id)).to.equal(100n * ONE);
    });

    it("never consults the registry for an open campaign", async () => {
      const env = await loadFixture(complianceFixture);
      const open = await createCampaign(env);
      await env.registry.setDenied(env.alice.address, true);
      await env.hub.connect(env.alice).invest(open, 100n * ONE);
      expect(await env.registry.investmentChecks()).to.equal(0n);
      expect((await env.hub.campaign(open)).compliance).to.equal(ethers.ZeroAddress);
    });
  });

  describe("transfers", () => {
    it("asks the registry about every transfer, from the shares contract", async () => {
      const { shares, registry, alice, dave, id } = await loadFixture(activeComplianceFixture);
      const before = await registry.transferChecks();
      await shares.connect(alice).safeTransferFrom(alice.address, dave.address, id, 10n, "0x");
      await shares.connect(alice).safeBatchTransferFrom(alice.address, dave.address, [id, id], [1n, 2n], "0x");
      expect(await registry.transferChecks()).to.equal(before + 3n);
      expect(await registry.lastCaller()).to.equal(await shares.getAddress());
      expect(await shares.balanceOf(dave.address, id)).to.equal(13n);
    });

    it("reverts a transfer to a denied receiver, single or batch", async () => {
      const { shares, registry, alice, dave, id } = await loadFixture(activeComplianceFixture);
      await registry.setDenied(dave.address, true);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, dave.address, id, 10n, "0x"))
        .to.be.revertedWithCustomError(registry, "MockCompliance_Refused")
        .withArgs(id, dave.address);
      await expect(shares.connect(alice).safeBatchTransferFrom(alice.address, dave.address, [id], [10n], "0x"))
        .to.be.revertedWithCustomError(registry, "MockCompliance_Refused")
        .withArgs(id, dave.address);
    });

    it("reverts a transfer from a denied sender", async () => {
      const { shares, registry, alice, dave, id } = await loadFixture(activeComplianceFixture);
      await registry.setDenied(alice.address, true);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, dave.address, id, 10n, "0x"))
        .to.be.revertedWithCustomError(registry, "MockCompliance_Refused")
        .withArgs(id, alice.address);
    });
  });

  describe("refunds", () => {
    it("never consults the registry on burns: denied holders still get their refund", async () => {
      const env = await loadFixture(complianceFixture);
      const { hub, usdc, registry, keeper, alice, bob, id } = env;
      await investAll(env, id, [
        [alice, ALICE_IN],
        [bob, BOB_IN],
      ]);
      await finalizeAfterDeadline(env, id);
      await registry.setDenied(alice.address, true);
      await registry.setDenied(bob.address, true);
      const checks = [await registry.investmentChecks(), await registry.transferChecks()];
      await expect(hub.connect(alice).refund(id)).to.changeTokenBalance(ethers, usdc, alice, ALICE_IN);
      await expect(hub.connect(keeper).refundMany(id, [bob.address]))
        .to.emit(hub, "Refunded")
        .withArgs(id, bob.address, BOB_IN);
      expect([await registry.investmentChecks(), await registry.transferChecks()]).to.deep.equal(checks);
    });
  });
});
