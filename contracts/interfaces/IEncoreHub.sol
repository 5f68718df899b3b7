// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEncoreShares} from "./IEncoreShares.sol";

/// @title IEncoreHub
/// @notice Encore's entry point: campaigns, escrow, investments, refunds, release of raised funds, revenue deposits
/// and claims. The hub holds every escrowed and revenue token; `EncoreShares` records who owns which part.
interface IEncoreHub {
    // ------------------------------------------------------------------------------------------------ types

    /// @notice Campaign lifecycle. `Ended` is `Active` after the payout cap was reached or the share window closed.
    enum State {
        Funding,
        Failed,
        Active,
        Ended
    }

    /// @notice A field of `CampaignConfig`, named by `EncoreHub_InvalidConfig`.
    enum ConfigField {
        token,
        goal,
        hardCap,
        fundingDeadline,
        minInvestment,
        maxPerInvestor,
        revenueShareBps,
        payoutCap,
        shareDuration,
        vestingDuration,
        bond,
        termsHash,
        metadataURI,
        compliance
    }

    /// @notice What an artist fixes when creating a campaign; never changed afterwards.
    /// @param token Settlement token (allow-listed ERC-20 stablecoin; zero is an invalid config, others off the list
    /// revert with `EncoreHub_TokenNotAllowed`).
    /// @param goal Minimum raise for success (> 0).
    /// @param hardCap Maximum raise (>= goal, < 2**88); an investment that would pass it reverts.
    /// @param fundingDeadline Unix time funding closes (future, at most one year ahead).
    /// @param minInvestment Smallest single investment (<= hardCap, < 2**80).
    /// @param maxPerInvestor Largest total per beneficiary (0 = none; otherwise >= minInvestment and <= hardCap).
    /// @param revenueShareBps Share of reported gross revenue owed to holders (1–10,000).
    /// @param payoutCap Maximum cumulative revenue paid to holders (0 = none; otherwise < 2**95).
    /// @param shareDuration Seconds the revenue share lasts after success (> 0, <= 20 years).
    /// @param vestingDuration Seconds over which raised funds vest linearly to the artist (0 = at once, <= 10 years).
    /// @param bond Settlement tokens the artist locks as a guarantee, pulled at creation (< 2**96).
    /// @param termsHash keccak256 of the legal terms text the investor accepts (non-zero).
    /// @param metadataURI Off-chain description of the campaign (non-empty, at most 512 bytes); emitted, not stored.
    /// @param compliance `IComplianceRegistry` consulted on investments and transfers (zero for an open campaign).
    struct CampaignConfig {
        address token;
        uint256 goal;
        uint256 hardCap;
        uint64 fundingDeadline;
        uint256 minInvestment;
        uint256 maxPerInvestor;
        uint16 revenueShareBps;
        uint256 payoutCap;
        uint64 shareDuration;
        uint64 vestingDuration;
        uint256 bond;
        bytes32 termsHash;
        string metadataURI;
        address compliance;
    }

    /// @notice Everything the hub knows about a campaign, as returned by `campaign(id)`.
    /// @param raised Total invested (equals the share supply while `Funding` and after success).
    /// @param paidToHolders Cumulative revenue credited to holders (counts toward `payoutCap`).
    /// @param released Raised funds already sent to the artist.
    /// @param bond Bond still held (after slashing and withdrawal).
    /// @param activatedAt Time of successful finalization (0 before).
    /// @param feeBps Protocol fee copied from the hub's settings at creation.
    /// @param treasury Fee receiver copied from the hub's settings at creation.
    struct CampaignView {
        address artist;
        address token;
        address treasury;
        address compliance;
        State state;
        uint256 goal;
        uint256 hardCap;
        uint256 raised;
        uint256 minInvestment;
        uint256 maxPerInvestor;
        uint256 payoutCap;
        uint256 paidToHolders;
        uint256 released;
        uint256 bond;
        uint64 fundingDeadline;
        uint64 activatedAt;
        uint64 shareDuration;
        uint64 vestingDuration;
        uint16 revenueShareBps;
        uint16 feeBps;
        bytes32 termsHash;
    }

