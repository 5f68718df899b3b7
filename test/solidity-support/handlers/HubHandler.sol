// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {EncoreHub} from "../../../contracts/EncoreHub.sol";
import {IEncoreHub} from "../../../contracts/interfaces/IEncoreHub.sol";
import {MockStablecoin} from "../../../contracts/mocks/MockStablecoin.sol";

import {HubHandlerBase} from "./HubHandlerBase.sol";

/// @notice Drives the hub through random but meaningful sequences for the invariant tests: six fans, two artists,
/// a label paying revenue, an oracle settling and slashing, and campaigns of different shapes (fee, payout cap,
/// vesting, bond, compliance, a blocklisting token). Inputs are bounded to valid ranges, calls that may still be
/// refused (blocked accounts, compliance) are wrapped in try/catch, and ghost variables record what was paid and
/// every violation seen at the moment it happened.
contract HubHandler is HubHandlerBase {
    constructor(
        EncoreHub hub_,
        MockStablecoin usdc_,
        address owner_,
        address treasury_
    ) HubHandlerBase(hub_, usdc_, owner_, treasury_) {}

    // ------------------------------------------------------------------------------------------------ campaigns

    /// @notice Creates a campaign of random shape (up to `MAX_CAMPAIGNS`), with a random protocol fee.
    function createCampaign(uint256 seed) external {
        if (_ids.length >= MAX_CAMPAIGNS) return;
        IEncoreHub.CampaignConfig memory cfg = _baseConfig(seed % 4 == 0 ? address(busd) : address(usdc));
        cfg.goal = _bound(seed >> 8, 1, 2_000 * ONE);
        cfg.hardCap = _bound(seed >> 48, cfg.goal, cfg.goal * 4);
        cfg.minInvestment = _bound(seed >> 88, 1, _max(1, cfg.goal / 20));
        if ((seed >> 128) % 3 == 0) cfg.maxPerInvestor = _bound(seed >> 130, cfg.minInvestment, cfg.hardCap);
        if ((seed >> 140) % 2 == 0) cfg.payoutCap = _bound(seed >> 142, 1, 5_000 * ONE);
        if ((seed >> 170) % 2 == 0) cfg.vestingDuration = uint64(_bound(seed >> 172, 1, 30 days));
        if ((seed >> 200) % 2 == 0) cfg.bond = _bound(seed >> 202, 1, 500 * ONE);
        if ((seed >> 230) % 4 == 0) cfg.compliance = address(registry);
        cfg.shareDuration = uint64(_bound(seed >> 232, 1 days, 60 days));
        cfg.fundingDeadline = uint64(block.timestamp + _bound(seed >> 240, 1 hours, 20 days));
        _setFee(_bound(seed >> 16, 0, hub.MAX_FEE_BPS()));
        if (_create(_artists[(seed >> 4) % 2], cfg)) ++calls["createCampaign"];
    }

    /// @notice A fan invests in a campaign still taking investments, within its limits.
    function invest(uint256 actorSeed, uint256 idSeed, uint256 amount) external {
        _investFrom(_investor(actorSeed), _investor(actorSeed), idSeed, amount);
    }

    /// @notice A payer (the label or a fan) invests for a beneficiary fan.
    function investFor(uint256 payerSeed, uint256 beneficiarySeed, uint256 idSeed, uint256 amount) external {
        address payer = payerSeed % 3 == 0 ? label : _actor(payerSeed);
        _investFrom(payer, _investor(beneficiarySeed), idSeed, amount);
    }

    /// @notice Finalizes a funding campaign that can be finalized now; otherwise, when `jump`, warps to the deadline
    /// of one (preferring one that reached its goal) and finalizes it.
    function finalize(uint256 idSeed, bool jump) external {
        (uint256 id, bool found) = _pickFinalizable(idSeed, jump);
        if (!found) return;
        IEncoreHub.CampaignView memory v = hub.campaign(id);
        if (block.timestamp < v.fundingDeadline && v.raised < v.hardCap) vm.warp(v.fundingDeadline);
        uint256 treasuryBefore = _received(v.treasury, v.token);
        hub.finalize(id);
        uint256 fee = hub.state(id) == IEncoreHub.State.Failed ? 0 : (v.raised * v.feeBps) / BPS;
        if (_received(v.treasury, v.token) - treasuryBefore != fee) ++vestingViolations;
        ++calls[hub.state(id) == IEncoreHub.State.Failed ? "finalize.failed" : "finalize.succeeded"];
    }

    /// @notice A holder of a failed campaign takes its refund.
    function refund(uint256 actorSeed, uint256 idSeed) external {
        (uint256 id, bool found) = _pick(idSeed, FAILED);
        if (!found) return;
        address actor = _holderOf(actorSeed, id);
        uint256 balance = shares.balanceOf(actor, id);
        if (balance == 0) return;
        IERC20 token = IERC20(hub.campaign(id).token);
        uint256 before = token.balanceOf(actor);
        vm.prank(actor);
        try hub.refund(id) {
            uint256 paid = token.balanceOf(actor) - before;
            if (paid != balance || shares.balanceOf(actor, id) != 0) ++refundViolations;
            ghostRefunded[id] += paid;
            ++calls["refund"];
        } catch {
            ++calls["refund.refused"];
        }
    }

    /// @notice A keeper pushes refunds to a random subset of fans, one of them listed twice (those without shares
    /// are skipped, blocked ones keep theirs).
    function refundMany(uint256 idSeed, uint256 mask) external {
        (uint256 id, bool found) = _pick(idSeed, FAILED);
        if (!found) return;
        IERC20 token = IERC20(hub.campaign(id).token);
        address[] memory holders = new address[](_actors.length + 1);
        uint256 n;
        for (uint256 i = 0; i < _actors.length; ++i) {
            if ((mask >> i) & 1 == 1) holders[n++] = _actors[i];
        }
        if (n == 0) return;
        uint256[] memory balances = new uint256[](n);
        uint256[] memory before = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            balances[i] = shares.balanceOf(holders[i], id);
            before[i] = token.balanceOf(holders[i]);
        }
        holders[n] = holders[0];
        assembly ("memory-safe") {
            mstore(holders, add(n, 1))
        }
        uint256 refunded = hub.refundMany(id, holders);
        uint256 total;
        for (uint256 i = 0; i < n; ++i) {
            uint256 paid = token.balanceOf(holders[i]) - before[i];
            uint256 left = shares.balanceOf(holders[i], id);
            bool skipped = paid == 0 && left == balances[i];
            bool exact = paid == balances[i] && left == 0;
            if (!skipped && !exact) ++refundViolations;
            total += paid;
        }
        if (total != refunded) ++refundViolations;
        ghostRefunded[id] += total;
        ++calls["refundMany"];
    }

    /// @notice Releases vested funds, checking the linear schedule first.
    function releaseFunds(uint256 idSeed) external {
        (uint256 id, bool found) = _pick(idSeed, SUCCEEDED);
        if (!found) return;
        IEncoreHub.CampaignView memory v = hub.campaign(id);
        uint256 net = v.raised - (v.raised * v.feeBps) / BPS;
        uint256 elapsed = block.timestamp - v.activatedAt;
        uint256 vested = elapsed >= v.vestingDuration ? net : (net * elapsed) / v.vestingDuration;
        uint256 releasable = hub.releasable(id);
        if (v.released + releasable != vested || vested > net) ++vestingViolations;
        if (releasable == 0) return;
        uint256 before = _received(v.artist, v.token);
        hub.releaseFunds(id);
        if (_received(v.artist, v.token) - before != releasable) ++vestingViolations;
        if (hub.campaign(id).released > net) ++vestingViolations;
        ++calls["releaseFunds"];
    }

    /// @notice Returns a bond whose lock has ended (failure, payout cap reached, or share window + lock passed).
    function withdrawBond(uint256 idSeed) external {
        uint256 n = _ids.length;
        for (uint256 k = 0; k < n; ++k) {
            uint256 id = _ids[((idSeed % n) + k) % n];
            IEncoreHub.CampaignView memory v = hub.campaign(id);
            if (v.bond == 0 || block.timestamp < hub.bondUnlockTime(id)) continue;
            uint256 before = _received(v.artist, v.token);
            hub.withdrawBond(id);
            if (_received(v.artist, v.token) - before != v.bond) ++splitViolations;
            ++calls["withdrawBond"];
            return;
        }
    }

    /// @notice An artist or the treasury withdraws pushed payments the token refused earlier (after the token
    /// unblocks it, when `unblock`).
    function withdrawDeferred(uint256 accountSeed, bool unblock) external {
        address[3] memory accounts = [_artists[0], _artists[1], treasury];
        address[2] memory tokens = [address(busd), address(usdc)];
        for (uint256 k = 0; k < 6; ++k) {
            address account = accounts[((accountSeed % 3) + k) % 3];
            address token = tokens[k / 3];
            uint256 owed = hub.deferred(account, token);
            if (owed == 0) continue;
            if (unblock) busd.setBlocked(account, false);
            uint256 before = IERC20(token).balanceOf(account);
            vm.prank(account);
            try hub.withdrawDeferred(token) {
                if (IERC20(token).balanceOf(account) - before != owed || hub.deferred(account, token) != 0) {
                    ++splitViolations;
                }
                ++calls["withdrawDeferred"];
            } catch {
                ++calls["withdrawDeferred.refused"];
            }
            return;
        }
    }

    // ------------------------------------------------------------------------------------------------ shares

    /// @notice A holder moves a random part of its shares to a fan (a new holder, an existing one, or itself).
    function transfer(uint256 fromSeed, uint256 toSeed, uint256 idSeed, uint256 amount) external {
        (uint256 id, bool found) = _pick(idSeed, SUCCEEDED);
        if (!found) return;
        address from = _holderOf(fromSeed, id);
        address to = _actor(toSeed);
        uint256 fromBalance = shares.balanceOf(from, id);
        uint256 toBalance = shares.balanceOf(to, id);
        uint256 value = _bound(amount, 0, fromBalance);
        uint256[4] memory before = _snapshot(id, id, from, to);
        vm.prank(from);
        try shares.safeTransferFrom(from, to, id, value, "") {
            _checkTransfer(id, id, from, to, before);
            bool moved = from == to
                ? shares.balanceOf(from, id) == fromBalance
                : shares.balanceOf(from, id) == fromBalance - value && shares.balanceOf(to, id) == toBalance + value;
            if (!moved || shares.totalSupply(id) != hub.campaign(id).raised) ++transferViolations;
            ++calls[from == to ? "transfer.self" : (toBalance == 0 ? "transfer.newHolder" : "transfer")];
        } catch {
            ++calls["transfer.refused"];
        }
    }

    /// @notice A holder moves parts of two holdings (possibly the same id twice) in one batch.
    function safeBatchTransfer(
        uint256 fromSeed,
        uint256 toSeed,
        uint256 idSeed,
        uint256 otherSeed,
        uint256 a,
        uint256 b
    ) external {
        (uint256 first, bool found) = _pick(idSeed, SUCCEEDED);
        if (!found) return;
        (uint256 second, ) = _pick(otherSeed, SUCCEEDED);
        address from = _holderOf(fromSeed, first);
        address to = _actor(toSeed);
        uint256[] memory batchIds = new uint256[](2);
        batchIds[0] = first;
        batchIds[1] = second;
        uint256[] memory values = new uint256[](2);
        values[0] = _bound(a, 0, shares.balanceOf(from, first));
        values[1] = _bound(b, 0, shares.balanceOf(from, second) - (first == second ? values[0] : 0));
        uint256[4] memory before = _snapshot(first, second, from, to);
        vm.prank(from);
        try shares.safeBatchTransferFrom(from, to, batchIds, values, "") {
            _checkTransfer(first, second, from, to, before);
            ++calls["safeBatchTransfer"];
        } catch {
            ++calls["safeBatchTransfer.refused"];
        }
    }

    // ------------------------------------------------------------------------------------------------ revenue

    /// @notice The label pays revenue into an active campaign: tiny (remainders), medium or large (payout cap).
    function depositRevenue(uint256 idSeed, uint256 amount) external {
        (uint256 id, bool found) = _pick(idSeed, ACTIVE);
        if (!found) return;
        uint256 value = _revenueAmount(amount);
        IEncoreHub.CampaignView memory v = hub.campaign(id);
        _mint(v.token, label, value);
        uint256 artistBefore = _received(v.artist, v.token);
        vm.prank(label);
        hub.depositRevenue(id, value);
        _checkSplit(id, v, value, artistBefore);
        ++calls["depositRevenue"];
    }

    /// @notice The oracle settles a report into a succeeded campaign (also after its share window).
    function settle(uint256 idSeed, uint256 amount) external {
        (uint256 id, bool found) = _pick(idSeed, SUCCEEDED);
        if (!found) return;
        uint256 value = _revenueAmount(amount);
        IEncoreHub.CampaignView memory v = hub.campaign(id);
        _mint(v.token, address(oracle), value);
        uint256 artistBefore = _received(v.artist, v.token);
        oracle.settle(IERC20(v.token), id, value);
        _checkSplit(id, v, value, artistBefore);
        ++calls["settle"];
    }

    /// @notice The oracle moves part of a bond to the holders (limited by the bond and the payout cap).
    function slashBond(uint256 idSeed, uint256 amount) external {
        (uint256 id, bool found) = _pick(idSeed, SUCCEEDED);
        if (!found) return;
        IEncoreHub.CampaignView memory v = hub.campaign(id);
        uint256 value = _bound(amount, 0, v.bond * 2 + 1);
        uint256 expected = _min(_min(value, v.bond), _room(v));
        uint256 paid = oracle.slash(id, value);
        IEncoreHub.CampaignView memory w = hub.campaign(id);
        if (paid != expected || w.bond != v.bond - expected || w.paidToHolders != v.paidToHolders + expected) {
            ++splitViolations;
        }
        ghostDeposited[id] += expected;
        ++calls[paid == 0 ? "slashBond.nothing" : "slashBond"];
    }

    /// @notice A fan with something to claim on a succeeded campaign claims it.
    function claim(uint256 actorSeed, uint256 idSeed) external {
        (uint256 id, bool found) = _pick(idSeed, SUCCEEDED);
        if (!found) return;
        address actor = _claimerOf(actorSeed, id);
        uint256 expected = hub.claimable(id, actor);
        if (expected == 0) return;
        IERC20 token = IERC20(hub.campaign(id).token);
        uint256 before = token.balanceOf(actor);
        vm.prank(actor);
        try hub.claim(id) returns (uint256 got) {
            uint256 paid = token.balanceOf(actor) - before;
            if (got != expected || paid != expected || hub.claimable(id, actor) != 0) ++claimViolations;
            ghostClaimed[id] += paid;
            ghostClaimedBy[id][actor] += paid;
            ++calls["claim"];
        } catch {
            ++calls["claim.refused"];
        }
    }

    /// @notice Claims a random subset of the campaigns (plus a duplicate of the first) in one call.
    function claimMany(uint256 actorSeed, uint256 mask) external {
        address actor = _actor(actorSeed);
        uint256 n = _ids.length;
        uint256[] memory chosen = new uint256[](n + 1);
        uint256[] memory expected = new uint256[](n + 1);
        uint256 count;
        uint256 total;
        for (uint256 i = 0; i < n; ++i) {
            if ((mask >> i) & 1 == 0) continue;
            chosen[count] = _ids[i];
            expected[count] = hub.claimable(_ids[i], actor);
            total += expected[count++];
        }
        if (total == 0) return;
        chosen[count++] = chosen[0]; // already claimed in the same call: pays nothing
        assembly ("memory-safe") {
            mstore(chosen, count)
        }
        uint256 usdcBefore = usdc.balanceOf(actor);
        uint256 busdBefore = busd.balanceOf(actor);
        vm.prank(actor);
        try hub.claimMany(chosen) returns (uint256 got) {
            uint256 paid = usdc.balanceOf(actor) - usdcBefore + busd.balanceOf(actor) - busdBefore;
            if (got != total || paid != total) ++claimViolations;
            for (uint256 i = 0; i + 1 < count; ++i) {
                if (hub.claimable(chosen[i], actor) != 0) ++claimViolations;
                ghostClaimed[chosen[i]] += expected[i];
                ghostClaimedBy[chosen[i]][actor] += expected[i];
            }
            ++calls["claimMany"];
        } catch {
            ++calls["claimMany.refused"];
        }
    }

    // ------------------------------------------------------------------------------------------------ world

    /// @notice Moves time forward: mostly seconds to days, sometimes months (share windows, bond locks).
    function warp(uint256 seconds_) external {
        uint256 step = seconds_ % 16 == 0 ? _bound(seconds_, 1 days, 200 days) : _bound(seconds_, 1, 2 days);
        vm.warp(block.timestamp + step);
        ++calls["warp"];
    }

    /// @notice Blocks or unblocks a fan, an artist or the treasury on the blocklisting token (half of the time one
    /// of the receivers of pushed payments, so deferrals happen).
    function toggleBlocked(uint256 seed) external {
        address account = seed % 2 == 0 ? _actor(seed >> 1) : [treasury, _artists[0], _artists[1]][(seed >> 1) % 3];
        busd.setBlocked(account, !busd.blocked(account));
        ++calls["toggleBlocked"];
    }

    /// @notice Denies or allows a fan on the compliance registry.
    function toggleDenied(uint256 seed) external {
        address account = _actor(seed);
        registry.setDenied(account, !registry.denied(account));
        ++calls["toggleDenied"];
    }

    // ------------------------------------------------------------------------------------------------ internal

    function _investFrom(address payer, address beneficiary, uint256 idSeed, uint256 amount) private {
        (uint256 id, bool found) = _pickOpen(idSeed);
        if (!found) return;
        IEncoreHub.CampaignView memory v = hub.campaign(id);
        uint256 room = v.hardCap - v.raised;
        if (v.maxPerInvestor != 0) room = _min(room, v.maxPerInvestor - shares.balanceOf(beneficiary, id));
        uint256 minimum = v.minInvestment == 0 ? 1 : v.minInvestment;
        if (room < minimum) return;
        // Half of the investments are smaller, so campaigns often take several investors to fill.
        uint256 upper = amount % 2 == 0 ? _max(minimum, room / 4) : room;
        uint256 value = _bound(amount, minimum, upper);
        _mint(v.token, payer, value);
        vm.prank(payer);
        if (payer == beneficiary) {
            try hub.invest(id, value) {
                ++calls["invest"];
            } catch {
                ++calls["invest.refused"];
            }
        } else {
            try hub.investFor(id, beneficiary, value) {
                ++calls["investFor"];
            } catch {
                ++calls["investFor.refused"];
            }
        }
    }

    function _checkSplit(uint256 id, IEncoreHub.CampaignView memory v, uint256 value, uint256 artistBefore) private {
        uint256 toHolders = _min(value, _room(v));
        uint256 paid = hub.campaign(id).paidToHolders;
        uint256 toArtist = _received(v.artist, v.token) - artistBefore;
        uint256 limit = v.payoutCap == 0 ? hub.MAX_REVENUE_TO_HOLDERS() : v.payoutCap;
        if (paid != v.paidToHolders + toHolders || toArtist != value - toHolders || paid > limit) ++splitViolations;
        ghostDeposited[id] += toHolders;
    }

    /// @dev Accrued revenue of (from, to) for both ids, before a transfer.
    function _snapshot(
        uint256 first,
        uint256 second,
        address from,
        address to
    ) private view returns (uint256[4] memory s) {
        s[0] = shares.accruedMagnified(first, from);
        s[1] = shares.accruedMagnified(first, to);
        s[2] = shares.accruedMagnified(second, from);
        s[3] = shares.accruedMagnified(second, to);
    }

    function _checkTransfer(uint256 first, uint256 second, address from, address to, uint256[4] memory before) private {
        uint256[4] memory afterwards = _snapshot(first, second, from, to);
        for (uint256 i = 0; i < 4; ++i) {
            if (afterwards[i] != before[i]) ++transferViolations;
        }
        ++calls["transfers checked"];
    }
}
