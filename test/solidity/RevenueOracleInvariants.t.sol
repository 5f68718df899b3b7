// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StdInvariant} from "forge-std/StdInvariant.sol";

import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";
import {EncoreHub} from "../../contracts/EncoreHub.sol";
import {RevenueOracle} from "../../contracts/RevenueOracle.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";

import {Base} from "./Base.t.sol";
import {OracleHandler} from "../solidity-support/handlers/OracleHandler.sol";

/// @dev The handler, declared in this test root so that its artifact is emitted with the test's (the invariant runner
/// only targets contracts it can match to an artifact of the test compilation).
contract OracleHandlerTarget is OracleHandler {
    constructor(
        EncoreHub hub_,
        MockStablecoin usdc_,
        RevenueOracle oracle_,
        address owner_,
        address treasury_
    ) OracleHandler(hub_, usdc_, oracle_, owner_, treasury_) {}
}

/// @dev The oracle the handler drives (deployed here: its bytecode would push the handler's initcode over the
/// EIP-3860 limit): operators with keys `KEY_BASE + i`, threshold 2, one guardian, 1-day window, 3-day grace, 10 % fine.
abstract contract OracleSetup is Base {
    uint256 private constant KEY_BASE = 0xB0B0;

    function _newHandler() internal returns (OracleHandler) {
        address[] memory ops = new address[](4);
        for (uint256 i = 0; i < ops.length; ++i) {
            ops[i] = vm.addr(KEY_BASE + i);
        }
        address[] memory guardians = new address[](1);
        guardians[0] = makeAddr("oracle.guardian");
        RevenueOracle oracle = new RevenueOracle(owner, hub, ops, 2, guardians, 1 days, 3 days, 1_000);
        return new OracleHandlerTarget(hub, usdc, oracle, owner, treasury);
    }
}

/// @notice Invariants of `RevenueOracle` wired to the hub, under random sequences of reserve, report, dispute,
/// settlement, debt, enforcement, repayment, claim and transfer actions (see `OracleHandler`).
contract RevenueOracleInvariants is OracleSetup {
    OracleHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = _newHandler();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](20);
        selectors[0] = OracleHandler.fundReserve.selector;
        selectors[1] = OracleHandler.fundReserve.selector;
        selectors[2] = OracleHandler.withdrawReserve.selector;
        selectors[3] = OracleHandler.approveAllowance.selector;
        selectors[4] = OracleHandler.submitReport.selector;
        selectors[5] = OracleHandler.submitReport.selector;
        selectors[6] = OracleHandler.submitReport.selector;
        selectors[7] = OracleHandler.dispute.selector;
        selectors[8] = OracleHandler.replayDisputed.selector;
        selectors[9] = OracleHandler.settle.selector;
        selectors[10] = OracleHandler.settle.selector;
        selectors[11] = OracleHandler.payDue.selector;
        selectors[12] = OracleHandler.enforce.selector;
        selectors[13] = OracleHandler.enforce.selector;
        selectors[14] = OracleHandler.setPenalty.selector;
        selectors[15] = OracleHandler.warp.selector;
        selectors[16] = OracleHandler.claim.selector;
        selectors[17] = OracleHandler.transferShares.selector;
        selectors[18] = OracleHandler.createCampaign.selector;
        selectors[19] = OracleHandler.withdrawReserve.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev Every action matched the handler's exact model (settle split, debt, fine, bond advance, repayment,
    /// refused withdrawals and replays, suspension checks).
    function invariant_actionsMatchModel() public view {
        assertEq(handler.violations(), 0, vm.toString(handler.lastViolation()));
    }

    /// @dev (a) Holders receive only through settled reports: per campaign, paidToHolders == Σ credited during oracle
    /// calls <= Σ amounts due of settled reports + Σ fines; submit and dispute never pay (checked per call).
    function invariant_holdersPaidOnlyThroughSettledReports() public view {
        uint256[] memory ids = handler.ids();
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 id = ids[i];
            uint256 paid = hub.campaign(id).paidToHolders;
            assertEq(paid, handler.ghostCredited(id), "credited outside oracle calls");
            assertEq(
                paid,
                handler.ghostSettledPaid(id) + handler.ghostDebtPaid(id) + handler.ghostFromBond(id),
                "credits split"
            );
            assertLe(paid, handler.ghostSettledDue(id) + handler.ghostFines(id), "paid above settled + fines");
        }
    }

    /// @dev (b) The oracle holds exactly Σ artists' reserves, and no reserve's free part exceeds its balance.
    function invariant_oracleBalanceEqualsReserves() public view {
        address[] memory artists = handler.artists();
        uint256 total;
        for (uint256 i = 0; i < artists.length; ++i) {
            (uint256 balance, uint256 committed, uint256 free) = handler.oracle().reserveOf(artists[i], address(usdc));
            assertLe(free, balance, "free above balance");
            assertEq(free, balance > committed ? balance - committed : 0, "free");
            total += balance;
        }
        assertEq(usdc.balanceOf(address(handler.oracle())), total, "oracle balance != reserves");
    }

    /// @dev (c) An artist is suspended exactly while it has enforced, unpaid reports.
    function invariant_suspendedIffEnforcedUnpaid() public view {
        address[] memory artists = handler.artists();
        for (uint256 i = 0; i < artists.length; ++i) {
            uint256 open = handler.ghostEnforcedUnpaid(artists[i]);
            assertEq(handler.oracle().isSuspended(artists[i]), open > 0, "suspension");
            assertEq(handler.oracle().sanctions(artists[i]), open, "sanctions count");
        }
    }

    /// @dev (d) The hub holds exactly what it owes: unreleased funds, unclaimed revenue and bonds of the oracle's
    /// campaigns (plus deferred payments); campaigns created during the run hold nothing.
    function invariant_hubBalanceCoversLiabilities() public view {
        uint256[] memory ids = handler.ids();
        address[] memory holders = handler.holders();
        uint256 owed;
        for (uint256 i = 0; i < ids.length; ++i) {
            IEncoreHub.CampaignView memory v = hub.campaign(ids[i]);
            uint256 unclaimed = v.paidToHolders - handler.ghostClaimed(ids[i]);
            uint256 claimable;
            for (uint256 j = 0; j < holders.length; ++j) {
                claimable += hub.claimable(ids[i], holders[j]);
            }
            assertLe(claimable, unclaimed, "claimable above unclaimed");
            owed += hub.unreleased(ids[i]) + unclaimed + v.bond;
        }
        address[] memory artists = handler.artists();
        for (uint256 i = 0; i < artists.length; ++i) {
            owed += hub.deferred(artists[i], address(usdc));
        }
        owed += hub.deferred(treasury, address(usdc));
        assertEq(usdc.balanceOf(address(hub)), owed, "hub balance != liabilities");
    }
}