    /// @notice What the revenue oracle needs to check and settle a report on a campaign, as returned by
    /// `settlementTerms(id)`.
    /// @param succeeded True once the campaign finalized successfully (`Active` or `Ended`).
    /// @param activatedAt Start of the revenue-share window (0 before success).
    /// @param shareEnd End of the revenue-share window (0 before success).
    struct SettlementTerms {
        address artist;
        address token;
        bool succeeded;
        uint16 revenueShareBps;
        uint64 activatedAt;
        uint64 shareEnd;
    }

    // ------------------------------------------------------------------------------------------------ errors

    /// @notice Campaign `campaignId` does not exist.
    error EncoreHub_UnknownCampaign(uint256 campaignId);
    /// @notice Field `field` of the campaign configuration is invalid (see `CampaignConfig` for the rules).
    error EncoreHub_InvalidConfig(ConfigField field);
    /// @notice `token` is not on the settlement-token allow-list.
    error EncoreHub_TokenNotAllowed(address token);
    /// @notice The owner paused the creation of new campaigns.
    error EncoreHub_CampaignCreationPaused();
    /// @notice The owner paused new investments.
    error EncoreHub_InvestmentPaused();
    /// @notice `artist` is suspended by the revenue oracle (unpaid debts or fines) and cannot create campaigns.
    error EncoreHub_ArtistSuspended(address artist);
    /// @notice Campaign `campaignId` is in `state`, not in `Funding`.
    error EncoreHub_NotFunding(uint256 campaignId, State state);
    /// @notice Campaign `campaignId` stopped taking investments at `fundingDeadline`.
    error EncoreHub_FundingClosed(uint256 campaignId, uint256 fundingDeadline);
    /// @notice `amount` is below the campaign's `minInvestment`.
    error EncoreHub_BelowMinInvestment(uint256 campaignId, uint256 amount, uint256 minInvestment);
    /// @notice `beneficiary` would hold `total`, above the campaign's `maxPerInvestor`.
    error EncoreHub_MaxPerInvestorExceeded(
        uint256 campaignId,
        address beneficiary,
        uint256 total,
        uint256 maxPerInvestor
    );
    /// @notice Investing `amount` on top of `raised` would pass `hardCap`.
    error EncoreHub_HardCapExceeded(uint256 campaignId, uint256 raised, uint256 amount, uint256 hardCap);
    /// @notice The beneficiary of an investment is the zero address.
    error EncoreHub_ZeroBeneficiary();
    /// @notice Campaign `campaignId` cannot be finalized before `fundingDeadline` unless its hard cap is reached.
    error EncoreHub_FundingOngoing(uint256 campaignId, uint256 fundingDeadline);
    /// @notice Campaign `campaignId` is in `state`; the action needs `Failed`.
    error EncoreHub_NotFailed(uint256 campaignId, State state);
    /// @notice Campaign `campaignId` is in `state`; the action needs a successful campaign (`Active` or `Ended`).
    error EncoreHub_NotSucceeded(uint256 campaignId, State state);
    /// @notice Campaign `campaignId` is in `state`; revenue can only be deposited while `Active`.
    error EncoreHub_NotActive(uint256 campaignId, State state);
    /// @notice `account` holds no shares of failed campaign `campaignId`.
    error EncoreHub_NothingToRefund(uint256 campaignId, address account);
    /// @notice No vested funds of campaign `campaignId` are waiting to be released.
    error EncoreHub_NothingToRelease(uint256 campaignId);
    /// @notice `account` has no revenue to claim on campaign `campaignId` (or on any of the ids given).
    error EncoreHub_NothingToClaim(uint256 campaignId, address account);
    /// @notice An amount of zero was given.
    error EncoreHub_ZeroAmount();
    /// @notice A batch of `length` items is longer than `maxLength`.
    error EncoreHub_BatchTooLarge(uint256 length, uint256 maxLength);
    /// @notice The hub received `received` of `token` where `expected` was sent (fee-on-transfer or rebasing token).
    error EncoreHub_TransferAmountMismatch(address token, uint256 expected, uint256 received);
    /// @notice The bond of campaign `campaignId` is locked until `unlockTime` (or while the oracle has open reports).
    error EncoreHub_BondLocked(uint256 campaignId, uint256 unlockTime);
    /// @notice The revenue oracle still has open reports or unpaid debts on campaign `campaignId`.
    error EncoreHub_BondLockedByOracle(uint256 campaignId);
    /// @notice Campaign `campaignId` holds no bond.
    error EncoreHub_NoBond(uint256 campaignId);
    /// @notice `account` is owed nothing in `token`.
    error EncoreHub_NothingOwed(address account, address token);
    /// @notice `feeBps` is above the maximum `maxFeeBps`.
    error EncoreHub_FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The treasury was changed 65,535 times; the history that campaigns refer to is full.
    error EncoreHub_TreasuryHistoryFull();
    /// @notice The zero address was given where an account is required.
    error EncoreHub_ZeroAddress();
    /// @notice `account` has no code, where a contract (token or oracle) is required.
    error EncoreHub_NotAContract(address account);
    /// @notice The revenue oracle is already set to `oracle`; it can be set once only.
    error EncoreHub_RevenueOracleAlreadySet(address oracle);
    /// @notice `caller` is not the revenue oracle.
    error EncoreHub_NotRevenueOracle(address caller);

