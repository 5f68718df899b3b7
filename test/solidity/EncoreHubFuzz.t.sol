// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";

import {Base} from "./Base.t.sol";

/// @notice Property (fuzz) tests of the hub: exact refunds, pro-rata revenue, the payout-cap split, linear vesting,
/// and the accumulator at extreme magnitudes (supply 1 and supply near `MAX_HARD_CAP`, revenue near
/// `MAX_REVENUE_TO_HOLDERS`).
contract EncoreHubFuzzTest is Base {
    uint256 private constant MAX_INVESTORS = 24;

    // ------------------------------------------------------------------------------------------------ refunds

    /// @dev Many investors, random amounts, some investing twice or through a payer: every refund (pulled or pushed)
    /// pays exactly what the burned shares cost, and the escrow ends empty.
    function testFuzz_refundReturnsExactCost(uint256 seed, uint8 count) public {
        uint256 n = bound(count, 1, MAX_INVESTORS);
        uint256 id = _create(_tightConfig(type(uint80).max, type(uint80).max));
        uint256[] memory paid = new uint256[](n);
        uint256 raised;
        for (uint256 i = 0; i < n; ++i) {
            uint256 amount = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1e15);
            address investor = _investor(i);
            if (i % 3 == 2) {
                _fund(label, amount);
                vm.prank(label);
                hub.investFor(id, investor, amount);
            } else {
                _invest(id, investor, amount);
            }
            if (i % 4 == 1) {
                _invest(id, investor, amount / 2 + 1);
                amount += amount / 2 + 1;
            }
            paid[i] = amount;
            raised += amount;
        }
        _finalize(id);
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Failed));
        assertEq(usdc.balanceOf(address(hub)), raised);

        // Odd investors pull; the keeper pushes the others in one batch (which also skips the already refunded).
        address[] memory batch = new address[](n);
        for (uint256 i = 0; i < n; ++i) {
            batch[i] = _investor(i);
            if (i % 2 == 1) {
                vm.prank(_investor(i));
                hub.refund(id);
            }
        }
        hub.refundMany(id, batch);
        for (uint256 i = 0; i < n; ++i) {
            assertEq(usdc.balanceOf(_investor(i)), paid[i], "refund differs from cost");
            assertEq(shares.balanceOf(_investor(i), id), 0);
        }
        assertEq(shares.totalSupply(id), 0);
        assertEq(usdc.balanceOf(address(hub)), 0);
    }

    // ------------------------------------------------------------------------------------------------ revenue

    /// @dev Pro rata: after one deposit, each holder's claimable is `amount * balance / supply` rounded down, short
    /// of it by less than one unit plus `balance / 2**64` (the accumulator's rounding, carried as remainder).
    function testFuzz_proRataShareIsBalanceOverSupply(uint88 a, uint88 b, uint96 revenue) public {
        uint256 maxCap = hub.MAX_HARD_CAP();
        uint256 aliceShares = bound(a, 1, maxCap - 1);
        uint256 bobShares = bound(b, 1, maxCap - aliceShares);
        uint256 supply = aliceShares + bobShares;
        uint256 amount = bound(revenue, 1, hub.MAX_REVENUE_TO_HOLDERS());
        uint256 id = _create(_tightConfig(supply, supply));
        _invest(id, alice, aliceShares);
        _invest(id, bob, bobShares);
        hub.finalize(id);
        _deposit(id, amount);

        _assertProRata(id, alice, aliceShares, supply, amount);
        _assertProRata(id, bob, bobShares, supply, amount);
        _assertAccounting(id, 0, 2);
    }

    /// @dev Random holders, deposits, transfers and claims: Σ claimed + Σ claimable never exceeds Σ deposited, the
    /// exact magnified identity holds after every step, and claims pay exactly what was claimable.
    function testFuzz_claimableNeverExceedsDeposited(uint256 seed, uint8 holderCount, uint8 steps) public {
        uint256 n = bound(holderCount, 1, 6);
        uint256 id = _campaignOfRandomHolders(seed, n);
        uint256 claimed;
        uint256 rounds = bound(steps, 1, 12);
        for (uint256 s = 0; s < rounds; ++s) {
            claimed += _randomStep(id, uint256(keccak256(abi.encode(seed, "s", s))), n);
            _assertAccounting(id, claimed, n);
        }
    }

    /// @dev Random cap and deposits: each deposit splits exactly into holders' part and artist's part, the holders
    /// never receive more than the cap, and the campaign ends when the cap is reached.
    function testFuzz_payoutCapSplitNeverExceedsCap(uint96 cap, uint96 d1, uint96 d2, uint96 d3) public {
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.payoutCap = bound(cap, 0, 1e15);
        uint256 id = _activeCampaign(cfg);
        uint256 limit = cfg.payoutCap == 0 ? hub.MAX_REVENUE_TO_HOLDERS() : cfg.payoutCap;
        uint96[3] memory deposits = [d1, d2, d3];
        for (uint256 i = 0; i < 3; ++i) {
            uint256 amount = bound(deposits[i], 1, 2e15);
            if (hub.state(id) != IEncoreHub.State.Active) {
                _fund(label, amount);
                vm.expectRevert(
                    abi.encodeWithSelector(IEncoreHub.EncoreHub_NotActive.selector, id, IEncoreHub.State.Ended)
                );
                vm.prank(label);
                hub.depositRevenue(id, amount);
                continue;
            }
            uint256 paidBefore = hub.campaign(id).paidToHolders;
            uint256 artistBefore = usdc.balanceOf(artist);
            _deposit(id, amount);
            uint256 toHolders = hub.campaign(id).paidToHolders - paidBefore;
            uint256 toArtist = usdc.balanceOf(artist) - artistBefore;
            assertEq(toHolders + toArtist, amount, "split loses or makes money");
            assertEq(toHolders, amount < limit - paidBefore ? amount : limit - paidBefore, "holders not filled first");
            assertLe(hub.campaign(id).paidToHolders, limit, "payout cap exceeded");
        }
        bool capReached = hub.campaign(id).paidToHolders == limit;
        assertEq(hub.state(id) == IEncoreHub.State.Ended, capReached);
        _assertAccountingOf3(id);
    }

    // ------------------------------------------------------------------------------------------------ vesting

    /// @dev Release at random times: the released total follows `(raised - fee) * elapsed / vesting` exactly, never
    /// exceeds raised - fee, and reaches it once vesting is over.
    function testFuzz_vestingReleaseIsLinear(
        uint88 raisedSeed,
        uint64 vestingSeed,
        uint16 feeSeed,
        uint32 t1,
        uint32 t2
    ) public {
        uint16 fee = uint16(bound(feeSeed, 0, hub.MAX_FEE_BPS()));
        vm.prank(owner);
        hub.setFeeBps(fee);
        uint256 raised = bound(raisedSeed, 1, hub.MAX_HARD_CAP());
        IEncoreHub.CampaignConfig memory cfg = _tightConfig(raised, raised);
        cfg.vestingDuration = uint64(bound(vestingSeed, 1, hub.MAX_VESTING_DURATION()));
        uint256 id = _create(cfg);
        _invest(id, alice, raised);
        hub.finalize(id);
        uint256 start = block.timestamp;
        uint256 net = raised - _fee(raised, fee);
        assertEq(usdc.balanceOf(treasury), _fee(raised, fee));

        uint32[2] memory waits = [t1, t2];
        for (uint256 i = 0; i < 2; ++i) {
            vm.warp(block.timestamp + bound(waits[i], 0, cfg.vestingDuration));
            uint256 elapsed = block.timestamp - start;
            uint256 vested = elapsed >= cfg.vestingDuration ? net : (net * elapsed) / cfg.vestingDuration;
            assertEq(hub.releasable(id) + hub.campaign(id).released, vested, "not linear");
            if (hub.releasable(id) != 0) hub.releaseFunds(id);
            assertEq(usdc.balanceOf(artist), vested);
            assertLe(hub.campaign(id).released, net);
            assertEq(hub.unreleased(id), net - vested);
        }
        if (block.timestamp < start + cfg.vestingDuration) vm.warp(start + cfg.vestingDuration);
        if (hub.releasable(id) != 0) hub.releaseFunds(id);
        assertEq(usdc.balanceOf(artist), net);
        assertEq(hub.unreleased(id), 0);
        assertEq(usdc.balanceOf(address(hub)), 0);
    }

    // ------------------------------------------------------------------------------------------------ extremes

    /// @dev Supply 1 with revenue near `MAX_REVENUE_TO_HOLDERS`: no overflow, the single share earns everything, and
    /// after it is sold the buyer earns only the rest.
    function testFuzz_depositAtExtremes_supplyOne(uint256 first) public {
        uint256 max = hub.MAX_REVENUE_TO_HOLDERS();
        uint256 id = _create(_tightConfig(1, 1));
        _invest(id, alice, 1);
        hub.finalize(id);
        uint256 amount = bound(first, max - 2 ** 64, max - 1);
        _deposit(id, amount);
        assertEq(hub.claimable(id, alice), amount);
        assertEq(hub.revenueRemainder(id), 0);

        _transfer(alice, bob, id, 1);
        assertEq(hub.claimable(id, alice), amount);
        assertEq(hub.claimable(id, bob), 0);
        _deposit(id, max - amount + 7); // 7 over the limit go to the artist
        assertEq(hub.claimable(id, bob), max - amount);
        assertEq(usdc.balanceOf(artist), 7);
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Ended));
        assertEq(_claim(id, alice), amount);
        assertEq(_claim(id, bob), max - amount);
        assertEq(usdc.balanceOf(address(hub)), hub.unreleased(id)); // only the raised unit is left
    }

    /// @dev Supply near `MAX_HARD_CAP` split between two holders, two deposits reaching `MAX_REVENUE_TO_HOLDERS`, a
    /// transfer in between: no overflow, no over-payment, exact accounting.
    function testFuzz_depositAtExtremes_maxSupply(uint256 supplySeed, uint256 split, uint256 d1, uint256 moved) public {
        uint256 max = hub.MAX_REVENUE_TO_HOLDERS();
        uint256 supply = bound(supplySeed, hub.MAX_HARD_CAP() - 2 ** 40, hub.MAX_HARD_CAP());
        uint256 aliceShares = bound(split, 1, supply - 1);
        uint256 id = _create(_tightConfig(supply, supply));
        _invest(id, alice, aliceShares);
        _invest(id, bob, supply - aliceShares);
        hub.finalize(id);

        uint256 first = bound(d1, max - 2 ** 80, max - 1);
        _deposit(id, first);
        _assertProRata(id, alice, aliceShares, supply, first);
        _assertAccounting(id, 0, 2);
        _transfer(alice, bob, id, bound(moved, 0, aliceShares));
        _deposit(id, max - first);
        assertEq(hub.campaign(id).paidToHolders, max);
        assertEq(uint8(hub.state(id)), uint8(IEncoreHub.State.Ended));
        _assertAccounting(id, 0, 2);

        uint256 claimed = _claim(id, alice);
        if (hub.claimable(id, bob) != 0) claimed += _claim(id, bob);
        _assertAccounting(id, claimed, 2);
        assertEq(usdc.balanceOf(address(hub)), max - claimed + hub.unreleased(id));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /// @dev A successful campaign held by `_investor(0..n)` with random balances (supply = raised).
    function _campaignOfRandomHolders(uint256 seed, uint256 n) private returns (uint256 id) {
        uint256 supply;
        uint256[] memory balances = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            balances[i] = bound(uint256(keccak256(abi.encode(seed, "b", i))), 1, 1e18);
            supply += balances[i];
        }
        id = _create(_tightConfig(supply, supply));
        for (uint256 i = 0; i < n; ++i) {
            _invest(id, _investor(i), balances[i]);
        }
        hub.finalize(id);
    }

    /// @dev One random deposit, claim (checked to pay exactly the claimable) or transfer; returns what was claimed.
    function _randomStep(uint256 id, uint256 r, uint256 n) private returns (uint256 claimed) {
        address who = _investor(r % n);
        if (r % 3 == 0) {
            _deposit(id, bound(r >> 8, 1, r % 2 == 0 ? 1e3 : 1e15));
        } else if (r % 3 == 1) {
            uint256 expected = hub.claimable(id, who);
            if (expected != 0) {
                claimed = _claim(id, who);
                assertEq(claimed, expected);
                assertEq(hub.claimable(id, who), 0);
            }
        } else {
            _transfer(who, _investor((r >> 16) % n), id, bound(r >> 32, 0, shares.balanceOf(who, id)));
        }
    }

    function _assertProRata(uint256 id, address who, uint256 balance, uint256 supply, uint256 amount) private view {
        uint256 exact = (amount * balance) / supply;
        uint256 got = hub.claimable(id, who);
        assertLe(got, exact, "over-paid");
        assertGe(got + 1 + balance / MAGNITUDE, exact, "pro-rata share lost");
    }

    /// @dev Exact identity over the fuzzed investors `_investor(0..n)` plus alice and bob, and the token-unit bound:
    /// the gap is the accounts' sub-unit fractions (< 1 unit each) plus the carried remainder (< supply / 2**64).
    function _assertAccounting(uint256 id, uint256 claimed, uint256 n) private view {
        uint256 accrued = shares.accruedMagnified(id, alice) + shares.accruedMagnified(id, bob);
        uint256 claimable = hub.claimable(id, alice) + hub.claimable(id, bob);
        for (uint256 i = 0; i < n; ++i) {
            accrued += shares.accruedMagnified(id, _investor(i));
            claimable += hub.claimable(id, _investor(i));
        }
        uint256 paid = hub.campaign(id).paidToHolders;
        uint256 remainder = hub.revenueRemainder(id);
        assertEq(paid * MAGNITUDE, claimed * MAGNITUDE + accrued + remainder, "magnified identity");
        assertLt(remainder, shares.totalSupply(id), "remainder not below supply");
        assertLe(claimed + claimable, paid, "claimable exceeds deposited");
        assertLe(paid - claimed - claimable, n + 2 + shares.totalSupply(id) / MAGNITUDE, "more than rounding lost");
    }

    function _assertAccountingOf3(uint256 id) private view {
        uint256 accrued = shares.accruedMagnified(id, alice) +
            shares.accruedMagnified(id, bob) +
            shares.accruedMagnified(id, carol);
        assertEq(hub.campaign(id).paidToHolders * MAGNITUDE, accrued + hub.revenueRemainder(id));
    }
}
