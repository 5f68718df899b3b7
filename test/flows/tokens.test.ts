// Settlement tokens that deliver less than was sent (fee-on-transfer, rebasing) are refused by the balance check.
import { expect } from "chai";

import {
  ONE,
  RAISED,
  STARTING_BALANCE,
  activeFixture,
  createCampaign,
  deployFixture,
  ethers,
  loadFixture,
  networkHelpers,
} from "./fixtures.js";

async function feeTokenFixture() {
  const env = await deployFixture();
  const fot = await ethers.deployContract("FeeOnTransferToken");
  await env.hub.connect(env.owner).setSettlementToken(fot, true);
  for (const account of [env.artist, env.alice]) {
    await fot.mint(account.address, STARTING_BALANCE);
    await fot.connect(account).approve(env.hub, ethers.MaxUint256);
  }
  return { ...env, fot };
}

describe("EncoreHub: fee-on-transfer tokens", () => {
  it("refuses an investment with EncoreHub_TransferAmountMismatch", async () => {
    const env = await loadFixture(feeTokenFixture);
    const { hub, shares, fot, alice } = env;
    const id = await createCampaign(env, { token: await fot.getAddress() });
    const amount = 1_000n * ONE;
    await expect(hub.connect(alice).invest(id, amount))
      .to.be.revertedWithCustomError(hub, "EncoreHub_TransferAmountMismatch")
      .withArgs(await fot.getAddress(), amount, amount - amount / 100n);
    expect(await shares.totalSupply(id)).to.equal(0n);
  });

  it("refuses a bond with EncoreHub_TransferAmountMismatch", async () => {
    const env = await loadFixture(feeTokenFixture);
    const bond = 500n * ONE;
    await expect(createCampaign(env, { token: await env.fot.getAddress(), bond }))
      .to.be.revertedWithCustomError(env.hub, "EncoreHub_TransferAmountMismatch")
      .withArgs(await env.fot.getAddress(), bond, bond - bond / 100n);
  });

  it("refuses revenue once a token starts charging a transfer fee (e.g. an upgraded stablecoin)", async () => {
    const { hub, usdc, artist, id } = await loadFixture(activeFixture);
    const feeToken = await ethers.deployContract("FeeOnTransferToken");
    const before = await usdc.balanceOf(artist.address);
    // Same ERC-20 storage layout: balances and allowances survive the code swap.
    await networkHelpers.setCode(await usdc.getAddress(), await ethers.provider.getCode(feeToken));
    expect(await usdc.balanceOf(artist.address)).to.equal(before);
    await expect(hub.connect(artist).depositRevenue(id, RAISED))
      .to.be.revertedWithCustomError(hub, "EncoreHub_TransferAmountMismatch")
      .withArgs(await usdc.getAddress(), RAISED, RAISED - RAISED / 100n);
    expect((await hub.campaign(id)).paidToHolders).to.equal(0n);
  });
});
