// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {EncoreShares} from "../../contracts/EncoreShares.sol";
import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";
import {IEncoreShares} from "../../contracts/interfaces/IEncoreShares.sol";
import {MockComplianceRegistry} from "../../contracts/mocks/MockComplianceRegistry.sol";
import {ReentrantReceiver} from "../../contracts/mocks/ReentrantReceiver.sol";

import {Base} from "./Base.t.sol";

/// @notice ERC-1155 behaviour of `EncoreShares` (OpenZeppelin 5 semantics) and the rule that a share transfer never
/// moves revenue already accrued.
contract EncoreSharesTest is Base {
    uint256 private id;

    function setUp() public override {
        super.setUp();
        id = _activeCampaign();
    }

    // ------------------------------------------------------------------------------------------------ ERC-1155

    function test_supportsInterface_erc1155AndMetadata() public view {
        assertTrue(shares.supportsInterface(type(IERC1155).interfaceId));
        assertTrue(shares.supportsInterface(type(IERC1155MetadataURI).interfaceId));
        assertTrue(shares.supportsInterface(type(IERC165).interfaceId));
        assertFalse(shares.supportsInterface(0xffffffff));
    }

    function test_uriAndHub() public view {
        assertEq(shares.uri(id), SHARES_URI);
        assertEq(shares.HUB(), address(hub));
        assertEq(shares.MAGNITUDE(), MAGNITUDE);
    }

    function test_totalSupplyAndExists() public {
        assertEq(shares.totalSupply(id), 10_000 * ONE);
        assertTrue(shares.exists(id));
        assertFalse(shares.exists(id + 1));
        uint256 failed = _failedCampaign();
        vm.prank(alice);
        hub.refund(failed);
        vm.prank(bob);
        hub.refund(failed);
        assertFalse(shares.exists(failed));
    }

    function test_balanceOfBatch_readsEachPair() public view {
        address[] memory accounts = new address[](2);
        accounts[0] = alice;
        accounts[1] = dave;
        uint256[] memory ids = new uint256[](2);
        ids[0] = id;
        ids[1] = id;
        uint256[] memory balances = shares.balanceOfBatch(accounts, ids);
        assertEq(balances[0], 6_000 * ONE);
        assertEq(balances[1], 0);
    }

    function test_RevertWhen_BalanceOfBatchLengthsDiffer() public {
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InvalidArrayLength.selector, 1, 2));
        shares.balanceOfBatch(new address[](2), new uint256[](1));
    }

    function test_safeTransferFrom_byApprovedOperator() public {
        vm.expectEmit(address(shares));
        emit IERC1155.ApprovalForAll(alice, dave, true);
        vm.prank(alice);
        shares.setApprovalForAll(dave, true);
        assertTrue(shares.isApprovedForAll(alice, dave));

        vm.expectEmit(address(shares));
        emit IERC1155.TransferSingle(dave, alice, bob, id, 100 * ONE);
        vm.prank(dave);
        shares.safeTransferFrom(alice, bob, id, 100 * ONE, "");
        assertEq(shares.balanceOf(alice, id), 5_900 * ONE);
        assertEq(shares.balanceOf(bob, id), 3_100 * ONE);
        assertEq(shares.totalSupply(id), 10_000 * ONE);
    }

    function test_RevertWhen_SetApprovalForZeroOperator() public {
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InvalidOperator.selector, address(0)));
        vm.prank(alice);
        shares.setApprovalForAll(address(0), true);
    }

    function test_RevertWhen_TransferWithoutApproval() public {
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155MissingApprovalForAll.selector, dave, alice));
        vm.prank(dave);
        shares.safeTransferFrom(alice, dave, id, 1, "");
    }

    function test_RevertWhen_TransferMoreThanBalance() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC1155Errors.ERC1155InsufficientBalance.selector,
                carol,
                1_000 * ONE,
                1_000 * ONE + 1,
                id
            )
        );
        _transfer(carol, dave, id, 1_000 * ONE + 1);
    }

    function test_RevertWhen_TransferToOrFromZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InvalidReceiver.selector, address(0)));
        _transfer(alice, address(0), id, 1);
        // The zero address approves nobody: a transfer from it fails the approval check first (OpenZeppelin order).
        vm.expectRevert(
            abi.encodeWithSelector(IERC1155Errors.ERC1155MissingApprovalForAll.selector, alice, address(0))
        );
        vm.prank(alice);
        shares.safeTransferFrom(address(0), alice, id, 1, "");
    }

    function test_RevertWhen_TransferWhileFunding() public {
        uint256 funding = _create(_config());
        _invest(funding, alice, 100 * ONE);
        vm.expectRevert(abi.encodeWithSelector(IEncoreShares.EncoreShares_TransfersLocked.selector, funding));
        _transfer(alice, bob, funding, 1);
    }

    function test_RevertWhen_TransferAfterFailure() public {
        uint256 failed = _failedCampaign();
        vm.expectRevert(abi.encodeWithSelector(IEncoreShares.EncoreShares_TransfersLocked.selector, failed));
        _transfer(alice, dave, failed, 1);
    }

    function test_RevertWhen_ReceiverRejectsShares() public {
        ReentrantReceiver receiver = new ReentrantReceiver();
        receiver.setAccept(false);
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InvalidReceiver.selector, address(receiver)));
        _transfer(alice, address(receiver), id, 1);
    }

    function test_safeBatchTransferFrom_movesEveryId() public {
        uint256 other = _activeCampaign();
        uint256[] memory ids = new uint256[](2);
        ids[0] = id;
        ids[1] = other;
        uint256[] memory values = new uint256[](2);
        values[0] = 100 * ONE;
        values[1] = 200 * ONE;
        vm.expectEmit(address(shares));
        emit IERC1155.TransferBatch(alice, alice, dave, ids, values);
        vm.prank(alice);
        shares.safeBatchTransferFrom(alice, dave, ids, values, "");
        assertEq(shares.balanceOf(dave, id), 100 * ONE);
        assertEq(shares.balanceOf(dave, other), 200 * ONE);
        assertEq(shares.balanceOf(alice, other), 5_800 * ONE);
    }

    function test_RevertWhen_BatchLengthsDiffer() public {
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InvalidArrayLength.selector, 2, 1));
        vm.prank(alice);
        shares.safeBatchTransferFrom(alice, dave, new uint256[](2), new uint256[](1), "");
    }

    function test_RevertWhen_ComplianceRefusesReceiver() public {
        MockComplianceRegistry registry = new MockComplianceRegistry();
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.compliance = address(registry);
        uint256 gated = _activeCampaign(cfg);
        _transfer(alice, bob, gated, 1);
        assertEq(registry.transferChecks(), 1);

        registry.setDenied(dave, true);
        vm.expectRevert(abi.encodeWithSelector(MockComplianceRegistry.MockCompliance_Refused.selector, gated, dave));
        _transfer(alice, dave, gated, 1);
    }

    function test_RevertWhen_NonHubCallsHubOnlyFunctions() public {
        bytes memory onlyHub = abi.encodeWithSelector(IEncoreShares.EncoreShares_OnlyHub.selector, alice);
        vm.startPrank(alice);
        vm.expectRevert(onlyHub);
        shares.mint(alice, id, 1, address(0));
        vm.expectRevert(onlyHub);
        shares.burn(alice, id, 1);
        vm.expectRevert(onlyHub);
        shares.addRevenuePerShare(id, 1);
        vm.expectRevert(onlyHub);
        shares.consumeClaimable(id, alice);
        vm.expectRevert(onlyHub);
        shares.enableTransfers(id);
        vm.expectRevert(onlyHub);
        shares.setCompliance(id, alice);
        vm.stopPrank();
    }

    function test_RevertWhen_HubMintOrBurnOverflowsOrSetsComplianceTwice() public {
        // A shares contract whose hub is this test, to reach the bounds the real hub never lets through.
        EncoreShares direct = new EncoreShares("");
        direct.mint(alice, 1, type(uint88).max, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(IEncoreShares.EncoreShares_SupplyOverflow.selector, 1, type(uint88).max, 1)
        );
        direct.mint(bob, 1, 1, address(0));
        direct.addRevenuePerShare(1, type(uint160).max);
        vm.expectRevert(abi.encodeWithSelector(IEncoreShares.EncoreShares_AccumulatorOverflow.selector, 1));
        direct.addRevenuePerShare(1, 1);
        direct.setCompliance(1, address(this));
        vm.expectRevert(abi.encodeWithSelector(IEncoreShares.EncoreShares_ComplianceAlreadySet.selector, 1));
        direct.setCompliance(1, address(this));
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InvalidReceiver.selector, address(0)));
        direct.mint(address(0), 2, 1, address(0));
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InvalidSender.selector, address(0)));
        direct.burn(address(0), 2, 1);
    }

    // ------------------------------------------------------------------------------------------------ accrual

    function test_transfer_keepsAccruedRevenueWithSeller() public {
        _deposit(id, 1_000 * ONE);
        uint256 aliceBefore = hub.claimable(id, alice);
        _transfer(alice, dave, id, 3_000 * ONE);
        assertEq(hub.claimable(id, alice), aliceBefore);
        assertEq(hub.claimable(id, dave), 0);
        assertEq(_claim(id, alice), aliceBefore);
    }

    function test_transfer_buyerEarnsOnlyLaterRevenue() public {
        _deposit(id, 1_000 * ONE);
        _transfer(alice, dave, id, 3_000 * ONE);
        _deposit(id, 1_000 * ONE);
        // dave holds 30 % since the second deposit; alice 60 % of the first and 30 % of the second.
        assertApproxEqAbs(hub.claimable(id, dave), 300 * ONE, 1);
        assertApproxEqAbs(hub.claimable(id, alice), 900 * ONE, 1);
        assertLe(hub.claimable(id, dave), 300 * ONE);
    }

    function test_transfer_receiverCallbackSeesNoAccruedRevenue() public {
        _deposit(id, 1_000 * ONE);
        ReentrantReceiver receiver = new ReentrantReceiver();
        // On receipt the buyer tries to claim: the correction is already written, so it has nothing to claim.
        receiver.setCall(address(hub), abi.encodeCall(IEncoreHub.claim, (id)));
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingToClaim.selector, id, address(receiver)));
        _transfer(alice, address(receiver), id, 3_000 * ONE);
    }

    function test_transfer_contractBuyerClaimsOnlyLaterRevenue() public {
        _deposit(id, 1_000 * ONE);
        uint256 aliceBefore = hub.claimable(id, alice);
        ReentrantReceiver receiver = new ReentrantReceiver();
        _transfer(alice, address(receiver), id, 6_000 * ONE);
        _deposit(id, 1_000 * ONE);
        uint256 receiverShare = hub.claimable(id, address(receiver));
        assertApproxEqAbs(receiverShare, 600 * ONE, 1);
        vm.prank(address(receiver));
        hub.claim(id);
        assertEq(usdc.balanceOf(address(receiver)), receiverShare);
        assertEq(hub.claimable(id, alice), aliceBefore);
    }

    function test_selfTransfer_changesNothing() public {
        _deposit(id, 1_000 * ONE);
        uint256 accrued = shares.accruedMagnified(id, alice);
        _transfer(alice, alice, id, 2_000 * ONE);
        assertEq(shares.accruedMagnified(id, alice), accrued);
        assertEq(shares.balanceOf(alice, id), 6_000 * ONE);
    }

    function test_batchTransfer_keepsAccrualWithRepeatedIds() public {
        _deposit(id, 1_000 * ONE);
        uint256 aliceAccrued = shares.accruedMagnified(id, alice);
        uint256 bobAccrued = shares.accruedMagnified(id, bob);
        uint256[] memory ids = new uint256[](2);
        ids[0] = id;
        ids[1] = id;
        uint256[] memory values = new uint256[](2);
        values[0] = 1_000 * ONE;
        values[1] = 2_000 * ONE;
        vm.prank(alice);
        shares.safeBatchTransferFrom(alice, bob, ids, values, "");
        assertEq(shares.balanceOf(bob, id), 6_000 * ONE);
        assertEq(shares.accruedMagnified(id, alice), aliceAccrued);
        assertEq(shares.accruedMagnified(id, bob), bobAccrued);
    }

    // ------------------------------------------------------------------------------------------------ fuzz

    /// @dev Deposits before and after a transfer of a random amount to a new holder, an existing holder or oneself:
    /// the transfer leaves both sides' accrual untouched, and later revenue follows the new balances exactly.
    function testFuzz_transferKeepsAccrual(uint96 a, uint96 b, uint96 amount, uint96 later, uint8 kind) public {
        uint256 first = bound(a, 1, 1e18);
        uint256 second = bound(b, 1, 1e18);
        uint256 fuzzed = _create(_tightConfig(first + second, first + second));
        _invest(fuzzed, alice, first);
        _invest(fuzzed, bob, second);
        hub.finalize(fuzzed);
        _deposit(fuzzed, bound(a ^ b, 1, 1e15));

        address to = kind % 3 == 0 ? dave : (kind % 3 == 1 ? bob : alice);
        uint256 value = bound(amount, 0, first);
        uint256 fromBefore = shares.accruedMagnified(fuzzed, alice);
        uint256 toBefore = shares.accruedMagnified(fuzzed, to);
        _transfer(alice, to, fuzzed, value);
        assertEq(shares.accruedMagnified(fuzzed, alice), fromBefore, "sender accrual moved");
        assertEq(shares.accruedMagnified(fuzzed, to), toBefore, "receiver accrual moved");

        uint256 perShareBefore = shares.revenuePerShare(fuzzed);
        _deposit(fuzzed, bound(later, 1, 1e15));
        uint256 delta = shares.revenuePerShare(fuzzed) - perShareBefore;
        assertEq(shares.accruedMagnified(fuzzed, alice), fromBefore + delta * shares.balanceOf(alice, fuzzed));
        if (to != alice) {
            assertEq(shares.accruedMagnified(fuzzed, to), toBefore + delta * shares.balanceOf(to, fuzzed));
        }
    }

    /// @dev Claims before a transfer, transfers back and forth, then claims again: every account is paid exactly its
    /// accrual, and the campaign's exact accounting holds.
    function testFuzz_claimTransferClaimKeepsAccounting(uint96 d1, uint96 d2, uint96 x, uint96 y) public {
        _deposit(id, bound(d1, 1, 1e15));
        uint256 claimed = hub.claimable(id, bob) == 0 ? 0 : _claim(id, bob);
        _transfer(alice, bob, id, bound(x, 0, 6_000 * ONE));
        _transfer(bob, carol, id, bound(y, 0, shares.balanceOf(bob, id)));
        _deposit(id, bound(d2, 1, 1e15));
        address[3] memory holders = [alice, bob, carol];
        for (uint256 i = 0; i < 3; ++i) {
            uint256 expected = hub.claimable(id, holders[i]);
            if (expected != 0) claimed += _claim(id, holders[i]);
            assertLt(shares.accruedMagnified(id, holders[i]), MAGNITUDE, "whole units left behind");
        }
        uint256 paid = hub.campaign(id).paidToHolders;
        uint256 rest = shares.accruedMagnified(id, alice) +
            shares.accruedMagnified(id, bob) +
            shares.accruedMagnified(id, carol);
        assertEq(paid * MAGNITUDE, claimed * MAGNITUDE + rest + hub.revenueRemainder(id));
        assertEq(usdc.balanceOf(address(hub)), paid - claimed + hub.unreleased(id));
    }

    /// @dev Packing at the extremes, on a shares contract whose hub is this test: supply up to 2**88 - 1 and an
    /// accumulator whose total stays within the hub's bound (revenue to holders < 2**95), moved back and forth.
    function testFuzz_packedCorrectionAtExtremes(uint88 supply, uint88 split, uint96 revenue, uint88 moved) public {
        EncoreShares direct = new EncoreShares("");
        uint256 total = bound(supply, 1, type(uint88).max);
        uint256 aliceShares = bound(split, 0, total);
        if (aliceShares != 0) direct.mint(alice, 1, aliceShares, address(0));
        if (total != aliceShares) direct.mint(bob, 1, total - aliceShares, address(0));
        direct.enableTransfers(1);

        uint256 paid = bound(revenue, 1, 2 ** 95 - 1);
        uint256 perShare = (paid * MAGNITUDE) / total;
        direct.addRevenuePerShare(1, perShare);
        uint256 aliceAccrued = direct.accruedMagnified(1, alice);
        uint256 bobAccrued = direct.accruedMagnified(1, bob);
        assertEq(aliceAccrued, perShare * aliceShares);
        assertEq(aliceAccrued + bobAccrued, perShare * total);

        uint256 there = bound(moved, 0, aliceShares);
        vm.prank(alice);
        direct.safeTransferFrom(alice, bob, 1, there, "");
        uint256 back = bound(moved / 3, 0, direct.balanceOf(bob, 1));
        vm.prank(bob);
        direct.safeTransferFrom(bob, alice, 1, back, "");
        assertEq(direct.accruedMagnified(1, alice), aliceAccrued);
        assertEq(direct.accruedMagnified(1, bob), bobAccrued);

        assertEq(direct.consumeClaimable(1, alice), aliceAccrued / MAGNITUDE);
        assertEq(direct.accruedMagnified(1, alice), aliceAccrued % MAGNITUDE);
        assertEq(direct.claimableOf(1, bob), bobAccrued / MAGNITUDE);
    }
}
