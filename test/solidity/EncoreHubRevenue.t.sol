// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";
import {BlocklistToken} from "../../contracts/mocks/BlocklistToken.sol";
import {MockRevenueOracle} from "../../contracts/mocks/MockRevenueOracle.sol";

import {Base} from "./Base.t.sol";

/// @notice Unit tests of revenue: deposits, the payout cap, remainders, claims, and the oracle's settlement and
/// slashing entries.
contract EncoreHubRevenueTest is Base {
    // ------------------------------------------------------------------------------------------------ deposit

    function test_depositRevenue_creditsHoldersProRata() public {
        uint256 id = _activeCampaign();
        _fund(label, 1_000 * ONE);
        vm.expectEmit(address(hub));
        emit IEncoreHub.RevenueDeposited(id, label, 1_000 * ONE, 1_000 * ONE, 0);
        vm.prank(label);
        hub.depositRevenue(id, 1_000 * ONE);

        // 60 / 30 / 10 %, each within one unit (the sub-unit rest stays with the account or is carried).
        _assertClaimable(id, alice, 600 * ONE);
        _assertClaimable(id, bob, 300 * ONE);
        _assertClaimable(id, carol, 100 * ONE);
        assertEq(hub.campaign(id).paidToHolders, 1_000 * ONE);
        _assertExactAccounting(id, 0);
    }

    function test_depositRevenue_carriesRemainderToNextDeposit() public {
        // Three holders of one unit each; revenue arrives one unit at a time.
        uint256 id = _create(_tightConfig(3, 3));
        _invest(id, alice, 1);
        _invest(id, bob, 1);
        _invest(id, carol, 1);
        hub.finalize(id);

        _deposit(id, 1);
        assertEq(hub.revenueRemainder(id), 1);
        assertEq(hub.claimable(id, alice), 0);
        _deposit(id, 1);
        assertEq(hub.revenueRemainder(id), 2);
        assertEq(hub.claimable(id, alice), 0);
        _assertExactAccounting(id, 0);
        _deposit(id, 1);
        assertEq(hub.revenueRemainder(id), 0);
        assertEq(hub.claimable(id, alice), 1);
        assertEq(hub.claimable(id, bob), 1);
        assertEq(hub.claimable(id, carol), 1);
        assertEq(shares.accruedMagnified(id, alice), MAGNITUDE);
    }

    function test_depositRevenue_largeSupplyCarriesWholeUnitsAsRemainder() public {
        // With a supply above 2**64 units, a deposit can be too small to move the accumulator at all: it is carried
        // whole (here 2**24 - 1 units, nobody can claim yet) and paid out with the next deposit, never lost.
        uint256 supply = hub.MAX_HARD_CAP();
        uint256 id = _create(_tightConfig(supply, supply));
        _invest(id, alice, supply);
        hub.finalize(id);
        _deposit(id, 2 ** 24 - 1);
        assertEq(shares.revenuePerShare(id), 0);
        assertEq(hub.revenueRemainder(id), (2 ** 24 - 1) * MAGNITUDE);
        assertEq(hub.claimable(id, alice), 0);

        _deposit(id, 1);
        assertEq(shares.revenuePerShare(id), 1);
        assertEq(hub.revenueRemainder(id), 1);
        assertEq(hub.claimable(id, alice), 2 ** 24 - 1);
        assertEq(hub.campaign(id).paidToHolders * MAGNITUDE, shares.accruedMagnified(id, alice) + 1);
    }

    function test_depositRevenue_excessOverPayoutCapGoesToArtist() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.payoutCap = 1_500 * ONE;
        uint256 id = _activeCampaign(cfg);
        _deposit(id, 1_000 * ONE);

        _fund(label, 800 * ONE);
        vm.expectEmit(address(hub));
        emit IEncoreHub.RevenueDeposited(id, label, 800 * ONE, 500 * ONE, 300 * ONE);
        vm.prank(label);
        hub.depositRevenue(id, 800 * ONE);
        assertEq(usdc.balanceOf(artist), 300 * ONE);
        assertEq(hub.campaign(id).paidToHolders, cfg.payoutCap);
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Ended));
        _assertClaimable(id, alice, 900 * ONE);
    }

    function test_RevertWhen_DepositAfterPayoutCapReached() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.payoutCap = 100 * ONE;
        uint256 id = _activeCampaign(cfg);
        _deposit(id, 100 * ONE);
        _fund(label, ONE);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotActive.selector, id, IEncoreHub.State.Ended));
        vm.prank(label);
        hub.depositRevenue(id, ONE);
    }

    function test_RevertWhen_DepositAfterShareWindow() public {
        uint256 id = _activeCampaign();
        vm.warp(hub.shareEnd(id));
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Ended));
        _fund(label, ONE);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotActive.selector, id, IEncoreHub.State.Ended));
        vm.prank(label);
        hub.depositRevenue(id, ONE);
    }

    function test_RevertWhen_DepositWhileFundingOrFailed() public {
        uint256 id = _create(_config());
        _invest(id, alice, 100 * ONE);
        _fund(label, ONE);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotActive.selector, id, IEncoreHub.State.Funding));
        vm.prank(label);
        hub.depositRevenue(id, ONE);

        _finalize(id);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotActive.selector, id, IEncoreHub.State.Failed));
        vm.prank(label);
        hub.depositRevenue(id, ONE);
    }

    function test_RevertWhen_DepositZero() public {
        uint256 id = _activeCampaign();
        vm.expectRevert(IEncoreHub.EncoreHub_ZeroAmount.selector);
        vm.prank(label);
        hub.depositRevenue(id, 0);
    }

    function test_depositRevenue_defersArtistExcessRefusedByToken() public {
        BlocklistToken busd = _allowBlocklistToken();
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.token = address(busd);
        cfg.payoutCap = 100 * ONE;
        uint256 id = _create(cfg);
        busd.mint(alice, 10_000 * ONE);
        vm.startPrank(alice);
        busd.approve(address(hub), type(uint256).max);
        hub.invest(id, 10_000 * ONE);
        vm.stopPrank();
        _finalize(id);

        busd.setBlocked(artist, true);
        busd.mint(label, 150 * ONE);
        vm.startPrank(label);
        busd.approve(address(hub), 150 * ONE);
        hub.depositRevenue(id, 150 * ONE);
        vm.stopPrank();
        assertEq(hub.deferred(artist, address(busd)), 50 * ONE);
        _assertClaimable(id, alice, 100 * ONE);
    }

    function test_depositRevenue_costIsIndependentOfHolderCount() public {
        uint256 few = _create(_tightConfig(1_000 * ONE, 1_000 * ONE));
        uint256 many = _create(_tightConfig(1_000 * ONE, 1_000 * ONE));
        _invest(few, alice, 1_000 * ONE);
        for (uint256 i = 0; i < 100; ++i) {
            _invest(many, _investor(i), 10 * ONE);
        }
        hub.finalize(few);
        hub.finalize(many);
        _deposit(few, 7 * ONE);
        _deposit(many, 7 * ONE);

        uint256 gasFew = _measureDeposit(few, 3 * ONE);
        uint256 gasMany = _measureDeposit(many, 3 * ONE);
        // O(1): the same steps whatever the holder count (the benchmark target is a ratio <= 1.01).
        assertApproxEqAbs(gasMany, gasFew, 10, "deposit gas depends on the number of holders");
    }

    // ------------------------------------------------------------------------------------------------ claim

    function test_claim_paysAccruedRevenue() public {
        uint256 id = _activeCampaign();
        _deposit(id, 1_000 * ONE);
        uint256 expected = hub.claimable(id, bob);
        vm.expectEmit(address(hub));
        emit IEncoreHub.Claimed(id, bob, expected);
        assertEq(_claim(id, bob), expected);
        assertEq(usdc.balanceOf(bob), expected);
        assertEq(hub.claimable(id, bob), 0);
        _assertExactAccounting(id, expected);
    }

    function test_claim_secondClaimPaysOnlyNewRevenue() public {
        uint256 id = _activeCampaign();
        _deposit(id, 1_000 * ONE);
        uint256 first = _claim(id, alice);
        _deposit(id, 500 * ONE);
        uint256 second = _claim(id, alice);
        assertApproxEqAbs(first + second, 900 * ONE, 1);
        assertLe(first + second, 900 * ONE);
        assertApproxEqAbs(second, 300 * ONE, 1);
    }

    function test_RevertWhen_ClaimNothing() public {
        uint256 id = _activeCampaign();
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingToClaim.selector, id, alice));
        vm.prank(alice);
        hub.claim(id);

        _deposit(id, 1_000 * ONE);
        _claim(id, alice);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingToClaim.selector, id, alice));
        vm.prank(alice);
        hub.claim(id);
    }

    function test_RevertWhen_NonHolderClaims() public {
        uint256 id = _activeCampaign();
        _deposit(id, 1_000 * ONE);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingToClaim.selector, id, dave));
        vm.prank(dave);
        hub.claim(id);
    }

    function test_claim_staysOpenAfterEnded() public {
        uint256 id = _activeCampaign();
        _deposit(id, 1_000 * ONE);
        vm.warp(hub.shareEnd(id) + 10 * 365 days);
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Ended));
        uint256 expected = hub.claimable(id, carol);
        assertGt(expected, 0);
        assertEq(_claim(id, carol), expected);
    }

    function test_claimMany_paysEveryCampaignAndSkipsEmptyIds() public {
        uint256 first = _activeCampaign();
        uint256 second = _activeCampaign();
        _deposit(first, 1_000 * ONE);
        _deposit(second, 2_000 * ONE);
        uint256 expected = hub.claimable(first, alice) + hub.claimable(second, alice);

        uint256[] memory ids = new uint256[](4);
        ids[0] = first;
        ids[1] = 99; // unknown: nothing to claim, skipped
        ids[2] = second;
        ids[3] = first; // duplicate: already claimed, skipped
        vm.prank(alice);
        assertEq(hub.claimMany(ids), expected);
        assertEq(usdc.balanceOf(alice), expected);
        assertEq(hub.claimable(first, alice), 0);
        assertEq(hub.claimable(second, alice), 0);
    }

    function test_RevertWhen_ClaimManyFindsNothing() public {
        uint256 id = _activeCampaign();
        uint256[] memory ids = new uint256[](1);
        ids[0] = id;
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingToClaim.selector, 0, alice));
        vm.prank(alice);
        hub.claimMany(ids);
    }

    function test_RevertWhen_ClaimManyBatchTooLarge() public {
        uint256[] memory ids = new uint256[](201);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_BatchTooLarge.selector, 201, 200));
        vm.prank(alice);
        hub.claimMany(ids);
    }

    // ------------------------------------------------------------------------------------------------ oracle

    function test_depositSettlement_worksAfterShareWindow() public {
        MockRevenueOracle oracle = _setOracle();
        uint256 id = _activeCampaign();
        vm.warp(hub.shareEnd(id) + 1);
        usdc.mint(address(oracle), 1_000 * ONE);
        oracle.settle(usdc, id, 1_000 * ONE);
        assertEq(hub.campaign(id).paidToHolders, 1_000 * ONE);
        _assertClaimable(id, alice, 600 * ONE);
    }

    function test_RevertWhen_NonOracleSettlesOrSlashes() public {
        _setOracle();
        uint256 id = _activeCampaign();
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotRevenueOracle.selector, alice));
        hub.depositSettlement(id, ONE);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotRevenueOracle.selector, alice));
        hub.slashBond(id, ONE);
        vm.stopPrank();
    }

    function test_slashBond_creditsHoldersWithinBondAndCap() public {
        MockRevenueOracle oracle = _setOracle();
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = 1_000 * ONE;
        cfg.payoutCap = 1_200 * ONE;
        uint256 id = _activeCampaign(cfg);
        _deposit(id, 500 * ONE);

        assertEq(oracle.slash(id, 400 * ONE), 400 * ONE);
        assertEq(hub.campaign(id).bond, 600 * ONE);
        // Only 300 of room left under the payout cap.
        assertEq(oracle.slash(id, 10_000 * ONE), 300 * ONE);
        assertEq(hub.campaign(id).bond, 300 * ONE);
        assertEq(hub.campaign(id).paidToHolders, cfg.payoutCap);
        assertEq(oracle.slash(id, 1), 0);
        _assertClaimable(id, alice, 720 * ONE);
        _assertExactAccounting(id, 0);
    }

    function test_RevertWhen_SlashFailedCampaign() public {
        MockRevenueOracle oracle = _setOracle();
        uint256 id = _failedCampaign();
        vm.expectRevert(
            abi.encodeWithSelector(IEncoreHub.EncoreHub_NotSucceeded.selector, id, IEncoreHub.State.Failed)
        );
        oracle.slash(id, ONE);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /// @dev `claimable` is the pro-rata amount rounded down, at most one unit below it.
    function _assertClaimable(uint256 id, address who, uint256 proRata) private view {
        uint256 got = hub.claimable(id, who);
        assertLe(got, proRata, "over-paid");
        assertGe(got + 1, proRata, "more than one unit lost");
    }

    /// @dev paidToHolders * 2**64 == claimed * 2**64 + Σ accruedMagnified + remainder, over alice, bob and carol.
    function _assertExactAccounting(uint256 id, uint256 claimed) private view {
        uint256 accrued = shares.accruedMagnified(id, alice) +
            shares.accruedMagnified(id, bob) +
            shares.accruedMagnified(id, carol);
        assertEq(hub.campaign(id).paidToHolders * MAGNITUDE, claimed * MAGNITUDE + accrued + hub.revenueRemainder(id));
    }

    function _measureDeposit(uint256 id, uint256 amount) private returns (uint256 used) {
        _fund(label, amount);
        vm.prank(label);
        used = gasleft();
        hub.depositRevenue(id, amount);
        used -= gasleft();
    }
}