    /// @notice Thrown when restoring `amount` would lift campaign `campaignId`'s bond above `MAX_BOND`.
    error EncoreHub_BondTooLarge(uint256 campaignId, uint256 bond, uint256 amount);

    // ------------------------------------------------------------------------------------------------ events

    /// @notice Artist `artist` created campaign `campaignId` with configuration `config`; its fee is `feeBps`, paid to
    /// the treasury announced by `TreasurySet` with index `treasuryIndex`.
    event CampaignCreated(
        uint256 indexed campaignId,
        address indexed artist,
        address indexed token,
        CampaignConfig config,
        uint16 feeBps,
        uint16 treasuryIndex
    );
    /// @notice `payer` invested `amount` in campaign `campaignId`; `investor` received the shares.
    event Invested(
        uint256 indexed campaignId,
        address indexed investor,
        address indexed payer,
        uint256 amount,
        uint256 raised
    );
    /// @notice Campaign `campaignId` left `Funding`: `success` (now `Active`) or not (now `Failed`).
    /// @param fee Protocol fee sent to the treasury (0 on failure).
    event Finalized(uint256 indexed campaignId, bool success, uint256 raised, uint256 fee);
    /// @notice `investor` burned `amount` shares of failed campaign `campaignId` and received `amount` tokens.
    event Refunded(uint256 indexed campaignId, address indexed investor, uint256 amount);
    /// @notice A pushed refund to `investor` failed (the token refused the transfer); their shares are untouched.
    event RefundSkipped(uint256 indexed campaignId, address indexed investor, uint256 amount);
    /// @notice `amount` of vested funds of campaign `campaignId` went to `artist`.
    event FundsReleased(uint256 indexed campaignId, address indexed artist, uint256 amount, uint256 totalReleased);
    /// @notice `from` deposited `amount` revenue into campaign `campaignId`: `toHolders` credited pro rata, the
    /// excess over the payout cap (`toArtist`) sent to the artist.
    event RevenueDeposited(
        uint256 indexed campaignId,
        address indexed from,
        uint256 amount,
        uint256 toHolders,
        uint256 toArtist
    );
    /// @notice `account` claimed `amount` of revenue from campaign `campaignId`.
    event Claimed(uint256 indexed campaignId, address indexed account, uint256 amount);
    /// @notice The artist's bond of campaign `campaignId` was returned (`amount`).
    event BondWithdrawn(uint256 indexed campaignId, address indexed artist, uint256 amount);
    /// @notice The revenue oracle moved `amount` of the bond of campaign `campaignId` to its holders.
    event BondSlashed(uint256 indexed campaignId, address indexed artist, uint256 amount);

