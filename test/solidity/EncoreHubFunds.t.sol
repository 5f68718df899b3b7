// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";
import {BlocklistToken} from "../../contracts/mocks/BlocklistToken.sol";
import {MockRevenueOracle} from "../../contracts/mocks/MockRevenueOracle.sol";

import {Base} from "./Base.t.sol";

/// @notice Unit tests of the money leaving the hub outside revenue: refunds (pulled and pushed), vesting release,
/// bond withdrawal, and payments deferred when the token refuses them.
contract EncoreHubFundsTest is Base {
    // ------------------------------------------------------------------------------------------------ refund

    function test_refund_burnsSharesAndReturnsCost() public {
        uint256 id = _failedCampaign();
        vm.expectEmit(address(hub));
        emit IEncoreHub.Refunded(id, alice, 2_000 * ONE);
        vm.prank(alice);
        hub.refund(id);
        assertEq(usdc.balanceOf(alice), 2_000 * ONE);
        assertEq(shares.balanceOf(alice, id), 0);
        assertEq(shares.totalSupply(id), 1_000 * ONE);
        assertEq(usdc.balanceOf(address(hub)), 1_000 * ONE);
    }

    function test_RevertWhen_RefundOnSuccessfulCampaign() public {
        uint256 id = _activeCampaign();
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotFailed.selector, id, IEncoreHub.State.Active));
        vm.prank(alice);
        hub.refund(id);
    }

    function test_RevertWhen_RefundWithoutShares() public {
        uint256 id = _failedCampaign();
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingToRefund.selector, id, carol));
        vm.prank(carol);
        hub.refund(id);
    }

    function test_RevertWhen_RefundTwice() public {
        uint256 id = _failedCampaign();
        vm.prank(alice);
        hub.refund(id);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingToRefund.selector, id, alice));
        vm.prank(alice);
        hub.refund(id);
    }

    function test_refundMany_pushesRefundsAndSkipsEmptyHolders() public {
        uint256 id = _failedCampaign();
        address[] memory holders = new address[](3);
        holders[0] = alice;
        holders[1] = carol;
        holders[2] = bob;
        uint256 refunded = hub.refundMany(id, holders);
        assertEq(refunded, 3_000 * ONE);
        assertEq(usdc.balanceOf(alice), 2_000 * ONE);
        assertEq(usdc.balanceOf(bob), 1_000 * ONE);
        assertEq(shares.totalSupply(id), 0);
        assertEq(usdc.balanceOf(address(hub)), 0);
    }

    function test_refundMany_blockedHolderNeverBlocksOthers() public {
        BlocklistToken busd = _allowBlocklistToken();
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.token = address(busd);
        uint256 id = _create(cfg);
        address[] memory holders = new address[](2);
        holders[0] = alice;
        holders[1] = bob;
        for (uint256 i = 0; i < 2; ++i) {
            busd.mint(holders[i], 1_000 * ONE);
            vm.startPrank(holders[i]);
            busd.approve(address(hub), type(uint256).max);
            hub.invest(id, 1_000 * ONE);
            vm.stopPrank();
        }
        _finalize(id);
        busd.setBlocked(alice, true);

        vm.expectEmit(address(hub));
        emit IEncoreHub.RefundSkipped(id, alice, 1_000 * ONE);
        uint256 refunded = hub.refundMany(id, holders);
        assertEq(refunded, 1_000 * ONE);
        assertEq(busd.balanceOf(bob), 1_000 * ONE);
        assertEq(shares.balanceOf(alice, id), 1_000 * ONE, "skipped holder keeps shares");

        busd.setBlocked(alice, false);
        vm.prank(alice);
        hub.refund(id);
        assertEq(busd.balanceOf(alice), 1_000 * ONE);
    }

    function test_RevertWhen_RefundManyBatchTooLarge() public {
        uint256 id = _failedCampaign();
        address[] memory holders = new address[](201);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_BatchTooLarge.selector, 201, 200));
        hub.refundMany(id, holders);
    }
    // ------------------------------------------------------------------------------------------------ release

    function test_releaseFunds_atOnceWithoutVesting() public {
        uint256 id = _activeCampaign();
        uint256 net = 10_000 * ONE - _fee(10_000 * ONE, FEE_BPS);
        assertEq(hub.releasable(id), net);
        assertEq(hub.releaseFunds(id), net);
        assertEq(usdc.balanceOf(artist), net);
        assertEq(hub.unreleased(id), 0);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingToRelease.selector, id));
        hub.releaseFunds(id);
    }

    function test_releaseFunds_vestsLinearly() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.vestingDuration = 100 days;
        uint256 id = _activeCampaign(cfg);
        uint256 net = 10_000 * ONE - _fee(10_000 * ONE, FEE_BPS);

        assertEq(hub.releasable(id), 0);
        vm.warp(block.timestamp + 25 days);
        assertEq(hub.releaseFunds(id), net / 4);
        vm.warp(block.timestamp + 50 days);
        assertEq(hub.releaseFunds(id), net / 2);
        vm.warp(block.timestamp + 500 days);
        assertEq(hub.releaseFunds(id), net - net / 4 - net / 2);
        assertEq(usdc.balanceOf(artist), net);
        assertEq(hub.campaign(id).released, net);
    }

    function test_RevertWhen_ReleaseOnFailedCampaign() public {
        uint256 id = _failedCampaign();
        vm.expectRevert(
            abi.encodeWithSelector(IEncoreHub.EncoreHub_NotSucceeded.selector, id, IEncoreHub.State.Failed)
        );
        hub.releaseFunds(id);
        assertEq(hub.releasable(id), 0);
        assertEq(hub.unreleased(id), 0);
    }

    function test_releaseFunds_defersPaymentRefusedByToken() public {
        BlocklistToken busd = _allowBlocklistToken();
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.token = address(busd);
        uint256 id = _create(cfg);
        busd.mint(alice, 10_000 * ONE);
        vm.startPrank(alice);
        busd.approve(address(hub), type(uint256).max);
        hub.invest(id, 10_000 * ONE);
        vm.stopPrank();
        _finalize(id);
        busd.setBlocked(artist, true);

        uint256 net = 10_000 * ONE - _fee(10_000 * ONE, FEE_BPS);
        assertEq(hub.releaseFunds(id), net);
        assertEq(hub.deferred(artist, address(busd)), net);
        assertEq(hub.unreleased(id), 0);
    }
    // ------------------------------------------------------------------------------------------------ bond

    function test_withdrawBond_afterFailure() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = 1_000 * ONE;
        uint256 id = _create(cfg);
        _finalize(id);
        vm.expectEmit(address(hub));
        emit IEncoreHub.BondWithdrawn(id, artist, cfg.bond);
        hub.withdrawBond(id);
        assertEq(usdc.balanceOf(artist), cfg.bond);
        assertEq(hub.campaign(id).bond, 0);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NoBond.selector, id));
        hub.withdrawBond(id);
    }

    function test_RevertWhen_WithdrawBondDuringFunding() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = 1_000 * ONE;
        uint256 id = _create(cfg);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_BondLocked.selector, id, type(uint256).max));
        hub.withdrawBond(id);
    }

    function test_withdrawBond_lockedUntilShareEndPlusLock() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = 1_000 * ONE;
        uint256 id = _activeCampaign(cfg);
        uint256 unlock = hub.shareEnd(id) + hub.BOND_LOCK_AFTER_SHARE_END();
        assertEq(hub.bondUnlockTime(id), unlock);
        vm.warp(unlock - 1);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_BondLocked.selector, id, unlock));
        hub.withdrawBond(id);
        vm.warp(unlock);
        hub.withdrawBond(id);
        assertEq(usdc.balanceOf(artist), cfg.bond);
    }

    function test_withdrawBond_onceThePayoutCapIsReached() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = 1_000 * ONE;
        cfg.payoutCap = 2_000 * ONE;
        uint256 id = _activeCampaign(cfg);
        _deposit(id, 2_000 * ONE);
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Ended));
        assertEq(hub.bondUnlockTime(id), 0);
        hub.withdrawBond(id);
        assertEq(usdc.balanceOf(artist), cfg.bond);
    }

    function test_RevertWhen_OracleHoldsTheBond() public {
        MockRevenueOracle oracle = _setOracle();
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = 1_000 * ONE;
        uint256 id = _create(cfg);
        _finalize(id);
        oracle.setBondLocked(id, true);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_BondLockedByOracle.selector, id));
        hub.withdrawBond(id);
    }
}
