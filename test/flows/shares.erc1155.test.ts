// ERC-1155 behaviour of EncoreShares, after OpenZeppelin's ERC1155 behaviour tests: balances, approvals, single and
// batch transfers by owners and operators, receiver checks, events and ERC-165.
import { expect } from "chai";

import { ALICE_IN, BOB_IN, ONE, RAISED, SHARES_URI, ethers, loadFixture, twoCampaignsFixture } from "./fixtures.js";

async function sharesFixture() {
  const env = await twoCampaignsFixture();
  const receiver = await ethers.deployContract("ReentrantReceiver");
  return { ...env, receiver };
}

const A2 = 100n * ONE; // alice's shares of the second campaign
const B2 = 300n * ONE; // bob's shares of the second campaign

describe("EncoreShares: ERC-1155 behaviour", () => {
  describe("balanceOf", () => {
    it("returns the shares of each account per id, and zero elsewhere", async () => {
      const { shares, alice, bob, stranger, id, second } = await loadFixture(sharesFixture);
      expect(await shares.balanceOf(alice.address, id)).to.equal(ALICE_IN);
      expect(await shares.balanceOf(alice.address, second)).to.equal(A2);
      expect(await shares.balanceOf(bob.address, second)).to.equal(B2);
      expect(await shares.balanceOf(stranger.address, id)).to.equal(0n);
      expect(await shares.balanceOf(alice.address, 42n)).to.equal(0n);
      expect(await shares.balanceOf(ethers.ZeroAddress, id)).to.equal(0n);
    });
  });

  describe("balanceOfBatch", () => {
    it("returns the balances in order, with repeated accounts and ids", async () => {
      const { shares, alice, bob, stranger, id, second } = await loadFixture(sharesFixture);
      const accounts = [alice.address, bob.address, alice.address, stranger.address, bob.address];
      const ids = [id, second, second, id, id];
      expect(await shares.balanceOfBatch(accounts, ids)).to.deep.equal([ALICE_IN, B2, A2, 0n, BOB_IN]);
      expect(await shares.balanceOfBatch([], [])).to.deep.equal([]);
    });

    it("reverts with ERC1155InvalidArrayLength when the lengths differ", async () => {
      const { shares, alice, bob, id } = await loadFixture(sharesFixture);
      await expect(shares.balanceOfBatch([alice.address, bob.address], [id]))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidArrayLength")
        .withArgs(1n, 2n);
      await expect(shares.balanceOfBatch([alice.address], [id, id]))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidArrayLength")
        .withArgs(2n, 1n);
    });
  });

  describe("setApprovalForAll", () => {
    it("approves and revokes an operator with ApprovalForAll events", async () => {
      const { shares, alice, bob, keeper } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).setApprovalForAll(keeper.address, true))
        .to.emit(shares, "ApprovalForAll")
        .withArgs(alice.address, keeper.address, true);
      expect(await shares.isApprovedForAll(alice.address, keeper.address)).to.equal(true);
      expect(await shares.isApprovedForAll(bob.address, keeper.address)).to.equal(false);
      expect(await shares.isApprovedForAll(keeper.address, alice.address)).to.equal(false);
      await expect(shares.connect(alice).setApprovalForAll(keeper.address, false))
        .to.emit(shares, "ApprovalForAll")
        .withArgs(alice.address, keeper.address, false);
      expect(await shares.isApprovedForAll(alice.address, keeper.address)).to.equal(false);
    });

    it("reverts with ERC1155InvalidOperator for the zero operator", async () => {
      const { shares, alice } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).setApprovalForAll(ethers.ZeroAddress, true))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidOperator")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("safeTransferFrom", () => {
    it("moves shares when the owner calls and emits TransferSingle", async () => {
      const { shares, alice, bob, id } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, 500n, "0x"))
        .to.emit(shares, "TransferSingle")
        .withArgs(alice.address, alice.address, bob.address, id, 500n);
      expect(await shares.balanceOf(alice.address, id)).to.equal(ALICE_IN - 500n);
      expect(await shares.balanceOf(bob.address, id)).to.equal(BOB_IN + 500n);
      expect(await shares.totalSupply(id)).to.equal(RAISED);
    });

    it("moves shares when an approved operator calls, naming the operator in the event", async () => {
      const { shares, alice, dave, keeper, id } = await loadFixture(sharesFixture);
      await shares.connect(alice).setApprovalForAll(keeper.address, true);
      await expect(shares.connect(keeper).safeTransferFrom(alice.address, dave.address, id, ALICE_IN, "0x"))
        .to.emit(shares, "TransferSingle")
        .withArgs(keeper.address, alice.address, dave.address, id, ALICE_IN);
      expect(await shares.balanceOf(alice.address, id)).to.equal(0n);
      expect(await shares.balanceOf(dave.address, id)).to.equal(ALICE_IN);
      expect(await shares.balanceOf(keeper.address, id)).to.equal(0n);
    });

    it("allows a zero-value transfer and a transfer to oneself", async () => {
      const { hub, shares, artist, alice, bob, id } = await loadFixture(sharesFixture);
      await hub.connect(artist).depositRevenue(id, RAISED);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, 0n, "0x"))
        .to.emit(shares, "TransferSingle")
        .withArgs(alice.address, alice.address, bob.address, id, 0n);
      await shares.connect(alice).safeTransferFrom(alice.address, alice.address, id, 700n, "0x");
      expect(await shares.balanceOf(alice.address, id)).to.equal(ALICE_IN);
      expect(await hub.claimable(id, alice.address)).to.equal(ALICE_IN);
    });

    it("reverts with ERC1155MissingApprovalForAll for an unapproved or revoked operator", async () => {
      const { shares, alice, bob, keeper, id } = await loadFixture(sharesFixture);
      await expect(shares.connect(keeper).safeTransferFrom(alice.address, bob.address, id, 1n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155MissingApprovalForAll")
        .withArgs(keeper.address, alice.address);
      await shares.connect(alice).setApprovalForAll(keeper.address, true);
      await shares.connect(alice).setApprovalForAll(keeper.address, false);
      await expect(shares.connect(keeper).safeTransferFrom(alice.address, bob.address, id, 1n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155MissingApprovalForAll")
        .withArgs(keeper.address, alice.address);
    });

    it("reverts with ERC1155InsufficientBalance above the balance", async () => {
      const { shares, alice, bob, stranger, id } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, bob.address, id, ALICE_IN + 1n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155InsufficientBalance")
        .withArgs(alice.address, ALICE_IN, ALICE_IN + 1n, id);
      await expect(shares.connect(stranger).safeTransferFrom(stranger.address, bob.address, id, 1n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155InsufficientBalance")
        .withArgs(stranger.address, 0n, 1n, id);
    });

    it("checks approval first, then the zero receiver (OpenZeppelin 5 order)", async () => {
      const { shares, alice, bob, id } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, ethers.ZeroAddress, id, 1n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
      await expect(shares.connect(bob).safeTransferFrom(alice.address, ethers.ZeroAddress, id, 1n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155MissingApprovalForAll")
        .withArgs(bob.address, alice.address);
      // The zero address can approve nobody, so a transfer from it always fails the approval check.
      await expect(shares.connect(alice).safeTransferFrom(ethers.ZeroAddress, bob.address, id, 1n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155MissingApprovalForAll")
        .withArgs(alice.address, ethers.ZeroAddress);
    });

    it("delivers to a receiver contract that accepts", async () => {
      const { shares, alice, receiver, id } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, receiver, id, 10n, "0x1234"))
        .to.emit(shares, "TransferSingle")
        .withArgs(alice.address, alice.address, await receiver.getAddress(), id, 10n);
      expect(await shares.balanceOf(receiver, id)).to.equal(10n);
    });

    it("reverts with ERC1155InvalidReceiver for a receiver that refuses or a contract without the hook", async () => {
      const { shares, usdc, alice, receiver, id } = await loadFixture(sharesFixture);
      await receiver.setAccept(false);
      await expect(shares.connect(alice).safeTransferFrom(alice.address, receiver, id, 10n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidReceiver")
        .withArgs(await receiver.getAddress());
      await expect(shares.connect(alice).safeTransferFrom(alice.address, usdc, id, 10n, "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidReceiver")
        .withArgs(await usdc.getAddress());
    });
  });

  describe("safeBatchTransferFrom", () => {
    it("moves several ids when the owner calls and emits TransferBatch", async () => {
      const { shares, alice, dave, id, second } = await loadFixture(sharesFixture);
      await expect(
        shares.connect(alice).safeBatchTransferFrom(alice.address, dave.address, [id, second], [5n, 6n], "0x"),
      )
        .to.emit(shares, "TransferBatch")
        .withArgs(alice.address, alice.address, dave.address, [id, second], [5n, 6n]);
      expect(await shares.balanceOfBatch([dave.address, dave.address], [id, second])).to.deep.equal([5n, 6n]);
      expect(await shares.balanceOfBatch([alice.address, alice.address], [id, second])).to.deep.equal([
        ALICE_IN - 5n,
        A2 - 6n,
      ]);
    });

    it("emits TransferSingle for a one-id batch, like OpenZeppelin 5", async () => {
      const { shares, alice, dave, id } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).safeBatchTransferFrom(alice.address, dave.address, [id], [5n], "0x"))
        .to.emit(shares, "TransferSingle")
        .withArgs(alice.address, alice.address, dave.address, id, 5n);
      expect(await shares.balanceOf(dave.address, id)).to.equal(5n);
    });

    it("moves several ids when an approved operator calls", async () => {
      const { shares, bob, dave, keeper, id, second } = await loadFixture(sharesFixture);
      await shares.connect(bob).setApprovalForAll(keeper.address, true);
      await expect(
        shares.connect(keeper).safeBatchTransferFrom(bob.address, dave.address, [second, id], [B2, 1n], "0x"),
      )
        .to.emit(shares, "TransferBatch")
        .withArgs(keeper.address, bob.address, dave.address, [second, id], [B2, 1n]);
      expect(await shares.balanceOf(bob.address, second)).to.equal(0n);
    });

    it("reverts with ERC1155MissingApprovalForAll for an unapproved operator", async () => {
      const { shares, bob, dave, keeper, id } = await loadFixture(sharesFixture);
      await expect(shares.connect(keeper).safeBatchTransferFrom(bob.address, dave.address, [id], [1n], "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155MissingApprovalForAll")
        .withArgs(keeper.address, bob.address);
    });

    it("reverts with ERC1155InsufficientBalance when one of the ids is short", async () => {
      const { shares, alice, dave, id, second } = await loadFixture(sharesFixture);
      await expect(
        shares.connect(alice).safeBatchTransferFrom(alice.address, dave.address, [id, second], [1n, A2 + 1n], "0x"),
      )
        .to.be.revertedWithCustomError(shares, "ERC1155InsufficientBalance")
        .withArgs(alice.address, A2, A2 + 1n, second);
    });

    it("reverts with ERC1155InvalidArrayLength when ids and values differ in length", async () => {
      const { shares, alice, dave, id, second } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).safeBatchTransferFrom(alice.address, dave.address, [id, second], [1n], "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidArrayLength")
        .withArgs(2n, 1n);
    });

    it("reverts for the zero receiver or sender", async () => {
      const { shares, alice, dave, id } = await loadFixture(sharesFixture);
      await expect(shares.connect(alice).safeBatchTransferFrom(alice.address, ethers.ZeroAddress, [id], [1n], "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
      await expect(shares.connect(alice).safeBatchTransferFrom(ethers.ZeroAddress, dave.address, [id], [1n], "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155MissingApprovalForAll")
        .withArgs(alice.address, ethers.ZeroAddress);
    });

    it("delivers to a batch receiver that accepts and reverts for one that refuses", async () => {
      const { shares, alice, receiver, id, second } = await loadFixture(sharesFixture);
      await shares.connect(alice).safeBatchTransferFrom(alice.address, receiver, [id, second], [3n, 4n], "0x");
      expect(await shares.balanceOfBatch([receiver, receiver], [id, second])).to.deep.equal([3n, 4n]);
      await receiver.setAccept(false);
      await expect(shares.connect(alice).safeBatchTransferFrom(alice.address, receiver, [id, second], [3n, 4n], "0x"))
        .to.be.revertedWithCustomError(shares, "ERC1155InvalidReceiver")
        .withArgs(await receiver.getAddress());
    });
  });

  describe("metadata and introspection", () => {
    it("supports IERC1155, IERC1155MetadataURI and IERC165, and nothing else", async () => {
      const { shares } = await loadFixture(sharesFixture);
      expect(await shares.supportsInterface("0xd9b67a26")).to.equal(true);
      expect(await shares.supportsInterface("0x0e89341c")).to.equal(true);
      expect(await shares.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await shares.supportsInterface("0xffffffff")).to.equal(false);
      expect(await shares.supportsInterface("0x4e2312e0")).to.equal(false); // IERC1155Receiver
    });

    it("returns the same URI template for every id", async () => {
      const { shares, id } = await loadFixture(sharesFixture);
      expect(await shares.uri(id)).to.equal(SHARES_URI);
      expect(await shares.uri(0n)).to.equal(SHARES_URI);
      expect(await shares.uri(ethers.MaxUint256)).to.equal(SHARES_URI);
    });

    it("reports totalSupply and exists per id", async () => {
      const { shares, id, second } = await loadFixture(sharesFixture);
      expect(await shares.totalSupply(id)).to.equal(RAISED);
      expect(await shares.totalSupply(second)).to.equal(A2 + B2);
      expect(await shares.exists(id)).to.equal(true);
      expect(await shares.totalSupply(3n)).to.equal(0n);
      expect(await shares.exists(3n)).to.equal(false);
    });
  });
});
