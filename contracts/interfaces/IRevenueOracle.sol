// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRevenueOracle
/// @notice Encore's revenue oracle: k-of-n operators sign EIP-712 revenue reports per campaign; after a challenge
/// window a report is settled from the artist's pre-funded reserve (or allowance) into the campaign's revenue; what
/// the artist cannot pay becomes a debt with a due date; an unpaid debt is enforced from the campaign's bond (debt
/// plus a fine to holders) and suspends the artist until everything is repaid.
/// @dev `EncoreHub` only calls `isSuspended` and `isBondLocked`; everything else is for operators, guardians,
/// keepers, artists and the dApp.
interface IRevenueOracle {
    // ------------------------------------------------------------------------------------------------ types

    /// @notice Where a report stands.
    /// @dev `Pending`: submitted, in or past its challenge window, not settled. `Disputed`: voided inside the window.
    /// `Settled`: paid in full at settlement. `Debt`: settled short, the rest is owed by `dueDate`. `Enforced`: the
    /// bond paid the debt and a fine to holders; the artist owes it back and is suspended. `Paid`: a debt or an
    /// enforced obligation repaid.
    enum ReportStatus {
        None,
        Pending,
        Disputed,
        Settled,
        Debt,
        Enforced,
        Paid
    }

    /// @notice A revenue report, as operators sign it (EIP-712 type `Report`).
    /// @param campaignId Campaign the revenue belongs to.
    /// @param periodStart Start of the reported period (unix time, inclusive).
    /// @param periodEnd End of the reported period (unix time, exclusive); inside the campaign's share window.
    /// @param grossRevenue Verified gross revenue of the period, in settlement-token units.
    /// @param statementRoot Merkle root of the statement lines the figure was computed from.
    /// @param sequence Per-campaign report number; strictly increasing (a disputed report's number may be reused).
    struct Report {
        uint256 campaignId;
        uint64 periodStart;
        uint64 periodEnd;
        uint256 grossRevenue;
        bytes32 statementRoot;
        uint64 sequence;
    }

    /// @notice What the oracle stores per report (one storage slot).
    /// @param amount `Pending`/`Settled`: the amount due; `Debt`/`Enforced`: what is still owed; `Paid`: what the
    /// last repayment paid; `Disputed`: the amount that was due.
    /// @param challengeEnd End of the challenge window; settlement is possible from then on.
    /// @param dueDate Deadline for a debt (challenge end + the grace in force at submission).
    /// @param penaltyBps Fine rate fixed at submission, applied to the debt on enforcement.
    struct ReportRecord {
        uint48 campaignId;
        ReportStatus status;
        uint40 challengeEnd;
        uint40 dueDate;
        uint16 penaltyBps;
        uint96 amount;
    }

    /// @notice Per-campaign oracle state (one storage slot).
    /// @param lastSequence Sequence of the latest report that is not disputed.
    /// @param lastPeriodEnd Period end of that report; the next period starts at or after it.
    /// @param pendingReport The campaign's report awaiting settlement (0 = none); a new report waits for it.
    /// @param openDebts Reports of this campaign in `Debt` or `Enforced` (the bond stays locked while > 0).
    /// @param delinquent Set on the campaign's first enforcement and never cleared: a record for investors.
    /// @param pendingTag Low 40 bits of the pending report's EIP-712 digest; a dispute voids that tag for good, so
    /// the signatures of a disputed report can never be submitted again.
    struct CampaignRecord {
        uint32 lastSequence;
        uint40 lastPeriodEnd;
        uint32 prevSequence;
        uint40 prevPeriodEnd;
        uint48 pendingReport;
        uint16 openDebts;
        bool delinquent;
        uint40 pendingTag;
    }

    /// @notice What an enforced report still needs from the artist: back to holders (the part the bond could not
    /// cover) and back into the bond (what the bond advanced).
    struct Enforcement {
        uint128 toHolders;
        uint128 toBond;
    }

    // ------------------------------------------------------------------------------------------------ errors

