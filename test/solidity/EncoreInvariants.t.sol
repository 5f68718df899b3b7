// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StdInvariant} from "forge-std/StdInvariant.sol";

import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";

import {Base} from "./Base.t.sol";
import {HubHandler} from "../solidity-support/handlers/HubHandler.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {EncoreHub} from "../../contracts/EncoreHub.sol";

/// @dev The handler declared in this test file: contracts defined only under `test/solidity-support/` get no test
/// artifact, and the invariant runner needs one to find the handler's functions.
contract HubHandlerTarget is HubHandler {
    constructor(
        EncoreHub hub_,
        MockStablecoin usdc_,
        address owner_,
        address treasury_
    ) HubHandler(hub_, usdc_, owner_, treasury_) {}
}

/// @notice Invariants of the hub and its shares under random sequences of every user action (see `HubHandler`).
contract EncoreInvariants is Base {
    HubHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new HubHandlerTarget(hub, usdc, owner, treasury);
        targetContract(address(handler));
        // Repeated selectors weigh the actions everything else depends on (same table as the coverage test).
        bytes4[] memory selectors = new bytes4[](26);
        selectors[0] = HubHandler.createCampaign.selector;
        selectors[1] = HubHandler.invest.selector;
        selectors[2] = HubHandler.invest.selector;
        selectors[3] = HubHandler.invest.selector;
        selectors[4] = HubHandler.investFor.selector;
        selectors[5] = HubHandler.finalize.selector;
        selectors[6] = HubHandler.finalize.selector;
        selectors[7] = HubHandler.refund.selector;
        selectors[8] = HubHandler.refund.selector;
        selectors[9] = HubHandler.refundMany.selector;
        selectors[10] = HubHandler.releaseFunds.selector;
        selectors[11] = HubHandler.withdrawBond.selector;
        selectors[12] = HubHandler.withdrawDeferred.selector;
        selectors[13] = HubHandler.transfer.selector;
        selectors[14] = HubHandler.transfer.selector;
        selectors[15] = HubHandler.safeBatchTransfer.selector;
        selectors[16] = HubHandler.depositRevenue.selector;
        selectors[17] = HubHandler.depositRevenue.selector;
        selectors[18] = HubHandler.settle.selector;
        selectors[19] = HubHandler.slashBond.selector;
        selectors[20] = HubHandler.claim.selector;
        selectors[21] = HubHandler.claim.selector;
        selectors[22] = HubHandler.claimMany.selector;
        selectors[23] = HubHandler.warp.selector;
        selectors[24] = HubHandler.toggleBlocked.selector;
        selectors[25] = HubHandler.toggleDenied.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 128
    /// @dev Per campaign: Σ deposited to holders * 2**64 == Σ claimed * 2**64 + Σ accruedMagnified + remainder, the
    /// remainder below the supply, and in token units Σ claimed + Σ claimable <= Σ deposited, short of it by less
    /// than one unit per account plus the carried remainder (< supply / 2**64 units).
    function invariant_depositsEqualClaimsPlusClaimablePlusRemainder() public view {
        uint256[] memory ids = handler.ids();
        address[] memory actors = handler.actors();
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 id = ids[i];
            uint256 paid = hub.campaign(id).paidToHolders;
            uint256 claimed = handler.ghostClaimed(id);
            uint256 remainder = hub.revenueRemainder(id);
            uint256 supply = shares.totalSupply(id);
            assertEq(paid, handler.ghostDeposited(id), "paidToHolders differs from the deposits");
            uint256 accrued;
            uint256 claimable;
            for (uint256 j = 0; j < actors.length; ++j) {
                accrued += shares.accruedMagnified(id, actors[j]);
                claimable += hub.claimable(id, actors[j]);
            }
            assertEq(paid * MAGNITUDE, claimed * MAGNITUDE + accrued + remainder, "magnified identity");
            if (supply != 0) assertLt(remainder, supply, "remainder not below supply");
            assertLe(claimed + claimable, paid, "claimable exceeds deposited");
            assertLe(paid - claimed - claimable, actors.length + supply / MAGNITUDE, "more than rounding kept");
        }
    }

    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 128
    /// @dev The hub holds exactly what it owes, per token: escrow of funding campaigns, un-refunded shares of failed
    /// ones, unreleased vesting and unclaimed revenue of succeeded ones, bonds, and deferred payments.
    function invariant_hubBalanceEqualsLiabilities() public view {
        assertEq(usdc.balanceOf(address(hub)), _liabilities(address(usdc)), "usdc");
        assertEq(handler.busd().balanceOf(address(hub)), _liabilities(address(handler.busd())), "busd");
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 128
    /// @dev Every refund paid exactly the burned balance; for failed campaigns Σ refunded + supply == raised.
    function invariant_refundReturnsExactCost() public view {
        assertEq(handler.refundViolations(), 0, "a refund differed from the burned balance");
        uint256[] memory ids = handler.ids();
        for (uint256 i = 0; i < ids.length; ++i) {
            IEncoreHub.CampaignView memory v = hub.campaign(ids[i]);
            if (v.state == IEncoreHub.State.Failed) {
                assertEq(handler.ghostRefunded(ids[i]) + shares.totalSupply(ids[i]), v.raised);
            } else {
                assertEq(handler.ghostRefunded(ids[i]), 0);
            }
        }
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 128
    /// @dev Checked at every transfer by the handler: neither side's accrued revenue changed.
    function invariant_transferNeverMovesAccrual() public view {
        assertEq(handler.transferViolations(), 0, "a transfer moved accrued revenue");
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 128
    /// @dev Nobody can claim more than was deposited: per campaign and per account.
    function invariant_claimableNeverExceedsDeposited() public view {
        assertEq(handler.claimViolations(), 0, "a claim paid other than the claimable");
        uint256[] memory ids = handler.ids();
        address[] memory actors = handler.actors();
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 paid = hub.campaign(ids[i]).paidToHolders;
            uint256 total = handler.ghostClaimed(ids[i]);
            for (uint256 j = 0; j < actors.length; ++j) {
                uint256 own = hub.claimable(ids[i], actors[j]);
                assertLe(own + handler.ghostClaimedBy(ids[i], actors[j]), paid, "account over deposited");
                total += own;
            }
            assertLe(total, paid, "campaign over deposited");
        }
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 128
    /// @dev Shares equal money in: supply == raised while funding and after success; Σ balances == supply always.
    function invariant_shareSupplyEqualsRaised() public view {
        uint256[] memory ids = handler.ids();
        address[] memory actors = handler.actors();
        for (uint256 i = 0; i < ids.length; ++i) {
            IEncoreHub.CampaignView memory v = hub.campaign(ids[i]);
            uint256 supply = shares.totalSupply(ids[i]);
            if (v.state != IEncoreHub.State.Failed) assertEq(supply, v.raised, "supply != raised");
            uint256 sum;
            for (uint256 j = 0; j < actors.length; ++j) {
                sum += shares.balanceOf(actors[j], ids[i]);
            }
            assertEq(sum, supply, "balances != supply");
            assertEq(shares.transfersEnabled(ids[i]), v.state >= IEncoreHub.State.Active, "transferable state");
        }
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 128
    /// @dev Holders never receive more than the payout cap; every deposit split exactly between holders and artist.
    function invariant_payoutCapSplitIsExact() public view {
        assertEq(handler.splitViolations(), 0, "a deposit, settlement, slash or bond return was not exact");
        uint256[] memory ids = handler.ids();
        for (uint256 i = 0; i < ids.length; ++i) {
            IEncoreHub.CampaignView memory v = hub.campaign(ids[i]);
            if (v.payoutCap != 0) assertLe(v.paidToHolders, v.payoutCap, "payout cap exceeded");
            if (v.payoutCap != 0 && v.paidToHolders == v.payoutCap) {
                assertEq(uint8(v.state), uint8(IEncoreHub.State.Ended), "cap reached but not ended");
            }
        }
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 128
    /// @dev Released funds follow the linear schedule and never exceed raised - fee; nothing is released otherwise.
    function invariant_vestingNeverExceedsRaisedMinusFee() public view {
        assertEq(handler.vestingViolations(), 0, "a release or fee did not follow the schedule");
        uint256[] memory ids = handler.ids();
        for (uint256 i = 0; i < ids.length; ++i) {
            IEncoreHub.CampaignView memory v = hub.campaign(ids[i]);
            if (v.state >= IEncoreHub.State.Active) {
                uint256 net = v.raised - _fee(v.raised, v.feeBps);
                assertLe(v.released, net, "released more than raised - fee");
                assertEq(v.released + hub.unreleased(ids[i]), net);
            } else {
                assertEq(v.released, 0);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    function _liabilities(address token) private view returns (uint256 owed) {
        uint256[] memory ids = handler.ids();
        for (uint256 i = 0; i < ids.length; ++i) {
            IEncoreHub.CampaignView memory v = hub.campaign(ids[i]);
            if (v.token != token) continue;
            if (v.state == IEncoreHub.State.Funding) owed += v.raised;
            else if (v.state == IEncoreHub.State.Failed) owed += shares.totalSupply(ids[i]);
            else owed += hub.unreleased(ids[i]) + v.paidToHolders - handler.ghostClaimed(ids[i]);
            owed += v.bond;
        }
        address[] memory artists = handler.artists();
        for (uint256 i = 0; i < artists.length; ++i) {
            owed += hub.deferred(artists[i], token);
        }
        owed += hub.deferred(treasury, token);
    }
}

/// @notice Proves the handler's sequences are meaningful: seeded random walks as long as an invariant run reach
/// every action, so an invariant cannot pass just because the handler returns early.
contract HubHandlerCoverageTest is Base {
    uint256 private constant WALKS = 12;
    uint256 private constant STEPS = 64;

    function test_handler_randomWalksReachEveryAction() public {
        uint256[20] memory totals;
        string[20] memory actions = [
            "createCampaign",
            "invest",
            "investFor",
            "finalize.succeeded",
            "finalize.failed",
            "refund",
            "refundMany",
            "releaseFunds",
            "withdrawBond",
            "withdrawDeferred",
            "transfer",
            "transfer.self",
            "transfer.newHolder",
            "safeBatchTransfer",
            "depositRevenue",
            "settle",
            "slashBond",
            "claim",
            "claimMany",
            "warp"
        ];
        for (uint256 w = 0; w < WALKS; ++w) {
            setUp(); // a fresh hub per walk, as per invariant run
            HubHandler handler = new HubHandlerTarget(hub, usdc, owner, treasury);
            for (uint256 i = 0; i < STEPS; ++i) {
                _step(handler, uint256(keccak256(abi.encode("walk", w, i))));
            }
            for (uint256 k = 0; k < actions.length; ++k) {
                totals[k] += handler.calls(actions[k]);
            }
            assertEq(handler.transferViolations() + handler.claimViolations() + handler.refundViolations(), 0);
            assertEq(handler.splitViolations() + handler.vestingViolations(), 0);
        }
        for (uint256 k = 0; k < actions.length; ++k) {
            assertGt(totals[k], 0, actions[k]);
        }
    }

    /// @dev One handler call, with the weights of the invariant selector list.
    function _step(HubHandler handler, uint256 r) private {
        uint256 a = r >> 8;
        uint256 b = uint256(keccak256(abi.encode(r)));
        uint256 action = r % 26;
        if (action == 0) handler.createCampaign(a);
        else if (action <= 3) handler.invest(a, b, a ^ b);
        else if (action == 4) handler.investFor(a, b, a >> 3, b >> 3);
        else if (action <= 6) handler.finalize(a, b % 2 == 0);
        else if (action <= 8) handler.refund(a, b);
        else if (action == 9) handler.refundMany(a, b);
        else if (action == 10) handler.releaseFunds(a);
        else if (action == 11) handler.withdrawBond(a);
        else if (action == 12) handler.withdrawDeferred(a, b % 2 == 0);
        else if (action <= 14) handler.transfer(a, b, a >> 5, b >> 5);
        else if (action == 15) handler.safeBatchTransfer(a, b, a >> 5, b >> 5, a >> 9, b >> 9);
        else if (action <= 17) handler.depositRevenue(a, b);
        else if (action == 18) handler.settle(a, b);
        else if (action == 19) handler.slashBond(a, b);
        else if (action <= 21) handler.claim(a, b);
        else if (action == 22) handler.claimMany(a, b);
        else if (action == 23) handler.warp(a);
        else if (action == 24) handler.toggleBlocked(a);
        else handler.toggleDenied(a);
    }
}
