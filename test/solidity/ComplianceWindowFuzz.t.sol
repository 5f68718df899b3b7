// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ComplianceRegistry} from "../../contracts/ComplianceRegistry.sol";
import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";

import {Base} from "./Base.t.sol";

/// @notice Property (fuzz) tests of the compliance registry's rolling 12-month window: random sequences of time jumps
/// and investments by one investor across campaigns (through the hub), checked after every step against a reference
/// model kept here: the limit is never exceeded over any 365-day window, an investment is refused exactly when the
/// total of the current and 13 previous 30-day periods (whole units, rounded up) would exceed the limit, and
/// `investedLast12Months` equals that total.
contract ComplianceWindowFuzzTest is Base {
    bytes2 private constant BR = "BR";
    uint256 private constant PERIOD = 30 days;
    uint256 private constant PERIODS = 14;
    uint256 private constant MAX_STEPS = 24;

    /// @dev An accepted investment of the reference model: block time and whole units.
    struct Entry {
        uint256 time;
        uint256 units;
    }

    ComplianceRegistry private registry;
    address private investor;

    function setUp() public override {
        super.setUp();
        address attester = makeAddr("attester");
        investor = makeAddr("investor");
        registry = new ComplianceRegistry(owner, hub, ONE);
        vm.prank(owner);
        registry.setAttester(attester, true);
        vm.prank(attester);
        registry.attest(investor, BR, false, uint64(block.timestamp + 200 * 365 days));
    }

    /// @dev Random 12-month limit (1 to 10,000 units) and 1 to 24 random steps.
    function testFuzz_windowMatchesReference(uint256 seed, uint8 steps, uint16 limitSeed) public {
        uint256 limit = bound(limitSeed, 1, 10_000);
        _setLimit(limit);
        _run(seed, bound(steps, 1, MAX_STEPS), limit);
    }

    /// @dev The largest limit the registry accepts (2**32 - 1 units): periods filled to 32 bits never spill into
    /// their neighbours.
    function testFuzz_windowAtLargestLimit(uint256 seed, uint8 steps) public {
        _setLimit(type(uint32).max);
        _run(seed, bound(steps, 1, MAX_STEPS), type(uint32).max);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    function _setLimit(uint256 limit) private {
        vm.prank(owner);
        registry.setCountryRule(
            BR,
            ComplianceRegistry.CountryRule({
                allowed: true,
                accreditationRequired: false,
                accreditedUnlimited: false,
                lockup: 0,
                maxPerCampaign: 0,
                maxPer12Months: uint64(limit)
            })
        );
    }

    function _run(uint256 seed, uint256 steps, uint256 limit) private {
        Entry[] memory accepted = new Entry[](steps);
        uint256 count;
        uint256 id;
        uint256 deadline;
        for (uint256 s = 0; s < steps; ++s) {
            uint256 r = uint256(keccak256(abi.encode(seed, s)));
            vm.warp(block.timestamp + _jump(r));
            if (block.timestamp >= deadline) {
                IEncoreHub.CampaignConfig memory cfg = _tightConfig(type(uint80).max, type(uint80).max);
                cfg.compliance = address(registry);
                id = _create(cfg);
                deadline = cfg.fundingDeadline;
            }
            uint256 amount = _amount(r >> 128, limit);
            uint256 units = (amount + ONE - 1) / ONE;
            uint256 total = _windowTotal(accepted, count, block.timestamp) + units;

            if (_investAndCheck(id, amount, total, limit)) accepted[count++] = Entry(block.timestamp, units);
            assertEq(
                registry.investedLast12Months(investor),
                _windowTotal(accepted, count, block.timestamp),
                "investedLast12Months differs from the reference"
            );
            _assertNo365DayWindowAbove(accepted, count, limit);
        }
    }

    /// @dev The investor invests `amount` in campaign `id`; the registry must accept it exactly when the window
    /// `total` (with it) is within `limit`, and otherwise refuse it with the 12-month error naming `total`.
    function _investAndCheck(uint256 id, uint256 amount, uint256 total, uint256 limit) private returns (bool ok) {
        _fund(investor, amount);
        vm.prank(investor);
        bytes memory data;
        try hub.invest(id, amount) {
            ok = true;
        } catch (bytes memory reason) {
            data = reason;
        }
        if (total <= limit) {
            assertTrue(ok, "refused within the 14-period limit");
        } else {
            assertFalse(ok, "accepted above the 14-period limit");
            bytes memory expected = abi.encodeWithSelector(
                ComplianceRegistry.Compliance_MaxPer12MonthsExceeded.selector,
                investor,
                BR,
                total,
                limit
            );
            assertEq(data, expected, "wrong refusal");
        }
    }

    /// @dev A time jump: none, small, about a period, around the window's edge, or to a period boundary (or the
    /// second before it).
    function _jump(uint256 r) private view returns (uint256) {
        uint256 kind = r % 5;
        uint256 x = r >> 8;
        if (kind == 0) return 0;
        if (kind == 1) return _bound(x, 1, 1 days);
        if (kind == 2) return _bound(x, 1, 45 days);
        if (kind == 3) return _bound(x, 300 days, 430 days);
        uint256 toBoundary = (block.timestamp / PERIOD + 1) * PERIOD - block.timestamp;
        return toBoundary - (x % 2);
    }

    /// @dev An amount in token base units: under one unit, whole units, anything up to the limit, or small shares of
    /// it (so several fit in one window).
    function _amount(uint256 r, uint256 limit) private pure returns (uint256) {
        uint256 kind = r % 4;
        uint256 x = r >> 8;
        if (kind == 0) return _bound(x, 1, ONE);
        if (kind == 1) return _bound(x, 1, limit + 1) * ONE;
        if (kind == 2) return _bound(x, 1, limit * ONE + ONE);
        return _bound(x, 1, (limit / 4 + 1) * ONE);
    }

    /// @dev Reference: units accepted in the period of `time` and the 13 before it.
    function _windowTotal(Entry[] memory accepted, uint256 count, uint256 time) private pure returns (uint256 total) {
        uint256 current = time / PERIOD;
        for (uint256 i = 0; i < count; ++i) {
            if (accepted[i].time / PERIOD + PERIODS > current) total += accepted[i].units;
        }
    }

    /// @dev Every 365-day window (both ends included) holds at most `limit` units; the heaviest windows start at an
    /// accepted investment, so checking those is enough.
    function _assertNo365DayWindowAbove(Entry[] memory accepted, uint256 count, uint256 limit) private pure {
        for (uint256 i = 0; i < count; ++i) {
            uint256 sum;
            for (uint256 j = 0; j < count; ++j) {
                if (accepted[j].time >= accepted[i].time && accepted[j].time <= accepted[i].time + 365 days) {
                    sum += accepted[j].units;
                }
            }
            assertLe(sum, limit, "more than the limit within 365 days");
        }
    }
}
