// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IEncoreHub} from "./interfaces/IEncoreHub.sol";
import {IRevenueOracle} from "./interfaces/IRevenueOracle.sol";

/// @title RevenueOracle
/// @notice k-of-n revenue reports for Encore campaigns, their challenge window, settlement from the artist's
/// reserve, debts, enforcement from the bond and the artist's suspension.
/// @dev Lifecycle of a report: `submitReport` (Pending) → `dispute` inside the window (Disputed) or, after it,
/// `settle` (Settled, or Debt when the reserve and allowance fall short) → `payDue` (Paid) or, after the due date,
/// `enforce` (Enforced: the bond advances debt + fine to holders) → `payDue` (Paid: holders get what the bond could
/// not cover, the bond gets back what it advanced). Window, grace and fine rate are copied into each report when it
/// is submitted, so owner changes never alter a report already made. Only the hub's oracle-only entries move
/// campaign funds; this contract holds artists' reserves and nothing else.
contract RevenueOracle is IRevenueOracle, Ownable2Step, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Basis-point denominator.
    uint256 public constant BPS = 10_000;
    /// @notice Largest operator set.
    uint256 public constant MAX_OPERATORS = 31;
    /// @notice Bounds of the challenge window.
    uint32 public constant MIN_CHALLENGE_WINDOW = 1 hours;
    /// @notice Bounds of the challenge window.
    uint32 public constant MAX_CHALLENGE_WINDOW = 14 days;
    /// @notice Bounds of the payment grace after the window.
    uint32 public constant MIN_PAYMENT_GRACE = 1 days;
    /// @notice Bounds of the payment grace after the window.
    uint32 public constant MAX_PAYMENT_GRACE = 90 days;
    /// @notice Highest fine rate (50 % of the debt).
    uint16 public constant MAX_PENALTY_BPS = 5_000;
    /// @notice EIP-712 type hash of `Report`.
    bytes32 public constant REPORT_TYPEHASH =
        keccak256(
            "Report(uint256 campaignId,uint64 periodStart,uint64 periodEnd,uint256 grossRevenue,bytes32 statementRoot,uint64 sequence)"
        );

    /// @notice The hub whose campaigns this oracle reports on.
    IEncoreHub public immutable HUB;

    /// @dev Settings read by `submitReport`, in one slot.
    struct Settings {
        uint8 threshold;
        uint8 operatorCount;
        uint32 challengeWindow;
        uint32 paymentGrace;
        uint16 penaltyBps;
        uint48 reportCount;
    }

    /// @dev An artist's reserve of one token: `balance` held here, `committed` owed to pending reports and debts.
    struct Reserve {
        uint128 balance;
        uint128 committed;
    }

    Settings private _settings;
    /// @notice Registered operators (signers of reports).
    mapping(address account => bool) public isOperator;
    /// @notice Guardians (may dispute reports inside their window).
    mapping(address account => bool) public isGuardian;
    address[] private _operators;
    mapping(uint256 reportId => ReportRecord) private _reports;
    mapping(uint256 campaignId => CampaignRecord) private _campaigns;
    mapping(uint256 reportId => Enforcement) private _enforcements;
    mapping(address artist => mapping(address token => Reserve)) private _reserves;
    /// @dev Tags (low 40 bits of the EIP-712 digest) of disputed reports, per campaign: never accepted again.
    mapping(uint256 campaignId => mapping(uint40 tag => bool)) private _voided;
    /// @notice Number of enforced, unpaid reports per artist; the artist is suspended while it is non-zero.
    mapping(address artist => uint256) public sanctions;

    /// @param initialOwner Owner (a `TimelockController` in production).
    /// @param hub The `EncoreHub` to report on; its owner then calls `setRevenueOracle(this)`.
    /// @param operators_ Initial operators (distinct, at most `MAX_OPERATORS`).
    /// @param threshold_ Signatures a report needs (1..operators.length).
    /// @param guardians_ Initial guardians.
    /// @param challengeWindow_ Seconds a report can be disputed.
    /// @param paymentGrace_ Seconds after the window before a debt can be enforced.
    /// @param penaltyBps_ Fine on enforced debts, in basis points of the debt.
    constructor(
        address initialOwner,
        IEncoreHub hub,
        address[] memory operators_,
        uint8 threshold_,
        address[] memory guardians_,
        uint32 challengeWindow_,
        uint32 paymentGrace_,
        uint16 penaltyBps_
    ) Ownable(initialOwner) EIP712("Encore RevenueOracle", "1") {
        if (address(hub) == address(0)) revert RevenueOracle_ZeroAddress();
        HUB = hub;
        for (uint256 i = 0; i < operators_.length; ++i) {
            _addOperator(operators_[i]);
        }
        _setThreshold(threshold_);
        for (uint256 i = 0; i < guardians_.length; ++i) {
            _setGuardian(guardians_[i], true);
        }
        _setChallengeWindow(challengeWindow_);
        _setPaymentGrace(paymentGrace_);
        _setPenaltyBps(penaltyBps_);
    }

    // ------------------------------------------------------------------------------------------------ reports

    /// @inheritdoc IRevenueOracle
    /// @dev Anyone may submit; the signatures are the authority. Requirements: at least `threshold` signatures, each
    /// a valid 65-byte EIP-712 signature of `report` by a registered operator, sorted by strictly increasing signer
    /// address; the campaign succeeded and its previous report is settled or disputed; the period is non-empty,
    /// over, inside the share window and starts at or after the previous period's end; the sequence increases; the
    /// same signed report was not disputed before (its signatures cannot be replayed). Emits {ReportSubmitted}.
    function submitReport(
        Report calldata report,
        bytes[] calldata signatures
    ) external nonReentrant returns (uint256 reportId) {
        Settings memory settings = _settings;
        bytes32 digest = hashReport(report);
        _verifySignatures(digest, signatures, settings.threshold);
        if (_voided[report.campaignId][uint40(uint256(digest))]) {
            revert RevenueOracle_ReportVoided(report.campaignId, digest);
        }
        IEncoreHub.SettlementTerms memory terms = HUB.settlementTerms(report.campaignId);
        uint256 amountDue = _checkReport(report, terms);

        reportId = ++settings.reportCount;
        _settings.reportCount = settings.reportCount;
        uint256 challengeEnd = block.timestamp + settings.challengeWindow;
        _reports[reportId] = ReportRecord({
            campaignId: uint48(report.campaignId),
            status: ReportStatus.Pending,
            challengeEnd: uint40(challengeEnd),
            dueDate: uint40(challengeEnd + settings.paymentGrace),
            penaltyBps: settings.penaltyBps,
            amount: uint96(amountDue)
        });
        CampaignRecord storage record = _campaigns[report.campaignId];
        (record.prevSequence, record.prevPeriodEnd) = (record.lastSequence, record.lastPeriodEnd);
        (record.lastSequence, record.lastPeriodEnd) = (uint32(report.sequence), uint40(report.periodEnd));
        record.pendingReport = uint48(reportId);
        record.pendingTag = uint40(uint256(digest));
        if (amountDue != 0) _reserves[terms.artist][terms.token].committed += uint128(amountDue);
        _emitReportSubmitted(reportId, report, amountDue, challengeEnd);
    }

    /// @inheritdoc IRevenueOracle
    /// @dev Requirements: caller is a guardian or an operator; the report `Pending` and inside its window. The
    /// campaign's latest sequence and period end go back to those before this report, so a corrected report may
    /// reuse its sequence and period, while this exact report can never be submitted again. Emits {ReportDisputed}.
    function dispute(uint256 reportId) external nonReentrant {
        if (!isGuardian[msg.sender] && !isOperator[msg.sender]) revert RevenueOracle_NotGuardianOrOperator(msg.sender);
        ReportRecord storage r = _existingReport(reportId);
        if (r.status != ReportStatus.Pending) revert RevenueOracle_WrongStatus(reportId, r.status);
        if (block.timestamp >= r.challengeEnd) revert RevenueOracle_ChallengeWindowClosed(reportId, r.challengeEnd);
        r.status = ReportStatus.Disputed;

        uint256 campaignId = r.campaignId;
        CampaignRecord storage record = _campaigns[campaignId];
        record.lastSequence = record.prevSequence;
        record.lastPeriodEnd = record.prevPeriodEnd;
        record.pendingReport = 0;
        _voided[campaignId][record.pendingTag] = true;
        uint256 amountDue = r.amount;
        if (amountDue != 0) {
            IEncoreHub.SettlementTerms memory terms = HUB.settlementTerms(campaignId);
            _reserves[terms.artist][terms.token].committed -= uint128(amountDue);
        }
        emit ReportDisputed(campaignId, reportId, msg.sender);
    }

    /// @inheritdoc IRevenueOracle
    /// @dev Requirements: the report `Pending` and its window over. The amount due is capped by what holders can
    /// still receive (the payout cap); it is taken from the artist's reserve, then from the artist's allowance and
    /// balance; what is still missing becomes a debt due at the report's `dueDate`. Emits {ReportSettled} and, when
    /// short, {DebtRecorded}.
    function settle(uint256 reportId) external nonReentrant returns (uint256 paid) {
        ReportRecord storage r = _existingReport(reportId);
        if (r.status != ReportStatus.Pending) revert RevenueOracle_WrongStatus(reportId, r.status);
        if (block.timestamp < r.challengeEnd) revert RevenueOracle_ChallengeWindowOpen(reportId, r.challengeEnd);

        uint256 campaignId = r.campaignId;
        IEncoreHub.SettlementTerms memory terms = HUB.settlementTerms(campaignId);
        Reserve storage reserve = _reserves[terms.artist][terms.token];
        uint256 amountDue = r.amount;
        reserve.committed -= uint128(amountDue);
        _campaigns[campaignId].pendingReport = 0;

        uint256 due = Math.min(amountDue, HUB.holderRoom(campaignId));
        paid = _collectFromArtist(campaignId, terms, reserve, due);

        uint256 debt = due - paid;
        if (debt == 0) {
            r.status = ReportStatus.Settled;
        } else {
            r.status = ReportStatus.Debt;
            r.amount = uint96(debt);
            reserve.committed += uint128(debt);
            _campaigns[campaignId].openDebts += 1;
            emit DebtRecorded(campaignId, reportId, terms.artist, debt, r.dueDate);
        }
        emit ReportSettled(campaignId, reportId, terms.artist, paid, debt);
    }

    /// @inheritdoc IRevenueOracle
    /// @dev Requirements: the report in `Debt` or `Enforced`. What goes to holders is capped by what they can still
    /// receive. The artist's free reserve pays first, the caller the rest. Repaying the artist's last enforced
    /// report lifts the suspension. Emits {DebtPaid} and possibly {ArtistReinstated}.
    function payDue(uint256 reportId) external nonReentrant {
        ReportRecord storage r = _existingReport(reportId);
        ReportStatus status = r.status;
        if (status != ReportStatus.Debt && status != ReportStatus.Enforced) {
            revert RevenueOracle_WrongStatus(reportId, status);
        }
        uint256 campaignId = r.campaignId;
        IEncoreHub.SettlementTerms memory terms = HUB.settlementTerms(campaignId);
        uint256 owed = r.amount;
        uint256 toHolders;
        uint256 toBond;
        if (status == ReportStatus.Debt) {
            toHolders = owed;
        } else {
            Enforcement memory e = _enforcements[reportId];
            (toHolders, toBond) = (e.toHolders, e.toBond);
            delete _enforcements[reportId];
        }
        toHolders = Math.min(toHolders, HUB.holderRoom(campaignId));

        Reserve storage reserve = _reserves[terms.artist][terms.token];
        reserve.committed -= uint128(owed);
        uint256 total = toHolders + toBond;
        uint256 fromReserve = Math.min(total, _free(reserve));
        reserve.balance -= uint128(fromReserve);
        if (total > fromReserve) _pullExact(terms.token, msg.sender, total - fromReserve);

        r.status = ReportStatus.Paid;
        r.amount = uint96(total);
        _campaigns[campaignId].openDebts -= 1;
        if (toHolders != 0) _depositToHub(campaignId, terms.token, toHolders);
        if (toBond != 0) {
            IERC20(terms.token).forceApprove(address(HUB), toBond);
            HUB.restoreBond(campaignId, toBond);
        }
        emit DebtPaid(campaignId, reportId, msg.sender, toHolders, toBond);
        if (status == ReportStatus.Enforced && --sanctions[terms.artist] == 0) {
            emit ArtistReinstated(terms.artist, campaignId);
        }
    }

    /// @inheritdoc IRevenueOracle
    /// @dev Requirements: the report in `Debt` and its due date reached. First the artist's reserve, then allowance,
    /// pays what it can (what lies beyond the payout cap is no longer owed): if that clears the debt the report is
    /// `Paid` without sanction ({DebtPaid}). Otherwise the fine is `penaltyBps` (fixed at submission) of the rest;
    /// rest + fine, capped by what holders can still receive, is advanced by the bond as far as it goes. The artist
    /// then owes the bond's advance back to the bond and the remainder to holders, and stays suspended until
    /// `payDue`. Emits {Enforced} and, for the artist's first open enforcement, {ArtistSuspended}.
    function enforce(uint256 reportId) external nonReentrant {
        ReportRecord storage r = _existingReport(reportId);
        if (r.status != ReportStatus.Debt) revert RevenueOracle_WrongStatus(reportId, r.status);
        if (block.timestamp < r.dueDate) revert RevenueOracle_NotDue(reportId, r.dueDate);

        uint256 campaignId = r.campaignId;
        IEncoreHub.SettlementTerms memory terms = HUB.settlementTerms(campaignId);
        Reserve storage reserve = _reserves[terms.artist][terms.token];
        reserve.committed -= uint128(r.amount);

        // Last chance before any sanction: the artist's reserve, then allowance, pays what it can. What lies
        // beyond the payout cap is no longer owed.
        uint256 room = HUB.holderRoom(campaignId);
        uint256 due = Math.min(r.amount, room);
        uint256 paid = _collectFromArtist(campaignId, terms, reserve, due);
        uint256 debt = due - paid;
        if (debt == 0) {
            r.status = ReportStatus.Paid;
            r.amount = uint96(paid);
            _campaigns[campaignId].openDebts -= 1;
            emit DebtPaid(campaignId, reportId, terms.artist, paid, 0);
            return;
        }

        uint256 fine = (debt * r.penaltyBps) / BPS;
        uint256 owedToHolders = Math.min(debt + fine, room - paid);
        uint256 fromBond = HUB.slashBond(campaignId, owedToHolders);
        uint256 toHolders = owedToHolders - fromBond;

        r.status = ReportStatus.Enforced;
        r.amount = uint96(owedToHolders);
        _enforcements[reportId] = Enforcement({toHolders: uint128(toHolders), toBond: uint128(fromBond)});
        reserve.committed += uint128(owedToHolders);
        _campaigns[campaignId].delinquent = true;

        emit Enforced(campaignId, reportId, terms.artist, debt, fine, fromBond);
        if (sanctions[terms.artist]++ == 0) emit ArtistSuspended(terms.artist, campaignId);
    }

    // ------------------------------------------------------------------------------------------------ reserve

    /// @inheritdoc IRevenueOracle
    /// @dev Anyone (the artist, a label, the fiat bridge) may fund an artist's reserve. Requirements: non-zero
    /// artist and amount; the token is a contract and delivers exactly `amount`. Emits {ReserveFunded}.
    function fundReserve(address artist, address token, uint256 amount) external nonReentrant {
        if (artist == address(0)) revert RevenueOracle_ZeroAddress();
        _requireToken(token);
        _fundReserve(artist, token, amount);
    }

    /// @inheritdoc IRevenueOracle
    /// @dev The permit is tried and its failure ignored: a permit already used (e.g. copied from the mempool and
    /// submitted first) leaves the allowance it set, and the pull fails with the token's own error when there is
    /// none. Requirements and events as {fundReserve}, for the caller's own reserve.
    function fundReserveWithPermit(
        address token,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        _requireToken(token);
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _fundReserve(msg.sender, token, amount);
    }

    /// @inheritdoc IRevenueOracle
    /// @dev Requirements: non-zero amount, at most the caller's free reserve (balance minus what pending reports
    /// and debts of that token commit). Emits {ReserveWithdrawn}.
    function withdrawReserve(address token, uint256 amount) external nonReentrant {
        if (amount == 0) revert RevenueOracle_ZeroAmount();
        Reserve storage reserve = _reserves[msg.sender][token];
        uint256 free = _free(reserve);
        if (amount > free) revert RevenueOracle_ReserveOwed(msg.sender, token, free, amount);
        reserve.balance -= uint128(amount);
        IERC20(token).safeTransfer(msg.sender, amount);
        emit ReserveWithdrawn(msg.sender, token, amount);
    }

    // ------------------------------------------------------------------------------------------------ views

    /// @inheritdoc IRevenueOracle
    function isSuspended(address artist) external view returns (bool) {
        return sanctions[artist] != 0;
    }

    /// @inheritdoc IRevenueOracle
    function isBondLocked(uint256 campaignId) external view returns (bool) {
        CampaignRecord storage record = _campaigns[campaignId];
        return record.pendingReport != 0 || record.openDebts != 0;
    }

    /// @inheritdoc IRevenueOracle
    function isSettleable(uint256 reportId) external view returns (bool) {
        ReportRecord storage r = _reports[reportId];
        return r.status == ReportStatus.Pending && block.timestamp >= r.challengeEnd;
    }

    /// @inheritdoc IRevenueOracle
    function isEnforceable(uint256 reportId) external view returns (bool) {
        ReportRecord storage r = _reports[reportId];
        return r.status == ReportStatus.Debt && block.timestamp >= r.dueDate;
    }

    /// @inheritdoc IRevenueOracle
    function reportCount() external view returns (uint256) {
        return _settings.reportCount;
    }

    /// @notice The stored record of report `reportId` (all zero for an unknown id).
    function getReport(uint256 reportId) external view returns (ReportRecord memory) {
        return _reports[reportId];
    }

    /// @notice The oracle's state for campaign `campaignId`.
    function getCampaign(uint256 campaignId) external view returns (CampaignRecord memory) {
        return _campaigns[campaignId];
    }

    /// @notice What enforced report `reportId` still needs: to holders and back into the bond.
    function getEnforcement(uint256 reportId) external view returns (Enforcement memory) {
        return _enforcements[reportId];
    }

    /// @notice `artist`'s reserve of `token`: held, committed to reports and debts, and free to withdraw.
    function reserveOf(
        address artist,
        address token
    ) external view returns (uint256 balance, uint256 committed, uint256 free) {
        Reserve storage reserve = _reserves[artist][token];
        return (reserve.balance, reserve.committed, _free(reserve));
    }

    /// @notice EIP-712 digest operators sign for `report` (bound to this chain and this deployment).
    function hashReport(Report calldata report) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        REPORT_TYPEHASH,
                        report.campaignId,
                        report.periodStart,
                        report.periodEnd,
                        report.grossRevenue,
                        report.statementRoot,
                        report.sequence
                    )
                )
            );
    }

    /// @notice The EIP-712 domain separator (name "Encore RevenueOracle", version "1").
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice Current operators, in the order they were added (removal moves the last one into the gap).
    function operators() external view returns (address[] memory) {
        return _operators;
    }

    /// @notice Signatures a report needs.
    function threshold() external view returns (uint8) {
        return _settings.threshold;
    }

    /// @notice Challenge window for reports submitted from now on, in seconds.
    function challengeWindow() external view returns (uint32) {
        return _settings.challengeWindow;
    }

    /// @notice Payment grace after the window for reports submitted from now on, in seconds.
    function paymentGrace() external view returns (uint32) {
        return _settings.paymentGrace;
    }

    /// @notice Fine rate for reports submitted from now on, in basis points of the debt.
    function penaltyBps() external view returns (uint16) {
        return _settings.penaltyBps;
    }

    // ------------------------------------------------------------------------------------------------ owner

    /// @notice Registers `account` as an operator. Emits {OperatorAdded}.
    /// @dev Requirements: owner; non-zero, not yet an operator; fewer than `MAX_OPERATORS` operators.
    function addOperator(address account) external onlyOwner {
        _addOperator(account);
    }

    /// @notice Removes operator `account`; its signatures stop counting at once, also on reports not yet submitted.
    /// @dev Requirements: owner; an operator; the threshold stays reachable. Emits {OperatorRemoved}.
    function removeOperator(address account) external onlyOwner {
        if (!isOperator[account]) revert RevenueOracle_UnknownOperator(account);
        uint256 count = _operators.length;
        if (count - 1 < _settings.threshold) revert RevenueOracle_InvalidThreshold(_settings.threshold, count - 1);
        for (uint256 i = 0; i < count; ++i) {
            if (_operators[i] == account) {
                _operators[i] = _operators[count - 1];
                _operators.pop();
                break;
            }
        }
        isOperator[account] = false;
        _settings.operatorCount = uint8(count - 1);
        emit OperatorRemoved(account);
    }

    /// @notice Sets how many operator signatures a report needs. Emits {ThresholdSet}.
    /// @dev Requirements: owner; 1 <= `newThreshold` <= number of operators.
    function setThreshold(uint8 newThreshold) external onlyOwner {
        _setThreshold(newThreshold);
    }

    /// @notice Grants or revokes the guardian role (dispute only). Emits {GuardianSet}.
    function setGuardian(address account, bool enabled) external onlyOwner {
        _setGuardian(account, enabled);
    }

    /// @notice Sets the challenge window for reports submitted from now on. Emits {ChallengeWindowSet}.
    /// @dev Requirements: owner; within `MIN_CHALLENGE_WINDOW`..`MAX_CHALLENGE_WINDOW`.
    function setChallengeWindow(uint32 newWindow) external onlyOwner {
        _setChallengeWindow(newWindow);
    }

    /// @notice Sets the payment grace for reports submitted from now on. Emits {PaymentGraceSet}.
    /// @dev Requirements: owner; within `MIN_PAYMENT_GRACE`..`MAX_PAYMENT_GRACE`.
    function setPaymentGrace(uint32 newGrace) external onlyOwner {
        _setPaymentGrace(newGrace);
    }

    /// @notice Sets the fine rate for reports submitted from now on. Emits {PenaltyBpsSet}.
    /// @dev Requirements: owner; at most `MAX_PENALTY_BPS`.
    function setPenaltyBps(uint16 newPenaltyBps) external onlyOwner {
        _setPenaltyBps(newPenaltyBps);
    }

    // ------------------------------------------------------------------------------------------------ internal

    /// @dev Checks `signatures` over `digest`: at least `threshold`, each from a registered operator, signers
    /// strictly increasing (so no signer counts twice).
    function _verifySignatures(bytes32 digest, bytes[] calldata signatures, uint256 threshold_) private view {
        uint256 count = signatures.length;
        if (count < threshold_) revert RevenueOracle_NotEnoughSignatures(count, threshold_);
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(digest, signatures[i]);
            if (err != ECDSA.RecoverError.NoError) revert RevenueOracle_InvalidSignature(i);
            if (signer <= previous) revert RevenueOracle_SignersNotSorted(i, signer);
            if (!isOperator[signer]) revert RevenueOracle_NotOperator(i, signer);
            previous = signer;
        }
    }

    /// @dev Checks `report` against the campaign's terms and oracle state; returns the amount due to holders.
    function _checkReport(
        Report calldata report,
        IEncoreHub.SettlementTerms memory terms
    ) private view returns (uint256 amountDue) {
        uint256 campaignId = report.campaignId;
        if (!terms.succeeded) revert RevenueOracle_CampaignNotSucceeded(campaignId);
        CampaignRecord storage record = _campaigns[campaignId];
        if (record.pendingReport != 0) revert RevenueOracle_PreviousReportOpen(campaignId, record.pendingReport);
        uint64 start = report.periodStart;
        uint64 end = report.periodEnd;
        if (start >= end || end > block.timestamp) revert RevenueOracle_InvalidPeriod(campaignId, start, end);
        if (start < terms.activatedAt || end > terms.shareEnd) {
            revert RevenueOracle_OutsideShareWindow(campaignId, start, end, terms.activatedAt, terms.shareEnd);
        }
        if (start < record.lastPeriodEnd) revert RevenueOracle_PeriodOverlaps(campaignId, start, record.lastPeriodEnd);
        if (report.sequence <= record.lastSequence || report.sequence > type(uint32).max) {
            revert RevenueOracle_SequenceNotIncreasing(campaignId, report.sequence, record.lastSequence);
        }
        amountDue = Math.mulDiv(report.grossRevenue, terms.revenueShareBps, BPS);
        if (amountDue > type(uint96).max) revert RevenueOracle_AmountTooLarge(amountDue);
    }

    function _emitReportSubmitted(
        uint256 reportId,
        Report calldata report,
        uint256 amountDue,
        uint256 challengeEnd
    ) private {
        emit ReportSubmitted(
            report.campaignId,
            reportId,
            report.sequence,
            report.periodStart,
            report.periodEnd,
            report.grossRevenue,
            amountDue,
            report.statementRoot,
            challengeEnd
        );
    }

    /// @dev Pays up to `due` into campaign `campaignId`'s revenue from the artist's reserve, then from the artist's
    /// allowance; returns what was paid (settlement and enforcement share this order).
    function _collectFromArtist(
        uint256 campaignId,
        IEncoreHub.SettlementTerms memory terms,
        Reserve storage reserve,
        uint256 due
    ) private returns (uint256 paid) {
        paid = Math.min(due, reserve.balance);
        reserve.balance -= uint128(paid);
        if (paid < due) paid += _pullFromArtistAllowance(terms.artist, terms.token, due - paid);
        if (paid != 0) _depositToHub(campaignId, terms.token, paid);
    }

    /// @dev Takes up to `amount` from the artist's wallet through an allowance granted to this oracle; a token
    /// that refuses or delivers a different amount counts as nothing taken (never reverts settlement).
    function _pullFromArtistAllowance(address artist, address token, uint256 amount) private returns (uint256) {
        IERC20 erc20 = IERC20(token);
        uint256 available = Math.min(erc20.allowance(artist, address(this)), erc20.balanceOf(artist));
        amount = Math.min(amount, available);
        if (amount == 0) return 0;
        uint256 balanceBefore = erc20.balanceOf(address(this));
        if (!erc20.trySafeTransferFrom(artist, address(this), amount)) return 0;
        uint256 received = erc20.balanceOf(address(this)) - balanceBefore;
        // An allow-listed settlement token delivers exactly; anything else is kept as the artist's reserve.
        if (received != amount) {
            _reserves[artist][token].balance += uint128(received);
            return 0;
        }
        return amount;
    }

    /// @dev Pays `amount` held by this oracle into campaign `campaignId`'s revenue through the hub.
    function _depositToHub(uint256 campaignId, address token, uint256 amount) private {
        IERC20(token).forceApprove(address(HUB), amount);
        HUB.depositSettlement(campaignId, amount);
    }

    /// @dev `artist` and `token` are checked by the caller.
    function _fundReserve(address artist, address token, uint256 amount) private {
        if (amount == 0) revert RevenueOracle_ZeroAmount();
        Reserve storage reserve = _reserves[artist][token];
        uint256 balance = reserve.balance + amount;
        if (balance > type(uint128).max) revert RevenueOracle_ReserveTooLarge(artist, token);
        reserve.balance = uint128(balance);
        _pullExact(token, msg.sender, amount);
        emit ReserveFunded(artist, token, msg.sender, amount);
    }

    /// @dev A token must be a contract: a call to an address without code would fail without a reason.
    function _requireToken(address token) private view {
        if (token == address(0)) revert RevenueOracle_ZeroAddress();
        if (token.code.length == 0) revert RevenueOracle_NotAContract(token);
    }

    function _pullExact(address token, address from, uint256 amount) private {
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(from, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert RevenueOracle_TransferAmountMismatch(token, amount, received);
    }

    function _free(Reserve storage reserve) private view returns (uint256) {
        uint256 balance = reserve.balance;
        uint256 committed = reserve.committed;
        return balance > committed ? balance - committed : 0;
    }

    function _existingReport(uint256 reportId) private view returns (ReportRecord storage r) {
        r = _reports[reportId];
        if (r.status == ReportStatus.None) revert RevenueOracle_UnknownReport(reportId);
    }

    function _addOperator(address account) private {
        if (account == address(0)) revert RevenueOracle_ZeroAddress();
        if (isOperator[account]) revert RevenueOracle_AlreadyOperator(account);
        if (_operators.length >= MAX_OPERATORS) revert RevenueOracle_TooManyOperators(MAX_OPERATORS);
        isOperator[account] = true;
        _operators.push(account);
        _settings.operatorCount = uint8(_operators.length);
        emit OperatorAdded(account);
    }

    function _setThreshold(uint8 newThreshold) private {
        if (newThreshold == 0 || newThreshold > _operators.length) {
            revert RevenueOracle_InvalidThreshold(newThreshold, _operators.length);
        }
        _settings.threshold = newThreshold;
        emit ThresholdSet(newThreshold);
    }

    function _setGuardian(address account, bool enabled) private {
        if (account == address(0)) revert RevenueOracle_ZeroAddress();
        isGuardian[account] = enabled;
        emit GuardianSet(account, enabled);
    }

    function _setChallengeWindow(uint32 newWindow) private {
        if (newWindow < MIN_CHALLENGE_WINDOW || newWindow > MAX_CHALLENGE_WINDOW) {
            revert RevenueOracle_SettingOutOfBounds(newWindow, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
        }
        _settings.challengeWindow = newWindow;
        emit ChallengeWindowSet(newWindow);
    }

    function _setPaymentGrace(uint32 newGrace) private {
        if (newGrace < MIN_PAYMENT_GRACE || newGrace > MAX_PAYMENT_GRACE) {
            revert RevenueOracle_SettingOutOfBounds(newGrace, MIN_PAYMENT_GRACE, MAX_PAYMENT_GRACE);
        }
        _settings.paymentGrace = newGrace;
        emit PaymentGraceSet(newGrace);
    }

    function _setPenaltyBps(uint16 newPenaltyBps) private {
        if (newPenaltyBps > MAX_PENALTY_BPS) {
            revert RevenueOracle_SettingOutOfBounds(newPenaltyBps, 0, MAX_PENALTY_BPS);
        }
        _settings.penaltyBps = newPenaltyBps;
        emit PenaltyBpsSet(newPenaltyBps);
    }
}