    /// @notice Fewer signatures than the threshold.
    error RevenueOracle_NotEnoughSignatures(uint256 provided, uint256 threshold);
    /// @notice Signature number `index` is malformed or does not recover to an address.
    error RevenueOracle_InvalidSignature(uint256 index);
    /// @notice Signature number `index` is not from a strictly greater signer address than the one before it
    /// (signatures come sorted by signer, which also rejects duplicates).
    error RevenueOracle_SignersNotSorted(uint256 index, address signer);
    /// @notice Signature number `index` recovers to `signer`, which is not a registered operator.
    error RevenueOracle_NotOperator(uint256 index, address signer);
    /// @notice The campaign has not succeeded: it has no share window to report on.
    error RevenueOracle_CampaignNotSucceeded(uint256 campaignId);
    /// @notice The period is empty or not over yet.
    error RevenueOracle_InvalidPeriod(uint256 campaignId, uint64 periodStart, uint64 periodEnd);
    /// @notice The period starts before the end of the campaign's latest report.
    error RevenueOracle_PeriodOverlaps(uint256 campaignId, uint64 periodStart, uint64 lastPeriodEnd);
    /// @notice The period is not inside the campaign's share window.
    error RevenueOracle_OutsideShareWindow(
        uint256 campaignId,
        uint64 periodStart,
        uint64 periodEnd,
        uint64 start,
        uint64 end
    );
    /// @notice The sequence does not exceed the campaign's latest one (or does not fit 32 bits).
    error RevenueOracle_SequenceNotIncreasing(uint256 campaignId, uint64 sequence, uint64 lastSequence);
    /// @notice Report `reportId` of the campaign is not settled or disputed yet.
    error RevenueOracle_PreviousReportOpen(uint256 campaignId, uint256 reportId);
    /// @notice This exact report (same signed digest) was disputed on campaign `campaignId`: it can never count.
    error RevenueOracle_ReportVoided(uint256 campaignId, bytes32 digest);
    /// @notice The amount due does not fit the oracle's accounting (2**96 - 1).
    error RevenueOracle_AmountTooLarge(uint256 amountDue);
    /// @notice No report has this id.
    error RevenueOracle_UnknownReport(uint256 reportId);
    /// @notice The report is not in a status that allows this call.
    error RevenueOracle_WrongStatus(uint256 reportId, ReportStatus status);
    /// @notice The challenge window of the report is over (dispute) or still open (settle).
    error RevenueOracle_ChallengeWindowClosed(uint256 reportId, uint256 challengeEnd);
    /// @notice Settlement waits for the end of the challenge window.
    error RevenueOracle_ChallengeWindowOpen(uint256 reportId, uint256 challengeEnd);
    /// @notice Enforcement waits for the debt's due date.
    error RevenueOracle_NotDue(uint256 reportId, uint256 dueDate);
    /// @notice Only a guardian or an operator may dispute.
    error RevenueOracle_NotGuardianOrOperator(address caller);
    /// @notice The withdrawal would take reserve that is owed to reports or debts.
    error RevenueOracle_ReserveOwed(address artist, address token, uint256 free, uint256 requested);
    /// @notice An amount of zero.
    error RevenueOracle_ZeroAmount();
    /// @notice The zero address where an account is required.
    error RevenueOracle_ZeroAddress();
    /// @notice `account` has no code where a token contract is required.
    error RevenueOracle_NotAContract(address account);
    /// @notice A token moved a different amount than requested (fee-on-transfer tokens are refused).
    error RevenueOracle_TransferAmountMismatch(address token, uint256 expected, uint256 received);
    /// @notice The reserve would exceed 2**128 - 1.
    error RevenueOracle_ReserveTooLarge(address artist, address token);
    /// @notice At most `MAX_OPERATORS` operators.
    error RevenueOracle_TooManyOperators(uint256 maxOperators);
    /// @notice `account` is already an operator.
    error RevenueOracle_AlreadyOperator(address account);
    /// @notice `account` is not an operator.
    error RevenueOracle_UnknownOperator(address account);
    /// @notice The threshold must be at least 1 and at most the number of operators.
    error RevenueOracle_InvalidThreshold(uint256 threshold, uint256 operatorCount);
    /// @notice A setting outside its bounds.
    error RevenueOracle_SettingOutOfBounds(uint256 value, uint256 min, uint256 max);

    // ------------------------------------------------------------------------------------------------ events

