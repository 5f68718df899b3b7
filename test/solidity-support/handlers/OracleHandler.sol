// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {EncoreHub} from "../../../contracts/EncoreHub.sol";
import {EncoreShares} from "../../../contracts/EncoreShares.sol";
import {RevenueOracle} from "../../../contracts/RevenueOracle.sol";
import {IEncoreHub} from "../../../contracts/interfaces/IEncoreHub.sol";
import {IRevenueOracle} from "../../../contracts/interfaces/IRevenueOracle.sol";
import {MockStablecoin} from "../../../contracts/mocks/MockStablecoin.sol";

/// @notice Drives a real `RevenueOracle` registered on the hub: reserves, allowances, k-of-n signed reports,
/// disputes, settlement, debts, enforcement, repayment, claims and share transfers, with ghost variables for
/// `RevenueOracleInvariants`. Every action checks its own exact outcome and counts violations.
// solhint-disable-next-line max-states-count
contract OracleHandler is CommonBase, StdCheats, StdUtils {
    uint256 internal constant ONE = 1e6;
    uint256 internal constant BPS = 10_000;
    /// @notice Operator keys are KEY_BASE + 0..OPERATORS-1 (see `deployOracle`).
    uint256 public constant KEY_BASE = 0xB0B0;
    uint256 public constant OPERATORS = 4;
    uint8 public constant THRESHOLD = 2;

    EncoreHub public immutable hub;
    EncoreShares public immutable shares;
    MockStablecoin public immutable usdc;
    RevenueOracle public immutable oracle;
    address public immutable owner;
    address public immutable treasury;
    address public immutable guardian;
    address public immutable label;

    address[] internal _artists;
    address[] internal _holders;
    uint256[] internal _ids;
    uint256[] internal _reports;
    uint256[] internal _keys; // sorted by address
    uint256 internal _nonce;

    // ------------------------------------------------------------------------------------------------ ghosts

    /// @notice Σ what the hub credited to holders during oracle calls (measured), per campaign.
    mapping(uint256 id => uint256) public ghostCredited;
    /// @notice Σ amounts due of reports that reached settlement (not disputed), per campaign.
    mapping(uint256 id => uint256) public ghostSettledDue;
    /// @notice Σ paid at settlement, per campaign.
    mapping(uint256 id => uint256) public ghostSettledPaid;
    /// @notice Σ paid to holders by `payDue` and by enforcement's reserve/allowance pass, per campaign.
    mapping(uint256 id => uint256) public ghostDebtPaid;
    /// @notice Σ fines computed by the model at enforcement, per campaign.
    mapping(uint256 id => uint256) public ghostFines;
    /// @notice Σ advanced by bonds at enforcement, per campaign.
    mapping(uint256 id => uint256) public ghostFromBond;
    /// @notice Revenue claimed by holders, per campaign.
    mapping(uint256 id => uint256) public ghostClaimed;
    /// @notice Enforced, unpaid reports per artist.
    mapping(address artist => uint256) public ghostEnforcedUnpaid;
    /// @notice Fine rate in force when each report was submitted.
    mapping(uint256 reportId => uint16) public ghostPenalty;
    /// @notice A call's outcome differed from the model (or a refused call succeeded).
    uint256 public violations;
    /// @notice Code of the last violation (see the `_violate` calls).
    uint256 public lastViolation;
    /// @notice Successful calls per action, by index: 0 fundReserve, 1 withdrawReserve, 2 withdrawReserve.refused, 3 approveAllowance, 4 submitReport, 5 dispute, 6 replayDisputed, 7 settle, 8 payDue.debt, 9 payDue.enforced, 10 enforce, 11 setPenalty, 12 warp, 13 claim, 14 transferShares, 15 createCampaign, 16 createCampaign.suspended, 17 enforce.paid.
    mapping(uint256 action => uint256) public calls;

    constructor(EncoreHub hub_, MockStablecoin usdc_, RevenueOracle oracle_, address owner_, address treasury_) {
        hub = hub_;
        shares = EncoreShares(address(hub_.SHARES()));
        usdc = usdc_;
        owner = owner_;
        treasury = treasury_;
        label = makeAddr("oracle.label");

        oracle = oracle_;
        guardian = makeAddr("oracle.guardian");
        // Operator keys in the order of their (sorted) addresses.
        for (uint256 i = 0; i < OPERATORS; ++i) {
            uint256 key = KEY_BASE + i;
            _keys.push(key);
            uint256 j = i;
            while (j > 0 && vm.addr(_keys[j - 1]) > vm.addr(key)) {
                _keys[j] = _keys[j - 1];
                --j;
            }
            _keys[j] = key;
        }
        vm.prank(owner_);
        hub_.setRevenueOracle(address(oracle_));

        for (uint256 i = 0; i < 3; ++i) {
            _holders.push(makeAddr(string.concat("oracle.holder", vm.toString(i))));
        }
        _artists.push(makeAddr("oracle.artistA"));
        _artists.push(makeAddr("oracle.artistB"));
        vm.prank(label);
        usdc.approve(address(oracle), type(uint256).max);
        vm.prank(label);
        usdc.approve(address(hub_), type(uint256).max);

        _launch(_artists[0], 0, 200 * ONE, 2_000);
        _launch(_artists[1], 3_000 * ONE, 150 * ONE, 5_000);
        _launch(_artists[0], 0, 50 * ONE, 1_000);
        vm.warp(block.timestamp + 6 days);
        for (uint256 i = 0; i < _ids.length; ++i) {
            hub_.finalize(_ids[i]);
        }
    }

    // ------------------------------------------------------------------------------------------------ views

    function ids() external view returns (uint256[] memory) {
        return _ids;
    }

    function artists() external view returns (address[] memory) {
        return _artists;
    }

    function holders() external view returns (address[] memory) {
        return _holders;
    }

    function reports() external view returns (uint256[] memory) {
        return _reports;
    }

    // ------------------------------------------------------------------------------------------------ reserve

    function fundReserve(uint256 artistSeed, uint256 amount) external {
        address artist = _artist(artistSeed);
        amount = _amount(amount);
        usdc.mint(label, amount);
        vm.prank(label);
        oracle.fundReserve(artist, address(usdc), amount);
        ++calls[0];
    }

    /// @dev Withdraws some free reserve, or (when `tooMuch` or nothing is free) tries more than free: must revert.
    function withdrawReserve(uint256 artistSeed, uint256 amount, bool tooMuch) external {
        address artist = _artist(artistSeed);
        (uint256 balance, , uint256 free) = oracle.reserveOf(artist, address(usdc));
        if (tooMuch || free == 0) {
            amount = free + _bound(amount, 1, 1_000 * ONE);
            vm.prank(artist);
            try oracle.withdrawReserve(address(usdc), amount) {
                _violate(1);
            } catch (bytes memory reason) {
                if (bytes4(reason) != IRevenueOracle.RevenueOracle_ReserveOwed.selector) _violate(2);
            }
            ++calls[2];
            return;
        }
        amount = _bound(amount, 1, free);
        uint256 walletBefore = usdc.balanceOf(artist);
        vm.prank(artist);
        oracle.withdrawReserve(address(usdc), amount);
        (uint256 balanceAfter, , ) = oracle.reserveOf(artist, address(usdc));
        if (balanceAfter != balance - amount || usdc.balanceOf(artist) != walletBefore + amount) {
            _violate(3);
        }
        ++calls[1];
    }

    /// @dev The artist holds some tokens and approves the oracle for (part of) them.
    function approveAllowance(uint256 artistSeed, uint256 amount, uint256 wallet) external {
        address artist = _artist(artistSeed);
        amount = _amount(amount);
        usdc.mint(artist, _bound(wallet, 0, amount));
        vm.prank(artist);
        usdc.approve(address(oracle), amount);
        ++calls[3];
    }

    // ------------------------------------------------------------------------------------------------ reports

    function submitReport(uint256 campaignSeed, uint256 gross, uint256 lengthSeed, uint256 signerSeed) external {
        uint256 id = _ids[campaignSeed % _ids.length];
        IRevenueOracle.CampaignRecord memory record = oracle.getCampaign(id);
        if (record.pendingReport != 0) return;
        IRevenueOracle.Report memory report = _nextReport(id, record, gross, lengthSeed);
        if (report.periodEnd == 0) return;
        uint256 creditedBefore = hub.campaign(id).paidToHolders;
        uint16 penalty = oracle.penaltyBps();
        uint256 reportId = oracle.submitReport(report, _sign(oracle.hashReport(report), signerSeed));
        _reports.push(reportId);
        _submitted[reportId] = report;
        ghostPenalty[reportId] = penalty;
        if (hub.campaign(id).paidToHolders != creditedBefore) _violate(4);
        uint256 expected = (report.grossRevenue * hub.campaign(id).revenueShareBps) / BPS;
        if (oracle.getReport(reportId).amount != expected) _violate(5);
        ++calls[4];
    }

    /// @dev The guardian disputes a pending report inside its window; the same signed report is then refused.
    function dispute(uint256 reportSeed) external {
        (uint256 reportId, bool found) = _pickReport(reportSeed, IRevenueOracle.ReportStatus.Pending, true);
        if (!found) return;
        IRevenueOracle.ReportRecord memory r = oracle.getReport(reportId);
        uint256 id = r.campaignId;
        uint256 creditedBefore = hub.campaign(id).paidToHolders;
        vm.prank(guardian);
        oracle.dispute(reportId);
        _lastDisputedReport = _submitted[reportId];
        if (hub.campaign(id).paidToHolders != creditedBefore) _violate(6);
        ++calls[5];
    }

    /// @dev Resubmits a disputed report's exact content (fresh signatures): refused as voided.
    function replayDisputed(uint256 reportSeed) external {
        if (_lastDisputedReport.campaignId == 0) return;
        IRevenueOracle.Report memory report = _lastDisputedReport;
        if (oracle.getCampaign(report.campaignId).pendingReport != 0) return;
        try oracle.submitReport(report, _sign(oracle.hashReport(report), reportSeed)) {
            _violate(7);
        } catch (bytes memory reason) {
            if (bytes4(reason) != IRevenueOracle.RevenueOracle_ReportVoided.selector) _violate(8);
        }
        ++calls[6];
    }

    function settle(uint256 reportSeed) external {
        (uint256 reportId, bool found) = _pickReport(reportSeed, IRevenueOracle.ReportStatus.Pending, false);
        if (!found) return;
        IRevenueOracle.ReportRecord memory r = oracle.getReport(reportId);
        if (block.timestamp < r.challengeEnd) vm.warp(r.challengeEnd);
        uint256 id = r.campaignId;
        address artist = hub.campaign(id).artist;
        uint256 creditedBefore = hub.campaign(id).paidToHolders;
        uint256 due = _min(r.amount, hub.holderRoom(id));
        (uint256 balance, , ) = oracle.reserveOf(artist, address(usdc));
        uint256 expected = _min(due, balance + _allowance(artist));

        uint256 paid = oracle.settle(reportId);

        uint256 credited = hub.campaign(id).paidToHolders - creditedBefore;
        if (paid != expected || credited != paid) _violate(9);
        IRevenueOracle.ReportRecord memory after_ = oracle.getReport(reportId);
        if (paid == due) {
            if (after_.status != IRevenueOracle.ReportStatus.Settled) _violate(10);
        } else if (after_.status != IRevenueOracle.ReportStatus.Debt || after_.amount != due - paid) {
            _violate(11);
        }
        ghostSettledDue[id] += r.amount;
        ghostSettledPaid[id] += paid;
        ghostCredited[id] += credited;
        ++calls[7];
    }

    function payDue(uint256 reportSeed, bool enforced) external {
        IRevenueOracle.ReportStatus wanted = enforced
            ? IRevenueOracle.ReportStatus.Enforced
            : IRevenueOracle.ReportStatus.Debt;
        (uint256 reportId, bool found) = _pickReport(reportSeed, wanted, false);
        if (!found) (reportId, found) = _pickReport(reportSeed, _other(wanted), false);
        if (!found) return;
        IRevenueOracle.ReportRecord memory r = oracle.getReport(reportId);
        uint256 id = r.campaignId;
        address artist = hub.campaign(id).artist;
        uint256 toHolders = r.amount;
        uint256 toBond;
        if (r.status == IRevenueOracle.ReportStatus.Enforced) {
            IRevenueOracle.Enforcement memory e = oracle.getEnforcement(reportId);
            (toHolders, toBond) = (e.toHolders, e.toBond);
        }
        toHolders = _min(toHolders, hub.holderRoom(id));
        usdc.mint(label, toHolders + toBond);
        uint256 creditedBefore = hub.campaign(id).paidToHolders;
        uint256 bondBefore = hub.campaign(id).bond;

        vm.prank(label);
        oracle.payDue(reportId);

        uint256 credited = hub.campaign(id).paidToHolders - creditedBefore;
        if (credited != toHolders || hub.campaign(id).bond != bondBefore + toBond) _violate(12);
        if (oracle.getReport(reportId).status != IRevenueOracle.ReportStatus.Paid) _violate(13);
        if (r.status == IRevenueOracle.ReportStatus.Enforced) {
            --ghostEnforcedUnpaid[artist];
            ++calls[9];
        } else {
            ++calls[8];
        }
        ghostDebtPaid[id] += credited;
        ghostCredited[id] += credited;
    }

    /// @dev What enforcement should do, computed from the model before the call.
    struct EnforceModel {
        uint256 id;
        address artist;
        uint256 paid;
        uint256 rest;
        uint256 fine;
        uint256 owed;
        uint256 fromBond;
    }

    function enforce(uint256 reportSeed) external {
        (uint256 reportId, bool found) = _pickReport(reportSeed, IRevenueOracle.ReportStatus.Debt, false);
        if (!found) return;
        EnforceModel memory m = _enforceModel(reportId);
        uint256 creditedBefore = hub.campaign(m.id).paidToHolders;

        oracle.enforce(reportId);

        uint256 credited = hub.campaign(m.id).paidToHolders - creditedBefore;
        if (credited != m.paid + m.fromBond) _violate(14);
        IRevenueOracle.ReportRecord memory after_ = oracle.getReport(reportId);
        if (m.rest == 0) {
            if (after_.status != IRevenueOracle.ReportStatus.Paid) _violate(15);
            ++calls[17];
        } else {
            if (after_.status != IRevenueOracle.ReportStatus.Enforced || after_.amount != m.owed) {
                _violate(16);
            }
            ++ghostEnforcedUnpaid[m.artist];
            ++calls[10];
            _tryCreate(m.artist); // suspended now: must be refused
        }
        ghostDebtPaid[m.id] += m.paid;
        ghostFines[m.id] += m.fine;
        ghostFromBond[m.id] += m.fromBond;
        ghostCredited[m.id] += credited;
    }

    function _enforceModel(uint256 reportId) internal returns (EnforceModel memory m) {
        IRevenueOracle.ReportRecord memory r = oracle.getReport(reportId);
        if (block.timestamp < r.dueDate) vm.warp(r.dueDate);
        m.id = r.campaignId;
        m.artist = hub.campaign(m.id).artist;
        uint256 room = hub.holderRoom(m.id);
        uint256 due = _min(r.amount, room);
        (uint256 balance, , ) = oracle.reserveOf(m.artist, address(usdc));
        m.paid = _min(due, balance + _allowance(m.artist));
        m.rest = due - m.paid;
        m.fine = (m.rest * ghostPenalty[reportId]) / BPS;
        m.owed = _min(m.rest + m.fine, room - m.paid);
        m.fromBond = m.rest == 0 ? 0 : _min(m.owed, hub.campaign(m.id).bond);
    }

    /// @dev The owner changes the fine rate; reports already submitted keep theirs (checked at enforcement).
    function setPenalty(uint256 bps) external {
        vm.prank(owner);
        oracle.setPenaltyBps(uint16(_bound(bps, 0, 5_000)));
        ++calls[11];
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1 hours, 10 days));
        ++calls[12];
    }

    // ------------------------------------------------------------------------------------------------ hub side

    function claim(uint256 holderSeed, uint256 campaignSeed) external {
        address holder = _holders[holderSeed % _holders.length];
        uint256 id = _ids[campaignSeed % _ids.length];
        uint256 owed = hub.claimable(id, holder);
        if (owed == 0) return;
        vm.prank(holder);
        uint256 amount = hub.claim(id);
        if (amount != owed) _violate(17);
        ghostClaimed[id] += amount;
        ++calls[13];
    }

    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 campaignSeed, uint256 amount) external {
        address from = _holders[fromSeed % _holders.length];
        address to = _holders[toSeed % _holders.length];
        uint256 id = _ids[campaignSeed % _ids.length];
        uint256 balance = shares.balanceOf(from, id);
        if (balance == 0) return;
        amount = _bound(amount, 1, balance);
        uint256 fromOwed = hub.claimable(id, from);
        uint256 toOwed = hub.claimable(id, to);
        vm.prank(from);
        shares.safeTransferFrom(from, to, id, amount, "");
        if (hub.claimable(id, from) != fromOwed || hub.claimable(id, to) != toOwed) _violate(18);
        ++calls[14];
    }

    /// @dev An artist tries to create a campaign: refused with `EncoreHub_ArtistSuspended` exactly when suspended.
    function createCampaign(uint256 artistSeed) external {
        address artist = _artist(artistSeed);
        if (artistSeed % 4 != 0 && ghostEnforcedUnpaid[_artist(artistSeed + 1)] != 0) artist = _artist(artistSeed + 1);
        _tryCreate(artist);
    }

    function _tryCreate(address artist) internal {
        IEncoreHub.CampaignConfig memory cfg = _config(0, 0, 2_000);
        bool suspended = ghostEnforcedUnpaid[artist] != 0;
        vm.prank(artist);
        try hub.createCampaign(cfg) {
            if (suspended) _violate(19);
            ++calls[15];
        } catch (bytes memory reason) {
            if (!suspended || bytes4(reason) != IEncoreHub.EncoreHub_ArtistSuspended.selector) {
                _violate(20);
            }
            ++calls[16];
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    IRevenueOracle.Report internal _lastDisputedReport;
    mapping(uint256 reportId => IRevenueOracle.Report) internal _submitted;

    function _launch(address artist, uint256 payoutCap, uint256 bond, uint16 shareBps) internal {
        IEncoreHub.CampaignConfig memory cfg = _config(payoutCap, bond, shareBps);
        usdc.mint(artist, bond);
        vm.startPrank(artist);
        usdc.approve(address(hub), type(uint256).max);
        uint256 id = hub.createCampaign(cfg);
        vm.stopPrank();
        _ids.push(id);
        uint256[3] memory amounts = [uint256(600 * ONE), 300 * ONE, 100 * ONE];
        for (uint256 i = 0; i < 3; ++i) {
            usdc.mint(_holders[i], amounts[i]);
            vm.startPrank(_holders[i]);
            usdc.approve(address(hub), type(uint256).max);
            hub.invest(id, amounts[i]);
            vm.stopPrank();
        }
    }

    function _config(
        uint256 payoutCap,
        uint256 bond,
        uint16 shareBps
    ) internal view returns (IEncoreHub.CampaignConfig memory) {
        return
            IEncoreHub.CampaignConfig({
                token: address(usdc),
                goal: 500 * ONE,
                hardCap: 5_000 * ONE,
                fundingDeadline: uint64(block.timestamp + 5 days),
                minInvestment: 1,
                maxPerInvestor: 0,
                revenueShareBps: shareBps,
                payoutCap: payoutCap,
                shareDuration: uint64(2 * 365 days),
                vestingDuration: 0,
                bond: bond,
                termsHash: keccak256("Encore terms v1"),
                metadataURI: "ipfs://oracle-handler",
                compliance: address(0)
            });
    }

    function _nextReport(
        uint256 id,
        IRevenueOracle.CampaignRecord memory record,
        uint256 gross,
        uint256 lengthSeed
    ) internal returns (IRevenueOracle.Report memory report) {
        IEncoreHub.SettlementTerms memory terms = hub.settlementTerms(id);
        uint64 start = record.lastPeriodEnd < terms.activatedAt ? terms.activatedAt : uint64(record.lastPeriodEnd);
        uint64 end = start + uint64(_bound(lengthSeed, 1 hours, 5 days));
        if (end > terms.shareEnd) return report;
        if (end > block.timestamp) vm.warp(end);
        uint256 mode = gross % 3;
        if (mode == 0) gross = _bound(gross >> 2, 0, 1_000);
        else if (mode == 1) gross = _bound(gross >> 2, 1, 2_000 * ONE);
        else gross = _bound(gross >> 2, 1, 20_000 * ONE);
        report = IRevenueOracle.Report({
            campaignId: id,
            periodStart: start,
            periodEnd: end,
            grossRevenue: gross,
            statementRoot: keccak256(abi.encode("statement", ++_nonce)),
            sequence: record.lastSequence + 1
        });
    }

    /// @dev THRESHOLD or more operator signatures, sorted by signer address (a random subset).
    function _sign(bytes32 digest, uint256 seed) internal view returns (bytes[] memory sigs) {
        uint256 mask = seed % (1 << OPERATORS);
        uint256 count;
        for (uint256 i = 0; i < OPERATORS; ++i) {
            if ((mask >> i) & 1 == 1) ++count;
        }
        if (count < THRESHOLD) mask = 0x3 << (seed % (OPERATORS - 1)); // two adjacent operators
        count = 0;
        for (uint256 i = 0; i < OPERATORS; ++i) {
            if ((mask >> i) & 1 == 1) ++count;
        }
        sigs = new bytes[](count);
        uint256 k;
        for (uint256 i = 0; i < OPERATORS; ++i) {
            if ((mask >> i) & 1 == 1) {
                (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[i], digest);
                sigs[k++] = abi.encodePacked(r, s, v);
            }
        }
    }

    /// @dev A report of `status`; `inWindow` (for Pending) restricts to reports whose window is still open.
    function _pickReport(
        uint256 seed,
        IRevenueOracle.ReportStatus status,
        bool inWindow
    ) internal view returns (uint256 reportId, bool found) {
        uint256 n = _reports.length;
        for (uint256 k = 0; k < n; ++k) {
            uint256 candidate = _reports[((seed % n) + k) % n];
            IRevenueOracle.ReportRecord memory r = oracle.getReport(candidate);
            if (r.status != status) continue;
            if (inWindow && block.timestamp >= r.challengeEnd) continue;
            return (candidate, true);
        }
    }

    function _other(IRevenueOracle.ReportStatus s) internal pure returns (IRevenueOracle.ReportStatus) {
        return
            s == IRevenueOracle.ReportStatus.Debt
                ? IRevenueOracle.ReportStatus.Enforced
                : IRevenueOracle.ReportStatus.Debt;
    }

    function _allowance(address artist) internal view returns (uint256) {
        return _min(usdc.allowance(artist, address(oracle)), usdc.balanceOf(artist));
    }

    function _artist(uint256 seed) internal view returns (address) {
        return _artists[seed % _artists.length];
    }

    function _amount(uint256 seed) internal pure returns (uint256) {
        return seed % 2 == 0 ? _bound(seed >> 1, 1, 1_000) : _bound(seed >> 1, 1, 5_000 * ONE);
    }

    function _violate(uint256 code) internal {
        ++violations;
        lastViolation = code;
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
