// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1155Errors, IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {EncoreHub} from "../../contracts/EncoreHub.sol";
import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";
import {BlocklistToken} from "../../contracts/mocks/BlocklistToken.sol";
import {FeeOnTransferToken} from "../../contracts/mocks/FeeOnTransferToken.sol";
import {MockComplianceRegistry} from "../../contracts/mocks/MockComplianceRegistry.sol";
import {ReentrantReceiver} from "../../contracts/mocks/ReentrantReceiver.sol";

import {Base} from "./Base.t.sol";

/// @notice Unit tests of investing (plain, for a beneficiary, with a permit; every limit) and of finalization.
/// Creation: `EncoreHubConfig.t.sol`; refunds, releases and bonds: `EncoreHubFunds.t.sol`; revenue:
/// `EncoreHubRevenue.t.sol`.
contract EncoreHubTest is Base {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    // ------------------------------------------------------------------------------------------------ invest

    function test_invest_mintsSharesOneToOne() public {
        uint256 id = _create(_config());
        _fund(alice, 250 * ONE);
        vm.expectEmit(address(hub));
        emit IEncoreHub.Invested(id, alice, alice, 250 * ONE, 250 * ONE);
        vm.prank(alice);
        hub.invest(id, 250 * ONE);
        _invest(id, alice, 50 * ONE);

        assertEq(shares.balanceOf(alice, id), 300 * ONE);
        assertEq(shares.totalSupply(id), 300 * ONE);
        assertEq(hub.campaign(id).raised, 300 * ONE);
        assertEq(usdc.balanceOf(address(hub)), 300 * ONE);
        assertEq(usdc.balanceOf(alice), 0);
    }

    function test_investFor_payerPaysBeneficiaryGetsShares() public {
        uint256 id = _create(_config());
        _fund(label, 100 * ONE);
        vm.expectEmit(address(hub));
        emit IEncoreHub.Invested(id, bob, label, 100 * ONE, 100 * ONE);
        vm.prank(label);
        hub.investFor(id, bob, 100 * ONE);
        assertEq(shares.balanceOf(bob, id), 100 * ONE);
        assertEq(shares.balanceOf(label, id), 0);
        assertEq(usdc.balanceOf(label), 0);
    }

    function test_investWithPermit_investsInOneTransaction() public {
        uint256 id = _create(_config());
        uint256 amount = 500 * ONE;
        usdc.mint(alice, amount);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(alice, aliceKey, amount, deadline);
        vm.prank(alice);
        hub.investWithPermit(id, amount, deadline, v, r, s);
        assertEq(shares.balanceOf(alice, id), amount);
        assertEq(usdc.allowance(alice, address(hub)), 0);
    }

    function test_investWithPermit_frontRunPermitStillInvests() public {
        uint256 id = _create(_config());
        uint256 amount = 500 * ONE;
        usdc.mint(alice, amount);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(alice, aliceKey, amount, deadline);
        // Someone replays the permit first: the nonce is spent, the allowance is set.
        usdc.permit(alice, address(hub), amount, deadline, v, r, s);
        vm.prank(alice);
        hub.investWithPermit(id, amount, deadline, v, r, s);
        assertEq(shares.balanceOf(alice, id), amount);
    }

    function test_RevertWhen_InvestWithPermitSignedByAnotherKey() public {
        uint256 id = _create(_config());
        uint256 amount = 500 * ONE;
        usdc.mint(alice, amount);
        uint256 deadline = block.timestamp + 1 hours;
        (, uint256 otherKey) = makeAddrAndKey("mallory");
        (uint8 v, bytes32 r, bytes32 s) = _permit(alice, otherKey, amount, deadline);
        // The bad permit is ignored; without an allowance the transfer itself fails.
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(hub), 0, amount)
        );
        vm.prank(alice);
        hub.investWithPermit(id, amount, deadline, v, r, s);
    }

    function test_RevertWhen_InvestAfterDeadline() public {
        uint256 id = _create(_config());
        uint256 deadline = hub.campaign(id).fundingDeadline;
        vm.warp(deadline);
        _fund(alice, 100 * ONE);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_FundingClosed.selector, id, deadline));
        vm.prank(alice);
        hub.invest(id, 100 * ONE);
    }

    function test_RevertWhen_InvestBelowMinimum() public {
        uint256 id = _create(_config());
        _fund(alice, 100 * ONE);
        vm.expectRevert(
            abi.encodeWithSelector(IEncoreHub.EncoreHub_BelowMinInvestment.selector, id, 10 * ONE - 1, 10 * ONE)
        );
        vm.prank(alice);
        hub.invest(id, 10 * ONE - 1);
    }

    function test_RevertWhen_InvestPastHardCap() public {
        uint256 id = _create(_config());
        _invest(id, alice, 49_990 * ONE);
        _fund(bob, 11 * ONE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEncoreHub.EncoreHub_HardCapExceeded.selector,
                id,
                49_990 * ONE,
                11 * ONE,
                50_000 * ONE
            )
        );
        vm.prank(bob);
        hub.invest(id, 11 * ONE);
    }

    function test_RevertWhen_InvestAboveMaxPerInvestorOverTwoInvestments() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.maxPerInvestor = 1_000 * ONE;
        uint256 id = _create(cfg);
        _invest(id, alice, 600 * ONE);
        _fund(alice, 401 * ONE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEncoreHub.EncoreHub_MaxPerInvestorExceeded.selector,
                id,
                alice,
                1_001 * ONE,
                1_000 * ONE
            )
        );
        vm.prank(alice);
        hub.invest(id, 401 * ONE);
    }

    function test_RevertWhen_InvestZero() public {
        uint256 id = _create(_config());
        vm.expectRevert(IEncoreHub.EncoreHub_ZeroAmount.selector);
        vm.prank(alice);
        hub.invest(id, 0);
    }

    function test_RevertWhen_InvestWhilePaused() public {
        uint256 id = _create(_config());
        vm.prank(owner);
        hub.setInvestmentPaused(true);
        _fund(alice, 100 * ONE);
        vm.expectRevert(IEncoreHub.EncoreHub_InvestmentPaused.selector);
        vm.prank(alice);
        hub.invest(id, 100 * ONE);
    }

    function test_RevertWhen_InvestForZeroBeneficiary() public {
        uint256 id = _create(_config());
        vm.expectRevert(IEncoreHub.EncoreHub_ZeroBeneficiary.selector);
        vm.prank(alice);
        hub.investFor(id, address(0), 100 * ONE);
    }

    function test_RevertWhen_InvestInUnknownCampaign() public {
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_UnknownCampaign.selector, 7));
        vm.prank(alice);
        hub.invest(7, 100 * ONE);
    }

    function test_RevertWhen_InvestAfterFinalize() public {
        uint256 id = _activeCampaign();
        _fund(dave, 100 * ONE);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotFunding.selector, id, IEncoreHub.State.Active));
        vm.prank(dave);
        hub.invest(id, 100 * ONE);
    }

    function test_RevertWhen_InvestWithFeeOnTransferToken() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        vm.prank(owner);
        hub.setSettlementToken(address(fot), true);
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.token = address(fot);
        uint256 id = _create(cfg);
        fot.mint(alice, 100 * ONE);
        vm.startPrank(alice);
        fot.approve(address(hub), 100 * ONE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEncoreHub.EncoreHub_TransferAmountMismatch.selector,
                address(fot),
                100 * ONE,
                99 * ONE
            )
        );
        hub.invest(id, 100 * ONE);
        vm.stopPrank();
    }

    function test_RevertWhen_ComplianceRefusesBeneficiary() public {
        MockComplianceRegistry registry = new MockComplianceRegistry();
        registry.setDenied(bob, true);
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.compliance = address(registry);
        uint256 id = _create(cfg);
        _invest(id, alice, 100 * ONE);
        assertEq(registry.investmentChecks(), 1);
        assertEq(registry.lastCaller(), address(shares));

        // The payer is fine, the beneficiary is refused.
        _fund(alice, 100 * ONE);
        vm.expectRevert(abi.encodeWithSelector(MockComplianceRegistry.MockCompliance_Refused.selector, id, bob));
        vm.prank(alice);
        hub.investFor(id, bob, 100 * ONE);
    }

    function test_RevertWhen_BeneficiaryRefusesShares() public {
        uint256 id = _create(_config());
        ReentrantReceiver receiver = new ReentrantReceiver();
        receiver.setAccept(false);
        _fund(alice, 100 * ONE);
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InvalidReceiver.selector, address(receiver)));
        vm.prank(alice);
        hub.investFor(id, address(receiver), 100 * ONE);
        assertEq(shares.totalSupply(id), 0);
    }

    function test_RevertWhen_ReceiverReentersOnMint() public {
        uint256 id = _create(_config());
        ReentrantReceiver receiver = new ReentrantReceiver();
        receiver.setCall(address(hub), abi.encodeCall(EncoreHub.finalize, (id)));
        _fund(alice, 100 * ONE);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(alice);
        hub.investFor(id, address(receiver), 100 * ONE);
    }
    // ------------------------------------------------------------------------------------------------ finalize

    function test_finalize_successActivatesAndPaysFee() public {
        uint256 id = _create(_config());
        _invest(id, alice, 8_000 * ONE);
        _invest(id, bob, 4_000 * ONE);
        uint256 fee = _fee(12_000 * ONE, FEE_BPS);
        vm.warp(hub.campaign(id).fundingDeadline);
        vm.expectEmit(address(hub));
        emit IEncoreHub.Finalized(id, true, 12_000 * ONE, fee);
        hub.finalize(id);

        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Active));
        assertEq(usdc.balanceOf(treasury), fee);
        assertEq(hub.campaign(id).activatedAt, block.timestamp);
        assertEq(hub.unreleased(id), 12_000 * ONE - fee);
        assertTrue(shares.transfersEnabled(id));
    }

    function test_finalize_failsBelowGoal() public {
        uint256 id = _failedCampaign();
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Failed));
        assertEq(usdc.balanceOf(treasury), 0);
        assertEq(usdc.balanceOf(address(hub)), 3_000 * ONE);
        assertFalse(shares.transfersEnabled(id));
        assertEq(hub.bondUnlockTime(id), 0);
    }

    function test_finalize_earlyOnceHardCapReached() public {
        uint256 id = _create(_tightConfig(100, 100));
        _invest(id, alice, 100);
        hub.finalize(id);
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Active));
    }

    function test_RevertWhen_FinalizeBeforeDeadline() public {
        uint256 id = _create(_config());
        _invest(id, alice, 20_000 * ONE);
        uint256 deadline = hub.campaign(id).fundingDeadline;
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_FundingOngoing.selector, id, deadline));
        hub.finalize(id);
    }

    function test_RevertWhen_FinalizeTwice() public {
        uint256 id = _failedCampaign();
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotFunding.selector, id, IEncoreHub.State.Failed));
        hub.finalize(id);
    }

    function test_finalize_defersFeeRefusedByToken() public {
        BlocklistToken busd = _allowBlocklistToken();
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.token = address(busd);
        uint256 id = _create(cfg);
        busd.mint(alice, 10_000 * ONE);
        vm.prank(alice);
        busd.approve(address(hub), type(uint256).max);
        vm.prank(alice);
        hub.invest(id, 10_000 * ONE);
        busd.setBlocked(treasury, true);

        _finalize(id);
        uint256 fee = _fee(10_000 * ONE, FEE_BPS);
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Active));
        assertEq(hub.deferred(treasury, address(busd)), fee);

        busd.setBlocked(treasury, false);
        vm.prank(treasury);
        hub.withdrawDeferred(address(busd));
        assertEq(busd.balanceOf(treasury), fee);
        assertEq(hub.deferred(treasury, address(busd)), 0);
    }

    function test_RevertWhen_WithdrawDeferredWithNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NothingOwed.selector, treasury, address(usdc)));
        vm.prank(treasury);
        hub.withdrawDeferred(address(usdc));
    }
    // ------------------------------------------------------------------------------------------------ helpers

    function _permit(
        address holder,
        uint256 key,
        uint256 amount,
        uint256 deadline
    ) private view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, holder, address(hub), amount, usdc.nonces(holder), deadline)
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", usdc.DOMAIN_SEPARATOR(), structHash));
        (v, r, s) = vm.sign(key, digest);
    }
}
