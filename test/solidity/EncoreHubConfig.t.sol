// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";
import {BlocklistToken} from "../../contracts/mocks/BlocklistToken.sol";
import {FeeOnTransferToken} from "../../contracts/mocks/FeeOnTransferToken.sol";
import {MockComplianceRegistry} from "../../contracts/mocks/MockComplianceRegistry.sol";
import {MockRevenueOracle} from "../../contracts/mocks/MockRevenueOracle.sol";

import {Base} from "./Base.t.sol";

/// @notice Unit tests of campaign creation (every configuration rule names its field) and of the owner's settings.
contract EncoreHubConfigTest is Base {
    // ------------------------------------------------------------------------------------------------ create

    function test_createCampaign_storesConfigAndCopiesFee() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.maxPerInvestor = 20_000 * ONE;
        cfg.payoutCap = 30_000 * ONE;
        cfg.vestingDuration = 90 days;
        uint256 id = _create(cfg);

        assertEq(id, 1);
        assertEq(hub.campaignCount(), 1);
        IEncoreHub.CampaignView memory v = hub.campaign(id);
        assertEq(v.artist, artist);
        assertEq(v.token, address(usdc));
        assertEq(v.treasury, treasury);
        assertEq(v.feeBps, FEE_BPS);
        assertEq(v.goal, cfg.goal);
        assertEq(v.hardCap, cfg.hardCap);
        assertEq(v.minInvestment, cfg.minInvestment);
        assertEq(v.maxPerInvestor, cfg.maxPerInvestor);
        assertEq(v.payoutCap, cfg.payoutCap);
        assertEq(v.fundingDeadline, cfg.fundingDeadline);
        assertEq(v.shareDuration, cfg.shareDuration);
        assertEq(v.vestingDuration, cfg.vestingDuration);
        assertEq(v.revenueShareBps, cfg.revenueShareBps);
        assertEq(v.termsHash, cfg.termsHash);
        assertEq(uint8(v.state), uint8(IEncoreHub.State.Funding));
        assertEq(hub.bondUnlockTime(id), type(uint256).max);
    }

    function test_createCampaign_pullsBond() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = 5_000 * ONE;
        uint256 id = _create(cfg);
        assertEq(hub.campaign(id).bond, cfg.bond);
        assertEq(usdc.balanceOf(address(hub)), cfg.bond);
        assertEq(usdc.balanceOf(artist), 0);
    }

    function test_createCampaign_laterFeeChangeDoesNotTouchExisting() public {
        uint256 first = _create(_config());
        vm.prank(owner);
        hub.setFeeBps(1_000);
        uint256 second = _create(_config());
        assertEq(hub.campaign(first).feeBps, FEE_BPS);
        assertEq(hub.campaign(second).feeBps, 1_000);
    }

    function test_createCampaign_setsCompliance() public {
        MockComplianceRegistry registry = new MockComplianceRegistry();
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.compliance = address(registry);
        uint256 id = _create(cfg);
        assertEq(shares.complianceOf(id), address(registry));
        assertEq(hub.campaign(id).compliance, address(registry));
    }

    function test_RevertWhen_CreateWithTokenNotAllowed() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.token = address(new BlocklistToken());
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_TokenNotAllowed.selector, cfg.token));
        vm.prank(artist);
        hub.createCampaign(cfg);
    }

    function test_RevertWhen_CreateWithZeroGoal() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.goal = 0;
        _expectInvalid(cfg, IEncoreHub.ConfigField.goal);
    }

    function test_RevertWhen_CreateWithHardCapBelowGoal() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.hardCap = cfg.goal - 1;
        _expectInvalid(cfg, IEncoreHub.ConfigField.hardCap);
    }

    function test_RevertWhen_CreateWithHardCapAboveMax() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.hardCap = hub.MAX_HARD_CAP() + 1;
        _expectInvalid(cfg, IEncoreHub.ConfigField.hardCap);
    }

    function test_RevertWhen_CreateWithDeadlineNotInFuture() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.fundingDeadline = uint64(block.timestamp);
        _expectInvalid(cfg, IEncoreHub.ConfigField.fundingDeadline);
    }

    function test_RevertWhen_CreateWithDeadlineBeyondOneYear() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.fundingDeadline = uint64(block.timestamp + 365 days + 1);
        _expectInvalid(cfg, IEncoreHub.ConfigField.fundingDeadline);
    }

    function test_RevertWhen_CreateWithMinInvestmentAboveHardCap() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.minInvestment = cfg.hardCap + 1;
        _expectInvalid(cfg, IEncoreHub.ConfigField.minInvestment);
    }

    function test_RevertWhen_CreateWithMaxPerInvestorBelowMin() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.maxPerInvestor = cfg.minInvestment - 1;
        _expectInvalid(cfg, IEncoreHub.ConfigField.maxPerInvestor);
    }

    function test_RevertWhen_CreateWithMaxPerInvestorAboveHardCap() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.maxPerInvestor = cfg.hardCap + 1;
        _expectInvalid(cfg, IEncoreHub.ConfigField.maxPerInvestor);
    }

    function test_RevertWhen_CreateWithRevenueShareOutOfRange() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.revenueShareBps = 0;
        _expectInvalid(cfg, IEncoreHub.ConfigField.revenueShareBps);
        cfg.revenueShareBps = 10_001;
        _expectInvalid(cfg, IEncoreHub.ConfigField.revenueShareBps);
    }

    function test_RevertWhen_CreateWithPayoutCapAboveMax() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.payoutCap = hub.MAX_REVENUE_TO_HOLDERS() + 1;
        _expectInvalid(cfg, IEncoreHub.ConfigField.payoutCap);
    }

    function test_RevertWhen_CreateWithShareDurationOutOfRange() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.shareDuration = 0;
        _expectInvalid(cfg, IEncoreHub.ConfigField.shareDuration);
        cfg.shareDuration = uint64(hub.MAX_SHARE_DURATION() + 1);
        _expectInvalid(cfg, IEncoreHub.ConfigField.shareDuration);
    }

    function test_RevertWhen_CreateWithVestingTooLong() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.vestingDuration = uint64(hub.MAX_VESTING_DURATION() + 1);
        _expectInvalid(cfg, IEncoreHub.ConfigField.vestingDuration);
    }

    function test_RevertWhen_CreateWithBondAboveMax() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = hub.MAX_BOND() + 1;
        _expectInvalid(cfg, IEncoreHub.ConfigField.bond);
    }

    function test_RevertWhen_CreateWithoutTermsHash() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.termsHash = bytes32(0);
        _expectInvalid(cfg, IEncoreHub.ConfigField.termsHash);
    }

    function test_RevertWhen_CreateWithBadMetadataURI() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.metadataURI = "";
        _expectInvalid(cfg, IEncoreHub.ConfigField.metadataURI);
        cfg.metadataURI = string(new bytes(513));
        _expectInvalid(cfg, IEncoreHub.ConfigField.metadataURI);
    }

    function test_RevertWhen_CreateWithComplianceNotAContract() public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.compliance = makeAddr("not a registry");
        _expectInvalid(cfg, IEncoreHub.ConfigField.compliance);
    }

    function test_RevertWhen_CreateWhilePaused() public {
        vm.prank(owner);
        hub.setCampaignCreationPaused(true);
        IEncoreHub.CampaignConfig memory cfg = _config();
        vm.expectRevert(IEncoreHub.EncoreHub_CampaignCreationPaused.selector);
        vm.prank(artist);
        hub.createCampaign(cfg);
    }

    function test_RevertWhen_SuspendedArtistCreates() public {
        MockRevenueOracle oracle = _setOracle();
        oracle.setSuspended(artist, true);
        IEncoreHub.CampaignConfig memory cfg = _config();
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_ArtistSuspended.selector, artist));
        vm.prank(artist);
        hub.createCampaign(cfg);
    }

    function test_RevertWhen_BondTokenTakesAFee() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        vm.prank(owner);
        hub.setSettlementToken(address(fot), true);
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.token = address(fot);
        cfg.bond = 1_000 * ONE;
        fot.mint(artist, cfg.bond);
        vm.startPrank(artist);
        fot.approve(address(hub), cfg.bond);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEncoreHub.EncoreHub_TransferAmountMismatch.selector,
                address(fot),
                cfg.bond,
                cfg.bond - cfg.bond / 100
            )
        );
        hub.createCampaign(cfg);
        vm.stopPrank();
    }
    // ------------------------------------------------------------------------------------------------ owner

    function test_RevertWhen_NonOwnerChangesSettings() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        hub.setFeeBps(100);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        hub.setTreasury(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        hub.setSettlementToken(address(usdc), false);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        hub.setInvestmentPaused(true);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        hub.setCampaignCreationPaused(true);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        hub.setRevenueOracle(address(usdc));
        vm.stopPrank();
    }

    function test_RevertWhen_FeeAboveMaximum() public {
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_FeeTooHigh.selector, 1_001, 1_000));
        vm.prank(owner);
        hub.setFeeBps(1_001);
    }

    function test_RevertWhen_ZeroTreasuryOrNonContractToken() public {
        vm.startPrank(owner);
        vm.expectRevert(IEncoreHub.EncoreHub_ZeroAddress.selector);
        hub.setTreasury(address(0));
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_NotAContract.selector, alice));
        hub.setSettlementToken(alice, true);
        vm.stopPrank();
    }

    function test_RevertWhen_RevenueOracleSetTwice() public {
        MockRevenueOracle oracle = _setOracle();
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_RevenueOracleAlreadySet.selector, address(oracle)));
        vm.prank(owner);
        hub.setRevenueOracle(address(usdc));
    }

    function test_pausingInvestmentsNeverBlocksRefundsOrFinalize() public {
        uint256 id = _create(_config());
        _invest(id, alice, 1_000 * ONE);
        vm.prank(owner);
        hub.setInvestmentPaused(true);
        _finalize(id);
        vm.prank(alice);
        hub.refund(id);
        assertEq(usdc.balanceOf(alice), 1_000 * ONE);
    }
    // ------------------------------------------------------------------------------------------------ helpers

    function _expectInvalid(IEncoreHub.CampaignConfig memory cfg, IEncoreHub.ConfigField field) private {
        vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_InvalidConfig.selector, field));
        vm.prank(artist);
        hub.createCampaign(cfg);
    }
}
