import { expect } from "chai";

import {
  ONE,
  State,
  activeFixture,
  createCampaign,
  ethers,
  failedFixture,
  fundingFixture,
  investAll,
  loadFixture,
  signPermit,
  time,
} from "./fixtures.js";

describe("EncoreHub: investing", () => {
  describe("invest", () => {
    it("pulls the tokens, mints shares 1:1 to the caller and emits Invested and TransferSingle", async () => {
      const { hub, shares, usdc, alice, id } = await loadFixture(fundingFixture);
      const amount = 1_500n * ONE;
      const tx = hub.connect(alice).invest(id, amount);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [alice, hub], [-amount, amount]);
      await expect(tx).to.emit(hub, "Invested").withArgs(id, alice.address, alice.address, amount, amount);
      await expect(tx)
        .to.emit(shares, "TransferSingle")
        .withArgs(await hub.getAddress(), ethers.ZeroAddress, alice.address, id, amount);
      expect(await shares.balanceOf(alice.address, id)).to.equal(amount);
      expect(await shares.totalSupply(id)).to.equal(amount);
      expect((await hub.campaign(id)).raised).to.equal(amount);
    });

    it("adds up repeated investments and reports the running total raised", async () => {
      const { hub, shares, alice, bob, id } = await loadFixture(fundingFixture);
      await hub.connect(alice).invest(id, 100n * ONE);
      await expect(hub.connect(bob).invest(id, 200n * ONE))
        .to.emit(hub, "Invested")
        .withArgs(id, bob.address, bob.address, 200n * ONE, 300n * ONE);
      await hub.connect(alice).invest(id, 50n * ONE);
      expect(await shares.balanceOf(alice.address, id)).to.equal(150n * ONE);
      expect(await shares.totalSupply(id)).to.equal(350n * ONE);
      expect((await hub.campaign(id)).raised).to.equal(350n * ONE);
    });

    it("accepts an investment in the last second before the deadline", async () => {
      const { hub, alice, id } = await loadFixture(fundingFixture);
      const { fundingDeadline } = await hub.campaign(id);
      await time.setNextBlockTimestamp(fundingDeadline - 1n);
      await expect(hub.connect(alice).invest(id, ONE * 10n)).to.emit(hub, "Invested");
    });

    it("accepts an investment that reaches the hard cap exactly", async () => {
      const env = await loadFixture(fundingFixture);
      await env.hub.connect(env.alice).invest(env.id, 49_000n * ONE);
      await expect(env.hub.connect(env.bob).invest(env.id, 1_000n * ONE))
        .to.emit(env.hub, "Invested")
        .withArgs(env.id, env.bob.address, env.bob.address, 1_000n * ONE, 50_000n * ONE);
    });

    it("reverts with EncoreHub_ZeroAmount for a zero amount", async () => {
      const { hub, alice, id } = await loadFixture(fundingFixture);
      await expect(hub.connect(alice).invest(id, 0n)).to.be.revertedWithCustomError(hub, "EncoreHub_ZeroAmount");
      await expect(hub.connect(alice).investFor(id, alice.address, 0n)).to.be.revertedWithCustomError(
        hub,
        "EncoreHub_ZeroAmount",
      );
      await expect(
        hub.connect(alice).investWithPermit(id, 0n, 0n, 27, ethers.ZeroHash, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(hub, "EncoreHub_ZeroAmount");
    });

    it("reverts with EncoreHub_FundingClosed from the deadline on, before finalization", async () => {
      const { hub, alice, id } = await loadFixture(fundingFixture);
      const { fundingDeadline } = await hub.campaign(id);
      await time.setNextBlockTimestamp(fundingDeadline);
      await expect(hub.connect(alice).invest(id, 10n * ONE))
        .to.be.revertedWithCustomError(hub, "EncoreHub_FundingClosed")
        .withArgs(id, fundingDeadline);
      expect(await hub.state(id)).to.equal(State.Funding);
    });

    it("reverts with EncoreHub_NotFunding once the campaign is Active or Failed", async () => {
      const active = await loadFixture(activeFixture);
      await expect(active.hub.connect(active.alice).invest(active.id, 10n * ONE))
        .to.be.revertedWithCustomError(active.hub, "EncoreHub_NotFunding")
        .withArgs(active.id, State.Active);
      const failed = await loadFixture(failedFixture);
      await expect(failed.hub.connect(failed.alice).investFor(failed.id, failed.bob.address, 10n * ONE))
        .to.be.revertedWithCustomError(failed.hub, "EncoreHub_NotFunding")
        .withArgs(failed.id, State.Failed);
    });

    it("reverts with EncoreHub_BelowMinInvestment under the minimum", async () => {
      const { hub, alice, id } = await loadFixture(fundingFixture);
      await expect(hub.connect(alice).invest(id, 10n * ONE - 1n))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BelowMinInvestment")
        .withArgs(id, 10n * ONE - 1n, 10n * ONE);
    });

    it("reverts with EncoreHub_HardCapExceeded instead of a partial fill", async () => {
      const { hub, alice, bob, id } = await loadFixture(fundingFixture);
      await hub.connect(alice).invest(id, 49_000n * ONE);
      await expect(hub.connect(bob).invest(id, 1_000n * ONE + 1n))
        .to.be.revertedWithCustomError(hub, "EncoreHub_HardCapExceeded")
        .withArgs(id, 49_000n * ONE, 1_000n * ONE + 1n, 50_000n * ONE);
    });

    it("reverts with EncoreHub_MaxPerInvestorExceeded on the beneficiary's total, whoever pays", async () => {
      const env = await loadFixture(fundingFixture);
      const id = await createCampaign(env, { maxPerInvestor: 1_000n * ONE });
      await env.hub.connect(env.alice).invest(id, 600n * ONE);
      await expect(env.hub.connect(env.alice).invest(id, 401n * ONE))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_MaxPerInvestorExceeded")
        .withArgs(id, env.alice.address, 1_001n * ONE, 1_000n * ONE);
      await expect(env.hub.connect(env.bob).investFor(id, env.alice.address, 401n * ONE))
        .to.be.revertedWithCustomError(env.hub, "EncoreHub_MaxPerInvestorExceeded")
        .withArgs(id, env.alice.address, 1_001n * ONE, 1_000n * ONE);
      await env.hub.connect(env.bob).investFor(id, env.alice.address, 400n * ONE);
      expect(await env.shares.balanceOf(env.alice.address, id)).to.equal(1_000n * ONE);
    });
  });

  describe("investFor", () => {
    it("takes the tokens from the payer and mints the shares to the beneficiary", async () => {
      const { hub, shares, usdc, keeper, dave, id } = await loadFixture(fundingFixture);
      const amount = 700n * ONE;
      const tx = hub.connect(keeper).investFor(id, dave.address, amount);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [keeper, dave, hub], [-amount, 0n, amount]);
      await expect(tx).to.emit(hub, "Invested").withArgs(id, dave.address, keeper.address, amount, amount);
      expect(await shares.balanceOf(dave.address, id)).to.equal(amount);
      expect(await shares.balanceOf(keeper.address, id)).to.equal(0n);
    });

    it("reverts with EncoreHub_ZeroBeneficiary for the zero address", async () => {
      const { hub, keeper, id } = await loadFixture(fundingFixture);
      await expect(hub.connect(keeper).investFor(id, ethers.ZeroAddress, 100n * ONE)).to.be.revertedWithCustomError(
        hub,
        "EncoreHub_ZeroBeneficiary",
      );
    });
  });

  describe("investWithPermit", () => {
    it("invests in one transaction with a real EIP-2612 signature and consumes the permit", async () => {
      const { hub, shares, usdc, dave, id } = await loadFixture(fundingFixture);
      const amount = 250n * ONE;
      const deadline = BigInt(await time.latest()) + 3_600n;
      expect(await usdc.allowance(dave.address, hub)).to.equal(0n);
      const { v, r, s } = await signPermit(usdc, dave, await hub.getAddress(), amount, deadline);
      const tx = hub.connect(dave).investWithPermit(id, amount, deadline, v, r, s);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [dave, hub], [-amount, amount]);
      await expect(tx).to.emit(hub, "Invested").withArgs(id, dave.address, dave.address, amount, amount);
      expect(await shares.balanceOf(dave.address, id)).to.equal(amount);
      expect(await usdc.nonces(dave.address)).to.equal(1n);
      expect(await usdc.allowance(dave.address, hub)).to.equal(0n);
    });

    it("still invests when someone front-ran the same permit", async () => {
      const { hub, usdc, dave, stranger, id } = await loadFixture(fundingFixture);
      const amount = 250n * ONE;
      const deadline = BigInt(await time.latest()) + 3_600n;
      const { v, r, s } = await signPermit(usdc, dave, await hub.getAddress(), amount, deadline);
      await usdc.connect(stranger).permit(dave.address, hub, amount, deadline, v, r, s);
      await expect(hub.connect(dave).investWithPermit(id, amount, deadline, v, r, s))
        .to.emit(hub, "Invested")
        .withArgs(id, dave.address, dave.address, amount, amount);
    });

    it("falls back to the existing allowance when the permit is invalid", async () => {
      const { hub, alice, id } = await loadFixture(fundingFixture);
      await expect(hub.connect(alice).investWithPermit(id, 100n * ONE, 0n, 27, ethers.ZeroHash, ethers.ZeroHash))
        .to.emit(hub, "Invested")
        .withArgs(id, alice.address, alice.address, 100n * ONE, 100n * ONE);
    });

    it("reverts with the token's allowance error when the permit is invalid and nothing is approved", async () => {
      const { hub, usdc, dave, id } = await loadFixture(fundingFixture);
      const amount = 100n * ONE;
      const deadline = BigInt(await time.latest()) - 1n;
      const { v, r, s } = await signPermit(usdc, dave, await hub.getAddress(), amount, deadline);
      await expect(hub.connect(dave).investWithPermit(id, amount, deadline, v, r, s))
        .to.be.revertedWithCustomError(usdc, "ERC20InsufficientAllowance")
        .withArgs(await hub.getAddress(), 0n, amount);
    });

    it("applies the same rules as invest (minimum, hard cap, state)", async () => {
      const env = await loadFixture(fundingFixture);
      const { hub, usdc, dave, id } = env;
      const deadline = BigInt(await time.latest()) + 3_600n;
      const small = await signPermit(usdc, dave, await hub.getAddress(), ONE, deadline);
      await expect(hub.connect(dave).investWithPermit(id, ONE, deadline, small.v, small.r, small.s))
        .to.be.revertedWithCustomError(hub, "EncoreHub_BelowMinInvestment")
        .withArgs(id, ONE, 10n * ONE);
      const big = await signPermit(usdc, dave, await hub.getAddress(), 50_001n * ONE, deadline);
      await expect(hub.connect(dave).investWithPermit(id, 50_001n * ONE, deadline, big.v, big.r, big.s))
        .to.be.revertedWithCustomError(hub, "EncoreHub_HardCapExceeded")
        .withArgs(id, 0n, 50_001n * ONE, 50_000n * ONE);
      await investAll(env, id, [[env.alice, 10_000n * ONE]]);
      await time.increaseTo((await hub.campaign(id)).fundingDeadline);
      await hub.finalize(id);
      await expect(hub.connect(dave).investWithPermit(id, ONE * 10n, deadline, small.v, small.r, small.s))
        .to.be.revertedWithCustomError(hub, "EncoreHub_NotFunding")
        .withArgs(id, State.Active);
    });
  });
});
