import { expect } from "chai";

import { ALICE_IN, ONE, RAISED, activeFixture, createCampaign, ethers, loadFixture } from "./fixtures.js";

async function reentrancyFixture() {
  const env = await activeFixture();
  const receiver = await ethers.deployContract("ReentrantReceiver");
  const open = await createCampaign(env);
  await env.hub.connect(env.artist).depositRevenue(env.id, RAISED);
  return { ...env, receiver, open };
}

describe("EncoreHub: reentrancy", () => {
  it("accepts a receiver contract as beneficiary when it does not call back", async () => {
    const { hub, shares, receiver, alice, open } = await loadFixture(reentrancyFixture);
    await hub.connect(alice).investFor(open, receiver, 100n * ONE);
    expect(await shares.balanceOf(receiver, open)).to.equal(100n * ONE);
  });

  it("reverts the whole investment when the beneficiary re-enters invest from its callback", async () => {
    const { hub, shares, usdc, receiver, alice, open } = await loadFixture(reentrancyFixture);
    await receiver.setCall(hub, hub.interface.encodeFunctionData("invest", [open, 10n * ONE]));
    const hubBalance = await usdc.balanceOf(hub);
    await expect(hub.connect(alice).investFor(open, receiver, 100n * ONE)).to.be.revertedWithCustomError(
      hub,
      "ReentrancyGuardReentrantCall",
    );
    expect(await shares.balanceOf(receiver, open)).to.equal(0n);
    expect(await usdc.balanceOf(hub)).to.equal(hubBalance);
    expect((await hub.campaign(open)).raised).to.equal(0n);
  });

  it("reverts the whole investment when the beneficiary re-enters claim from its callback", async () => {
    const { hub, receiver, alice, id, open } = await loadFixture(reentrancyFixture);
    await receiver.setCall(hub, hub.interface.encodeFunctionData("claim", [id]));
    await expect(hub.connect(alice).investFor(open, receiver, 100n * ONE)).to.be.revertedWithCustomError(
      hub,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("moves the accrual before the receiver's callback: a buyer claiming from it finds nothing", async () => {
    const { hub, shares, receiver, alice, id } = await loadFixture(reentrancyFixture);
    const receiverAddress = await receiver.getAddress();
    await receiver.setCall(hub, hub.interface.encodeFunctionData("claim", [id]));
    await expect(shares.connect(alice).safeTransferFrom(alice.address, receiver, id, ALICE_IN, "0x"))
      .to.be.revertedWithCustomError(hub, "EncoreHub_NothingToClaim")
      .withArgs(id, receiverAddress);

    await receiver.setCall(ethers.ZeroAddress, "0x");
    await shares.connect(alice).safeTransferFrom(alice.address, receiver, id, ALICE_IN, "0x");
    expect(await hub.claimable(id, receiverAddress)).to.equal(0n);
    expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
  });

  it("lets a receiver contract claim revenue earned after it bought", async () => {
    const { hub, shares, usdc, receiver, artist, alice, id } = await loadFixture(reentrancyFixture);
    await shares.connect(alice).safeTransferFrom(alice.address, receiver, id, ALICE_IN, "0x");
    await hub.connect(artist).depositRevenue(id, RAISED);
    await expect(receiver.execute(hub, hub.interface.encodeFunctionData("claim", [id])))
      .to.emit(hub, "Claimed")
      .withArgs(id, await receiver.getAddress(), ALICE_IN);
    expect(await usdc.balanceOf(receiver)).to.equal(ALICE_IN);
  });
});