    /// @notice The revenue oracle paid `amount` back into campaign `campaignId`'s bond (an enforced debt was repaid).
    event BondRestored(uint256 indexed campaignId, address indexed artist, uint256 amount, uint256 bond);
    /// @notice A push of `amount` `token` to `account` failed; it is kept for `account` to withdraw.
    event PaymentDeferred(address indexed account, address indexed token, uint256 amount);
    /// @notice `account` withdrew `amount` `token` of deferred payments.
    event DeferredWithdrawn(address indexed account, address indexed token, uint256 amount);
    /// @notice The fee for future campaigns is now `feeBps`.
    event FeeBpsSet(uint16 feeBps);
    /// @notice The fee receiver for future campaigns is now `treasury`, recorded at `treasuryIndex`.
    event TreasurySet(address indexed treasury, uint16 treasuryIndex);
    /// @notice `token` was added to (`allowed`) or removed from the settlement-token allow-list.
    event SettlementTokenSet(address indexed token, bool allowed);
    /// @notice The creation of new campaigns was paused or resumed.
    event CampaignCreationPausedSet(bool paused);
    /// @notice New investments were paused or resumed.
    event InvestmentPausedSet(bool paused);
    /// @notice The revenue oracle was set (once).
    event RevenueOracleSet(address indexed oracle);

    // ------------------------------------------------------------------------------------------------ functions

    /// @notice Creates a campaign; `msg.sender` is the artist and pays the bond.
    function createCampaign(CampaignConfig calldata cfg) external returns (uint256 campaignId);

    /// @notice Invests `amount` in campaign `campaignId`; the caller pays and receives the shares.
    function invest(uint256 campaignId, uint256 amount) external;

    /// @notice Invests with an EIP-2612 permit for the hub, in one transaction.
    function investWithPermit(
        uint256 campaignId,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Invests `amount` paid by the caller; `beneficiary` receives the shares (compliance checks it).
    function investFor(uint256 campaignId, address beneficiary, uint256 amount) external;

    /// @notice Ends funding of campaign `campaignId` after the deadline or once the hard cap is reached.
    function finalize(uint256 campaignId) external;

    /// @notice Burns the caller's shares of failed campaign `campaignId` and returns what they cost.
    function refund(uint256 campaignId) external;

    /// @notice Pushes refunds of failed campaign `campaignId` to `holders` (bounded batch; failures are skipped).
    function refundMany(uint256 campaignId, address[] calldata holders) external returns (uint256 refunded);

    /// @notice Sends the vested, not yet released raised funds of campaign `campaignId` to its artist.
    function releaseFunds(uint256 campaignId) external returns (uint256 amount);

    /// @notice Pays `amount` of revenue into campaign `campaignId`; holders' part is credited pro rata in O(1).
    function depositRevenue(uint256 campaignId, uint256 amount) external;

    /// @notice Revenue of campaign `campaignId` that `account` can claim now.
    function claimable(uint256 campaignId, address account) external view returns (uint256);

    /// @notice Claims the caller's revenue of campaign `campaignId`.
    function claim(uint256 campaignId) external returns (uint256 amount);

    /// @notice Claims the caller's revenue of several campaigns; ids with nothing to claim are skipped.
    function claimMany(uint256[] calldata campaignIds) external returns (uint256 total);

    /// @notice Lifecycle state of campaign `campaignId`.
    function state(uint256 campaignId) external view returns (State);

    /// @notice The ERC-1155 revenue-share token deployed by the hub.
    function SHARES() external view returns (IEncoreShares);

    /// @notice Everything the hub knows about campaign `campaignId`.
    function campaign(uint256 campaignId) external view returns (CampaignView memory);

    /// @notice Number of campaigns created; ids run from 1 to this number.
    function campaignCount() external view returns (uint256);

    /// @notice Vested funds of campaign `campaignId` not yet released to the artist.
    function releasable(uint256 campaignId) external view returns (uint256);

    /// @notice What the revenue oracle checks a report against: artist, token, share of revenue and share window.
    function settlementTerms(uint256 campaignId) external view returns (SettlementTerms memory);

    /// @notice Revenue campaign `campaignId`'s holders can still receive before its payout cap is reached.
    function holderRoom(uint256 campaignId) external view returns (uint256);

    /// @notice Revenue oracle only: pays `amount` (pulled from the oracle) into campaign `campaignId`'s revenue.
    function depositSettlement(uint256 campaignId, uint256 amount) external;

    /// @notice Revenue oracle only: moves up to `amount` of campaign `campaignId`'s bond to its holders.
    /// @return paid What was moved (limited by the bond and the payout cap).
    function slashBond(uint256 campaignId, uint256 amount) external returns (uint256 paid);

    /// @notice Revenue oracle only: adds `amount` (pulled from the oracle) back to campaign `campaignId`'s bond.
    function restoreBond(uint256 campaignId, uint256 amount) external;
}
