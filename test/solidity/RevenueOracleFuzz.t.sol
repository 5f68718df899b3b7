// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";
import {IRevenueOracle} from "../../contracts/interfaces/IRevenueOracle.sol";
import {RevenueOracle} from "../../contracts/RevenueOracle.sol";

import {Base} from "./Base.t.sol";

/// @notice Property (fuzz) tests of `RevenueOracle`: k-of-n signature sets (sorted subsets, duplicates, wrong order,
/// strangers, too few, other chain, other deployment, malformed, removed operators), the amount due, the settlement
/// split between reserve, allowance and debt, and the enforcement fine fixed at submission.
contract RevenueOracleFuzzTest is Base {
    uint256 private constant KEY_BASE = 0xA11CE;
    uint32 private constant WINDOW = 1 days;
    uint32 private constant GRACE = 7 days;
    uint16 private constant PENALTY = 1_000;
    uint256 private constant BOND = 1_000 * ONE;

    /// @dev The registered oracle: operators 0..2, threshold 2.
    RevenueOracle internal oracle;
    address internal guardian;
    uint256 internal campaignId;

    function setUp() public override {
        super.setUp();
        guardian = makeAddr("guardian");
        (address[] memory ops, ) = _sortedOperators(3);
        oracle = _deploy(ops, 2);
        vm.prank(owner);
        hub.setRevenueOracle(address(oracle));
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.bond = BOND;
        campaignId = _activeCampaign(cfg);
        vm.warp(block.timestamp + 60 days);
    }

    // ------------------------------------------------------------------------------------------------ signatures

    /// @dev A random subset of the operators, sorted by address, is accepted iff it has at least `t` signatures.
    function testFuzz_sortedSubsetSucceedsIffThreshold(uint8 nSeed, uint8 tSeed, uint32 mask) public {
        (RevenueOracle o, address[] memory ops, uint256[] memory keys, uint256 t) = _fuzzOracle(nSeed, tSeed);
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 digest = o.hashReport(report);
        uint256 size;
        for (uint256 i = 0; i < ops.length; ++i) {
            if ((mask >> i) & 1 == 1) ++size;
        }
        bytes[] memory sigs = new bytes[](size);
        uint256 k;
        for (uint256 i = 0; i < ops.length; ++i) {
            if ((mask >> i) & 1 == 1) sigs[k++] = _sign(keys[i], digest);
        }
        if (size >= t) {
            assertEq(o.submitReport(report, sigs), 1);
            assertEq(uint8(o.getReport(1).status), uint8(IRevenueOracle.ReportStatus.Pending));
        } else {
            vm.expectRevert(abi.encodeWithSelector(IRevenueOracle.RevenueOracle_NotEnoughSignatures.selector, size, t));
            o.submitReport(report, sigs);
            _assertNothingRecorded(o);
        }
    }

    /// @dev A signer repeated right after itself is rejected as not sorted, at the repeated position.
    function testFuzz_duplicateSignerReverts(uint8 nSeed, uint8 tSeed, uint256 dupSeed) public {
        (RevenueOracle o, address[] memory ops, uint256[] memory keys, ) = _fuzzOracle(nSeed, tSeed);
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 digest = o.hashReport(report);
        uint256 n = ops.length;
        uint256 dup = dupSeed % n;
        bytes[] memory sigs = new bytes[](n + 1);
        uint256 k;
        for (uint256 i = 0; i < n; ++i) {
            sigs[k++] = _sign(keys[i], digest);
            if (i == dup) sigs[k++] = _sign(keys[i], digest);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IRevenueOracle.RevenueOracle_SignersNotSorted.selector, dup + 1, ops[dup])
        );
        o.submitReport(report, sigs);
        _assertNothingRecorded(o);
    }

    /// @dev Swapping two signatures of a sorted full set breaks the order at the position after the first swapped.
    function testFuzz_unsortedSignersRevert(uint8 nSeed, uint8 tSeed, uint256 iSeed, uint256 jSeed) public {
        (RevenueOracle o, address[] memory ops, uint256[] memory keys, ) = _fuzzOracle(nSeed, tSeed);
        uint256 n = ops.length;
        vm.assume(n >= 2);
        uint256 i = iSeed % (n - 1);
        uint256 j = bound(jSeed, i + 1, n - 1);
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 digest = o.hashReport(report);
        (ops[i], ops[j]) = (ops[j], ops[i]);
        (keys[i], keys[j]) = (keys[j], keys[i]);
        bytes[] memory sigs = new bytes[](n);
        for (uint256 k = 0; k < n; ++k) {
            sigs[k] = _sign(keys[k], digest);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IRevenueOracle.RevenueOracle_SignersNotSorted.selector, i + 1, ops[i + 1])
        );
        o.submitReport(report, sigs);
        _assertNothingRecorded(o);
    }

    /// @dev A stranger's signature, at its sorted place among all operators, is rejected as not an operator.
    function testFuzz_unknownSignerReverts(uint8 nSeed, uint8 tSeed, uint256 strangerKey) public {
        (RevenueOracle o, address[] memory ops, uint256[] memory keys, ) = _fuzzOracle(nSeed, tSeed);
        strangerKey = bound(strangerKey, KEY_BASE + 100, SECP256K1_ORDER - 1);
        address stranger = vm.addr(strangerKey);
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 digest = o.hashReport(report);
        uint256 n = ops.length;
        bytes[] memory sigs = new bytes[](n + 1);
        uint256 pos = n;
        uint256 k;
        for (uint256 i = 0; i < n; ++i) {
            if (pos == n && stranger < ops[i]) {
                pos = k;
                sigs[k++] = _sign(strangerKey, digest);
            }
            sigs[k++] = _sign(keys[i], digest);
        }
        if (pos == n) sigs[n] = _sign(strangerKey, digest);
        vm.expectRevert(abi.encodeWithSelector(IRevenueOracle.RevenueOracle_NotOperator.selector, pos, stranger));
        o.submitReport(report, sigs);
        _assertNothingRecorded(o);
    }

    /// @dev Fewer than `t` valid, sorted signatures never count, whoever signs.
    function testFuzz_fewerThanThresholdReverts(uint8 nSeed, uint8 tSeed, uint256 countSeed, uint256 start) public {
        (RevenueOracle o, address[] memory ops, uint256[] memory keys, uint256 t) = _fuzzOracle(nSeed, tSeed);
        uint256 count = countSeed % t; // 0 .. t-1
        start = bound(start, 0, ops.length - count);
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 digest = o.hashReport(report);
        bytes[] memory sigs = new bytes[](count);
        for (uint256 i = 0; i < count; ++i) {
            sigs[i] = _sign(keys[start + i], digest);
        }
        vm.expectRevert(abi.encodeWithSelector(IRevenueOracle.RevenueOracle_NotEnoughSignatures.selector, count, t));
        o.submitReport(report, sigs);
        _assertNothingRecorded(o);
    }

    /// @dev Signatures made under another chain id recover to strangers: the report is refused, nothing recorded.
    function testFuzz_otherChainSignaturesRevert(uint8 nSeed, uint8 tSeed, uint64 otherChain) public {
        (RevenueOracle o, , uint256[] memory keys, ) = _fuzzOracle(nSeed, tSeed);
        uint256 chain = block.chainid;
        vm.assume(otherChain != chain && otherChain != 0);
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 honest = o.hashReport(report);
        vm.chainId(otherChain);
        bytes32 digest = o.hashReport(report);
        vm.chainId(chain);
        assertTrue(digest != honest, "chain id not bound");
        _expectForeignRefused(o, report, _signAll(keys, digest));
    }

    /// @dev Signatures for another deployment (same operators, same report) are refused, nothing recorded.
    function testFuzz_otherDeploymentSignaturesRevert(uint8 nSeed, uint8 tSeed) public {
        (RevenueOracle o, address[] memory ops, uint256[] memory keys, uint256 t) = _fuzzOracle(nSeed, tSeed);
        RevenueOracle twin = _deploy(ops, uint8(t));
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 digest = twin.hashReport(report);
        assertTrue(digest != o.hashReport(report), "deployment not bound");
        _expectForeignRefused(o, report, _signAll(keys, digest));
    }

    /// @dev A signature of any length but 65 (or a 65-byte one with a bad v or high s) is malformed at its index.
    function testFuzz_malformedSignatureReverts(
        uint8 nSeed,
        uint8 tSeed,
        uint256 badSeed,
        uint256 length,
        uint8 mode
    ) public {
        (RevenueOracle o, address[] memory ops, uint256[] memory keys, ) = _fuzzOracle(nSeed, tSeed);
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 digest = o.hashReport(report);
        bytes[] memory sigs = _signAll(keys, digest);
        uint256 bad = badSeed % ops.length;
        mode %= 3;
        if (mode == 0) {
            length = bound(length, 0, 200);
            if (length == 65) length = 64;
            sigs[bad] = new bytes(length);
            for (uint256 i = 0; i < length; ++i) {
                sigs[bad][i] = bytes1(uint8(uint256(keccak256(abi.encode(badSeed, i)))));
            }
        } else if (mode == 1) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[bad], digest);
            uint8 badV = uint8(bound(length, 0, 255));
            if (badV == 27 || badV == 28) badV = v == 27 ? 29 : 26;
            sigs[bad] = abi.encodePacked(r, s, badV);
        } else {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[bad], digest);
            // The malleable twin (n - s, flipped v) recovers to the same signer but is refused.
            sigs[bad] = abi.encodePacked(r, bytes32(SECP256K1_ORDER - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        }
        vm.expectRevert(abi.encodeWithSelector(IRevenueOracle.RevenueOracle_InvalidSignature.selector, bad));
        o.submitReport(report, sigs);
        _assertNothingRecorded(o);
    }

    /// @dev A removed operator's signature stops counting at once: NotOperator at its place in the sorted set.
    function testFuzz_removedOperatorReverts(uint8 nSeed, uint8 tSeed, uint256 removedSeed) public {
        uint256 n = bound(nSeed, 2, 31);
        uint256 t = bound(tSeed, 1, n - 1);
        (address[] memory ops, uint256[] memory keys) = _sortedOperators(n);
        RevenueOracle o = _deploy(ops, uint8(t));
        uint256 removed = removedSeed % n;
        vm.prank(owner);
        o.removeOperator(ops[removed]);
        assertFalse(o.isOperator(ops[removed]));
        IRevenueOracle.Report memory report = _report(campaignId, 1, 1_000 * ONE);
        bytes32 digest = o.hashReport(report);
        vm.expectRevert(
            abi.encodeWithSelector(IRevenueOracle.RevenueOracle_NotOperator.selector, removed, ops[removed])
        );
        o.submitReport(report, _signAll(keys, digest));
        _assertNothingRecorded(o);
        // Without it, the remaining operators (still >= t) are accepted.
        bytes[] memory rest = new bytes[](n - 1);
        uint256 k;
        for (uint256 i = 0; i < n; ++i) {
            if (i != removed) rest[k++] = _sign(keys[i], digest);
        }
        assertEq(o.submitReport(report, rest), 1);
    }

    // ------------------------------------------------------------------------------------------------ amounts

    /// @dev The amount due is exactly gross * revenueShareBps / 10,000 (rounded down), or refused above 2**96 - 1.
    function testFuzz_amountDueIsGrossTimesBps(uint256 gross, uint16 bpsSeed) public {
        uint256 bps = bound(bpsSeed, 1, BPS);
        IEncoreHub.CampaignConfig memory cfg = _config();
        cfg.revenueShareBps = uint16(bps);
        uint256 id = _activeCampaign(cfg);
        vm.warp(block.timestamp + 10 days);
        gross = bound(gross, 0, type(uint128).max);
        IRevenueOracle.Report memory report = _report(id, 1, gross);
        bytes[] memory sigs = _operatorSigs(report);
        uint256 expected = (gross * bps) / BPS;
        if (expected > type(uint96).max) {
            vm.expectRevert(abi.encodeWithSelector(IRevenueOracle.RevenueOracle_AmountTooLarge.selector, expected));
            oracle.submitReport(report, sigs);
            return;
        }
        uint256 reportId = oracle.submitReport(report, sigs);
        assertEq(oracle.getReport(reportId).amount, expected);
        (, uint256 committed, ) = oracle.reserveOf(artist, address(usdc));
        assertEq(committed, expected);
    }

    /// @dev Settlement takes the reserve, then the allowance: paid == min(d, r + a), debt == d - paid, exactly.
    function testFuzz_settleSplitsReserveAllowanceDebt(uint256 r, uint256 a, uint256 gross, uint256 extra) public {
        r = bound(r, 0, 1e13);
        a = bound(a, 0, 1e13);
        gross = bound(gross, 1, 5e13);
        extra = bound(extra, 0, 1e13);
        _fundReserve(r);
        usdc.mint(artist, a + extra); // the wallet holds at least the allowance
        vm.prank(artist);
        usdc.approve(address(oracle), a);
        uint256 reportId = _submit(campaignId, 1, gross);
        uint256 d = oracle.getReport(reportId).amount;
        assertEq(d, (gross * 2_000) / BPS);
        vm.warp(block.timestamp + WINDOW);
        uint256 paidBefore = hub.campaign(campaignId).paidToHolders;

        uint256 paid = oracle.settle(reportId);

        uint256 expectedPaid = _min(d, r + a);
        assertEq(paid, expectedPaid, "paid");
        assertEq(hub.campaign(campaignId).paidToHolders - paidBefore, expectedPaid, "holders credited");
        IRevenueOracle.ReportRecord memory rec = oracle.getReport(reportId);
        (uint256 balance, uint256 committed, ) = oracle.reserveOf(artist, address(usdc));
        if (d == expectedPaid) {
            assertEq(uint8(rec.status), uint8(IRevenueOracle.ReportStatus.Settled));
            assertEq(committed, 0);
        } else {
            assertEq(uint8(rec.status), uint8(IRevenueOracle.ReportStatus.Debt));
            assertEq(rec.amount, d - expectedPaid, "debt");
            assertEq(committed, d - expectedPaid);
        }
        assertEq(balance, r - _min(r, d), "reserve first");
        assertEq(usdc.balanceOf(address(oracle)), balance);
    }

    /// @dev Enforcement: the reserve and allowance pay first, the fine is rest * penaltyBps (fixed at submission,
    /// whatever the owner sets afterwards) / 10,000, and the bond advances min(rest + fine, bond).
    function testFuzz_enforceFineUsesSubmissionPenalty(
        uint256 gross,
        uint16 p1Seed,
        uint16 p2Seed,
        uint256 lateReserve,
        uint256 lateAllowance
    ) public {
        uint16 p1 = uint16(bound(p1Seed, 0, 5_000));
        uint16 p2 = uint16(bound(p2Seed, 0, 5_000));
        gross = bound(gross, 10, 5e13);
        vm.prank(owner);
        oracle.setPenaltyBps(p1);
        uint256 reportId = _submit(campaignId, 1, gross);
        uint256 d = oracle.getReport(reportId).amount;
        vm.prank(owner);
        oracle.setPenaltyBps(p2);
        vm.warp(block.timestamp + WINDOW);
        oracle.settle(reportId); // empty reserve, no allowance: all debt
        assertEq(oracle.getReport(reportId).amount, d);

        lateReserve = bound(lateReserve, 0, d);
        lateAllowance = bound(lateAllowance, 0, d);
        if (lateReserve != 0) _fundReserve(lateReserve);
        usdc.mint(artist, lateAllowance);
        vm.prank(artist);
        usdc.approve(address(oracle), lateAllowance);
        vm.warp(oracle.getReport(reportId).dueDate);
        uint256 paidBefore = hub.campaign(campaignId).paidToHolders;

        uint256 covered = _min(d, lateReserve + lateAllowance);
        uint256 rest = d - covered;
        uint256 fine = (rest * p1) / BPS;
        uint256 fromBond = _min(rest + fine, BOND);
        if (rest != 0) {
            vm.expectEmit(address(oracle));
            emit IRevenueOracle.Enforced(campaignId, reportId, artist, rest, fine, fromBond);
        }
        oracle.enforce(reportId);

        _checkEnforced(reportId, paidBefore + covered, rest, fine, fromBond, p1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    function _checkEnforced(
        uint256 reportId,
        uint256 paidBefore,
        uint256 rest,
        uint256 fine,
        uint256 fromBond,
        uint16 p1
    ) internal {
        IRevenueOracle.ReportRecord memory rec = oracle.getReport(reportId);
        assertEq(hub.campaign(campaignId).paidToHolders - paidBefore, fromBond, "holders credited");
        assertEq(hub.campaign(campaignId).bond, BOND - fromBond, "bond slashed");
        if (rest == 0) {
            assertEq(uint8(rec.status), uint8(IRevenueOracle.ReportStatus.Paid));
            assertFalse(oracle.isSuspended(artist));
        } else {
            assertEq(uint8(rec.status), uint8(IRevenueOracle.ReportStatus.Enforced));
            assertEq(rec.amount, rest + fine);
            assertEq(rec.penaltyBps, p1);
            IRevenueOracle.Enforcement memory e = oracle.getEnforcement(reportId);
            assertEq(e.toBond, fromBond);
            assertEq(e.toHolders, rest + fine - fromBond);
            assertTrue(oracle.isSuspended(artist));
            IEncoreHub.CampaignConfig memory cfg = _config();
            vm.prank(artist);
            vm.expectRevert(abi.encodeWithSelector(IEncoreHub.EncoreHub_ArtistSuspended.selector, artist));
            hub.createCampaign(cfg);
        }
    }

    function _fuzzOracle(
        uint8 nSeed,
        uint8 tSeed
    ) internal returns (RevenueOracle o, address[] memory ops, uint256[] memory keys, uint256 t) {
        uint256 n = bound(nSeed, 1, 31);
        t = bound(tSeed, 1, n);
        (ops, keys) = _sortedOperators(n);
        o = _deploy(ops, uint8(t));
    }

    function _deploy(address[] memory ops, uint8 t) internal returns (RevenueOracle) {
        address[] memory guardians = new address[](1);
        guardians[0] = guardian;
        return new RevenueOracle(owner, hub, ops, t, guardians, WINDOW, GRACE, PENALTY);
    }

    /// @dev `n` operators (keys KEY_BASE + i) sorted by address, with their keys.
    function _sortedOperators(uint256 n) internal pure returns (address[] memory ops, uint256[] memory keys) {
        ops = new address[](n);
        keys = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 key = KEY_BASE + i;
            address a = vm.addr(key);
            uint256 j = i;
            while (j > 0 && ops[j - 1] > a) {
                ops[j] = ops[j - 1];
                keys[j] = keys[j - 1];
                --j;
            }
            ops[j] = a;
            keys[j] = key;
        }
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _signAll(uint256[] memory keys, bytes32 digest) internal pure returns (bytes[] memory sigs) {
        sigs = new bytes[](keys.length);
        for (uint256 i = 0; i < keys.length; ++i) {
            sigs[i] = _sign(keys[i], digest);
        }
    }

    /// @dev Signatures of the registered oracle's operators (all three, sorted).
    function _operatorSigs(IRevenueOracle.Report memory report) internal view returns (bytes[] memory) {
        (, uint256[] memory keys) = _sortedOperators(3);
        return _signAll(keys, oracle.hashReport(report));
    }

    function _report(
        uint256 id,
        uint64 sequence,
        uint256 gross
    ) internal view returns (IRevenueOracle.Report memory report) {
        uint64 start = hub.campaign(id).activatedAt;
        report = IRevenueOracle.Report({
            campaignId: id,
            periodStart: start + (sequence - 1) * 1 days,
            periodEnd: start + sequence * 1 days,
            grossRevenue: gross,
            statementRoot: keccak256(abi.encode("statement", id, sequence)),
            sequence: sequence
        });
    }

    function _submit(uint256 id, uint64 sequence, uint256 gross) internal returns (uint256) {
        IRevenueOracle.Report memory report = _report(id, sequence, gross);
        return oracle.submitReport(report, _operatorSigs(report));
    }

    function _fundReserve(uint256 amount) internal {
        if (amount == 0) return;
        usdc.mint(label, amount);
        vm.startPrank(label);
        usdc.approve(address(oracle), amount);
        oracle.fundReserve(artist, address(usdc), amount);
        vm.stopPrank();
    }

    /// @dev Foreign signatures recover to addresses that are not operators (or out of order): refused either way.
    function _expectForeignRefused(RevenueOracle o, IRevenueOracle.Report memory report, bytes[] memory sigs) internal {
        try o.submitReport(report, sigs) returns (uint256) {
            assertTrue(false, "foreign signatures accepted");
        } catch (bytes memory reason) {
            bytes4 selector = bytes4(reason);
            assertTrue(
                selector == IRevenueOracle.RevenueOracle_NotOperator.selector ||
                    selector == IRevenueOracle.RevenueOracle_SignersNotSorted.selector,
                "unexpected error"
            );
        }
        _assertNothingRecorded(o);
    }

    function _assertNothingRecorded(RevenueOracle o) internal view {
        assertEq(o.reportCount(), 0, "report recorded");
        assertEq(o.getCampaign(campaignId).pendingReport, 0, "pending recorded");
        assertEq(o.getCampaign(campaignId).lastSequence, 0, "sequence recorded");
        (, uint256 committed, ) = o.reserveOf(artist, address(usdc));
        assertEq(committed, 0, "reserve committed");
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