/// @notice Seeded random walks as long as an invariant run reach every handler action.
contract OracleHandlerCoverageTest is OracleSetup {
    uint256 private constant WALKS = 12;
    uint256 private constant STEPS = 64;

    function test_handler_randomWalksReachEveryAction() public {
        uint256[17] memory totals;
        string[17] memory actions = [
            "fundReserve",
            "withdrawReserve",
            "withdrawReserve.refused",
            "approveAllowance",
            "submitReport",
            "dispute",
            "replayDisputed",
            "settle",
            "payDue.debt",
            "payDue.enforced",
            "enforce",
            "setPenalty",
            "warp",
            "claim",
            "transferShares",
            "createCampaign",
            "createCampaign.suspended"
        ];
        for (uint256 w = 0; w < WALKS; ++w) {
            setUp();
            OracleHandler handler = _newHandler();
            for (uint256 i = 0; i < STEPS; ++i) {
                _step(handler, uint256(keccak256(abi.encode("oracle.walk", w, i))));
            }
            for (uint256 k = 0; k < actions.length; ++k) {
                totals[k] += handler.calls(k);
            }
            assertEq(handler.violations(), 0, vm.toString(handler.lastViolation()));
        }
        for (uint256 k = 0; k < actions.length; ++k) {
            assertGt(totals[k], 0, actions[k]);
        }
    }

    /// @dev One handler call, with the weights of the invariant selector list.
    function _step(OracleHandler handler, uint256 r) private {
        uint256 a = r >> 8;
        uint256 b = uint256(keccak256(abi.encode(r)));
        uint256 action = r % 20;
        if (action <= 1) handler.fundReserve(a, b);
        else if (action == 2 || action == 19) handler.withdrawReserve(a, b, b % 3 == 0);
        else if (action == 3) handler.approveAllowance(a, b, a ^ b);
        else if (action <= 6) handler.submitReport(a, b, a >> 7, b >> 7);
        else if (action == 7) handler.dispute(a);
        else if (action == 8) handler.replayDisputed(a);
        else if (action <= 10) handler.settle(a);
        else if (action == 11) handler.payDue(a, b % 2 == 0);
        else if (action <= 13) handler.enforce(a);
        else if (action == 14) handler.setPenalty(a);
        else if (action == 15) handler.warp(a);
        else if (action == 16) handler.claim(a, b);
        else if (action == 17) handler.transferShares(a, b, a >> 3, b >> 3);
        else handler.createCampaign(a);
    }
}