    /// @notice A report was accepted; it can be disputed until `challengeEnd`, then settled.
    event ReportSubmitted(
        uint256 indexed campaignId,
        uint256 indexed reportId,
        uint64 sequence,
        uint64 periodStart,
        uint64 periodEnd,
        uint256 grossRevenue,
        uint256 amountDue,
        bytes32 statementRoot,
        uint256 challengeEnd
    );
    /// @notice A guardian or operator voided a report inside its window.
    event ReportDisputed(uint256 indexed campaignId, uint256 indexed reportId, address indexed by);
    /// @notice A report was settled: `paid` went into the campaign's revenue, `debt` is owed by the artist.
    event ReportSettled(
        uint256 indexed campaignId,
        uint256 indexed reportId,
        address indexed artist,
        uint256 paid,
        uint256 debt
    );
    /// @notice The artist owes `amount` on a report, due by `dueDate`.
    event DebtRecorded(
        uint256 indexed campaignId,
        uint256 indexed reportId,
        address indexed artist,
        uint256 amount,
        uint256 dueDate
    );
    /// @notice A debt or enforced obligation was repaid: `toHolders` into revenue, `toBond` back into the bond.
    event DebtPaid(
        uint256 indexed campaignId,
        uint256 indexed reportId,
        address indexed payer,
        uint256 toHolders,
        uint256 toBond
    );
    /// @notice An unpaid debt was enforced: the bond paid `paidFromBond` of `debt + fine` to holders.
    event Enforced(
        uint256 indexed campaignId,
        uint256 indexed reportId,
        address indexed artist,
        uint256 debt,
        uint256 fine,
        uint256 paidFromBond
    );
    /// @notice The artist can no longer create campaigns (an enforcement on `campaignId`).
    event ArtistSuspended(address indexed artist, uint256 indexed campaignId);
    /// @notice The artist repaid every enforced obligation (the last one on `campaignId`) and may create campaigns.
    event ArtistReinstated(address indexed artist, uint256 indexed campaignId);
    /// @notice `payer` added `amount` of `token` to `artist`'s revenue reserve.
    event ReserveFunded(address indexed artist, address indexed token, address indexed payer, uint256 amount);
    /// @notice `artist` withdrew `amount` of free reserve.
    event ReserveWithdrawn(address indexed artist, address indexed token, uint256 amount);
    /// @notice Operator set changes.
    event OperatorAdded(address indexed operator);
    /// @notice Operator set changes.
    event OperatorRemoved(address indexed operator);
    /// @notice Number of operator signatures a report needs.
    event ThresholdSet(uint8 threshold);
    /// @notice Guardian set changes.
    event GuardianSet(address indexed guardian, bool enabled);
    /// @notice Challenge window for reports submitted from now on.
    event ChallengeWindowSet(uint32 challengeWindow);
    /// @notice Payment grace after the window, for reports submitted from now on.
    event PaymentGraceSet(uint32 paymentGrace);
    /// @notice Fine rate for reports submitted from now on.
    event PenaltyBpsSet(uint16 penaltyBps);

    // ------------------------------------------------------------------------------------------------ functions

    /// @notice Accepts `report` signed by at least `threshold` distinct operators, sorted by signer address.
    /// @return reportId Id of the new report (ids start at 1).
    function submitReport(Report calldata report, bytes[] calldata signatures) external returns (uint256 reportId);

    /// @notice Voids report `reportId` inside its challenge window (guardians and operators).
    function dispute(uint256 reportId) external;

    /// @notice After the window, pays the amount due from the artist's reserve (then allowance) into revenue;
    /// the rest becomes a debt. Anyone may call.
    /// @return paid What went into the campaign's revenue.
    function settle(uint256 reportId) external returns (uint256 paid);

    /// @notice Repays a debt or enforced obligation in full: from the artist's free reserve first, the rest from
    /// the caller. Anyone may pay for the artist.
    function payDue(uint256 reportId) external;

    /// @notice After the due date of an unpaid debt: the artist's reserve (then allowance) pays what it can; for
    /// the rest the bond pays debt + fine to holders, the campaign is marked delinquent and the artist suspended
    /// until repaid. Anyone may call.
    function enforce(uint256 reportId) external;

    /// @notice Adds `amount` of `token` to `artist`'s revenue reserve (pulled from the caller).
    function fundReserve(address artist, address token, uint256 amount) external;

    /// @notice Adds `amount` of `token` to the caller's own revenue reserve in one transaction: the EIP-2612 permit
    /// (`deadline`, `v`, `r`, `s`, signed by the caller for this oracle and `amount`) replaces a separate approval.
    function fundReserveWithPermit(
        address token,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Withdraws `amount` of the caller's free (not owed) reserve of `token`.
    function withdrawReserve(address token, uint256 amount) external;

    /// @notice True while `artist` has enforced obligations unpaid; a suspended artist cannot create campaigns.
    function isSuspended(address artist) external view returns (bool);

    /// @notice True while campaign `campaignId` has a report awaiting settlement or an unpaid debt, so its bond
    /// must not be returned to the artist yet.
    function isBondLocked(uint256 campaignId) external view returns (bool);

    /// @notice True when `settle(reportId)` would succeed now.
    function isSettleable(uint256 reportId) external view returns (bool);

    /// @notice True when `enforce(reportId)` would succeed now.
    function isEnforceable(uint256 reportId) external view returns (bool);

    /// @notice Number of reports submitted; ids run from 1 to this number.
    function reportCount() external view returns (uint256);
}
