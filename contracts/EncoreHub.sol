// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {EncoreShares} from "./EncoreShares.sol";
import {IEncoreHub} from "./interfaces/IEncoreHub.sol";
import {IEncoreShares} from "./interfaces/IEncoreShares.sol";
import {IRevenueOracle} from "./interfaces/IRevenueOracle.sol";

/// @title EncoreHub
/// @notice Campaigns, escrow, investments, refunds, vesting release, revenue deposits and claims of Encore.
/// Holds every escrowed, vesting, revenue and bond token; no proxy, so its rules never change once deployed.
/// @dev Revenue reaches holders through a per-campaign accumulator kept by `EncoreShares` (O(1) per deposit). The
/// owner sets protocol parameters for future campaigns only; nothing the owner can call moves escrowed, revenue or
/// bond funds, or blocks finalization, refunds, releases, claims or bond withdrawal. Payments the hub pushes
/// (fee, released funds, excess revenue, bond) never block the caller: a refused push is kept for the receiver to
/// withdraw (`withdrawDeferred`).
contract EncoreHub is IEncoreHub, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Basis-point denominator.
    uint256 public constant BPS = 10_000;
    /// @notice Highest protocol fee the owner can set (10 %).
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// @notice Latest funding deadline, counted from creation.
    uint256 public constant MAX_FUNDING_PERIOD = 365 days;
    /// @notice Longest revenue-share window.
    uint256 public constant MAX_SHARE_DURATION = 20 * 365 days;
    /// @notice Longest vesting of raised funds.
    uint256 public constant MAX_VESTING_DURATION = 10 * 365 days;
    /// @notice Largest hard cap (the share supply is stored in 88 bits).
    uint256 public constant MAX_HARD_CAP = type(uint88).max;
    /// @notice Largest minimum investment (stored in 80 bits).
    uint256 public constant MAX_MIN_INVESTMENT = type(uint80).max;
    /// @notice Largest cumulative revenue to the holders of one campaign (keeps accrual corrections in 160 bits).
    uint256 public constant MAX_REVENUE_TO_HOLDERS = 2 ** 95 - 1;
    /// @notice Largest bond (stored in 96 bits).
    uint256 public constant MAX_BOND = type(uint96).max;
    /// @notice Longest metadata URI, in bytes.
    uint256 public constant MAX_METADATA_URI_LENGTH = 512;
    /// @notice Longest batch for `refundMany` and `claimMany`.
    uint256 public constant MAX_BATCH = 200;
    /// @notice How long the bond stays locked after the share window closes (late reports can still be settled).
    uint256 public constant BOND_LOCK_AFTER_SHARE_END = 180 days;

    /// @dev Fixed-point scale of the accumulator, the same as `EncoreShares.MAGNITUDE`.
    uint256 private constant REVENUE_MAGNITUDE = 2 ** 64;

    /// @notice The ERC-1155 revenue-share token, deployed by this hub.
    IEncoreShares public immutable SHARES;

    /// @dev Protocol settings, packed in one slot read by `createCampaign` and `invest`. The treasury is kept as an
    /// index into `_treasuries` so that a campaign copies it at creation in 16 bits of an already-written slot.
    struct Settings {
        uint16 feeBps;
        bool campaignCreationPaused;
        bool investmentPaused;
        uint48 campaignCount;
        uint16 treasuryIndex;
        address revenueOracle;
    }

    /// @dev One campaign, packed so that an investment reads three slots and a claim one.
    struct Campaign {
        // slot 0: read by every investment, deposit and claim
        address token;
        uint40 fundingDeadline;
        State status; // Funding, Failed or Active; `Ended` is derived by `_state`
        uint16 revenueShareBps;
        uint16 feeBps;
        uint16 treasuryIndex; // `_treasuries[treasuryIndex]` receives this campaign's fee
        // slot 1
        uint88 raised;
        uint88 hardCap;
        uint80 minInvestment;
        // slot 2: read by every investment (the registry is handed to the shares mint, so its hook costs no
        // extra storage read)
        address compliance; // `EncoreShares.complianceOf`, copied here at creation
        uint88 maxPerInvestor;
        // slot 3
        uint88 goal;
        uint40 shareDuration;
        uint40 vestingDuration;
        uint40 activatedAt;
        // slot 4
        address artist;
        uint96 bond;
        // slot 5
        bytes32 termsHash;
        // slot 6: written by every deposit; `paidToHolders` always changes there, so a deposit costs the same
        // whatever the remainder (keeps deposits O(1) in gas, not only in steps)
        uint96 paidToHolders;
        uint88 revenueRemainder; // magnified remainder of the last per-share division, carried to the next deposit
        // slot 7
        uint96 payoutCap;
        uint88 released;
    }

    Settings private _settings;
    /// @dev Every treasury the owner has set, in order; campaigns keep the index current at their creation.
    mapping(uint16 index => address treasury) private _treasuries;
    /// @notice Settlement-token allow-list.
    mapping(address token => bool allowed) public isSettlementToken;
    mapping(uint256 campaignId => Campaign) private _campaigns;
    /// @notice Pushed payments that the token refused, kept for the receiver to withdraw.
    mapping(address account => mapping(address token => uint256 amount)) public deferred;

    /// @param initialOwner Protocol owner (a `TimelockController` in production).
    /// @param treasury_ Receiver of protocol fees.
    /// @param feeBps_ Protocol fee on successful raises (<= `MAX_FEE_BPS`).
    /// @param sharesUri ERC-1155 metadata URI template of the shares.
    constructor(
        address initialOwner,
        address treasury_,
        uint16 feeBps_,
        string memory sharesUri
    ) Ownable(initialOwner) {
        SHARES = new EncoreShares(sharesUri);
        _setTreasury(treasury_);
        _setFeeBps(feeBps_);
    }

    // ------------------------------------------------------------------------------------------------ campaigns

    /// @inheritdoc IEncoreHub
    /// @dev Requirements: creation not paused, the artist not suspended, every field valid
    /// (`EncoreHub_InvalidConfig` names the first bad one), the token allow-listed, the bond approved.
    /// Emits {CampaignCreated}.
    function createCampaign(CampaignConfig calldata cfg) external nonReentrant returns (uint256 campaignId) {
        Settings memory settings = _settings;
        if (settings.campaignCreationPaused) revert EncoreHub_CampaignCreationPaused();
        address oracle = settings.revenueOracle;
        if (oracle != address(0) && IRevenueOracle(oracle).isSuspended(msg.sender)) {
            revert EncoreHub_ArtistSuspended(msg.sender);
        }
        _validateConfig(cfg);

        campaignId = ++settings.campaignCount;
        _settings.campaignCount = settings.campaignCount;
        Campaign storage c = _campaigns[campaignId];
        c.token = cfg.token;
        c.fundingDeadline = uint40(cfg.fundingDeadline);
        c.revenueShareBps = cfg.revenueShareBps;
        c.feeBps = settings.feeBps;
        c.treasuryIndex = settings.treasuryIndex;
        c.hardCap = uint88(cfg.hardCap);
        c.minInvestment = uint80(cfg.minInvestment);
        c.artist = msg.sender;
        if (cfg.maxPerInvestor != 0 || cfg.compliance != address(0)) {
            c.compliance = cfg.compliance;
            c.maxPerInvestor = uint88(cfg.maxPerInvestor);
        }
        c.goal = uint88(cfg.goal);
        c.shareDuration = uint40(cfg.shareDuration);
        c.vestingDuration = uint40(cfg.vestingDuration);
        c.bond = uint96(cfg.bond);
        c.termsHash = cfg.termsHash;
        if (cfg.payoutCap != 0) c.payoutCap = uint96(cfg.payoutCap);

        if (cfg.compliance != address(0)) SHARES.setCompliance(campaignId, cfg.compliance);
        if (cfg.bond != 0) _pullExact(cfg.token, msg.sender, cfg.bond);
        emit CampaignCreated(campaignId, msg.sender, cfg.token, cfg, settings.feeBps, settings.treasuryIndex);
    }

    /// @inheritdoc IEncoreHub
    /// @dev Requirements: see `investFor`. Emits {Invested}.
    function invest(uint256 campaignId, uint256 amount) external nonReentrant {
        _invest(campaignId, msg.sender, amount);
    }

    /// @inheritdoc IEncoreHub
    /// @dev The permit is tried and its failure ignored, so a permit front-run by someone else (which already set the
    /// allowance) cannot grief the investment; the transfer then fails if no allowance exists. Emits {Invested}.
    function investWithPermit(
        uint256 campaignId,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        address token = _existing(campaignId).token;
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _invest(campaignId, msg.sender, amount);
    }

    /// @inheritdoc IEncoreHub
    /// @dev Requirements: investments not paused; the campaign in `Funding` and before its deadline; `amount` >= the
    /// minimum, within the hard cap and, with the beneficiary's earlier shares, within `maxPerInvestor`; the
    /// campaign's compliance registry (if any) accepts the beneficiary; the token arrives in full.
    /// Emits {Invested}.
    function investFor(uint256 campaignId, address beneficiary, uint256 amount) external nonReentrant {
        if (beneficiary == address(0)) revert EncoreHub_ZeroBeneficiary();
        _invest(campaignId, beneficiary, amount);
    }

    /// @inheritdoc IEncoreHub
    /// @dev Anyone may call once the deadline passed or the hard cap is reached. Raised >= goal: `Active`, the fee
    /// goes to the campaign's treasury and the rest starts vesting to the artist; otherwise `Failed`.
    /// Emits {Finalized}.
    function finalize(uint256 campaignId) external nonReentrant {
        Campaign storage c = _existing(campaignId);
        if (c.status != State.Funding) revert EncoreHub_NotFunding(campaignId, _state(c));
        uint256 raised = c.raised;
        if (block.timestamp < c.fundingDeadline && raised < c.hardCap) {
            revert EncoreHub_FundingOngoing(campaignId, c.fundingDeadline);
        }
        if (raised < c.goal) {
            c.status = State.Failed;
            emit Finalized(campaignId, false, raised, 0);
            return;
        }
        c.status = State.Active;
        c.activatedAt = uint40(block.timestamp);
        SHARES.enableTransfers(campaignId);
        uint256 fee = _fee(c);
        if (fee != 0) _push(c.token, _treasuries[c.treasuryIndex], fee);
        emit Finalized(campaignId, true, raised, fee);
    }

    /// @inheritdoc IEncoreHub
    /// @dev Requirements: the campaign `Failed`, the caller holds shares. Shares cost 1:1, so the refund equals the
    /// burned balance. Emits {Refunded}.
    function refund(uint256 campaignId) external nonReentrant {
        Campaign storage c = _existing(campaignId);
        if (c.status != State.Failed) revert EncoreHub_NotFailed(campaignId, _state(c));
        uint256 amount = SHARES.balanceOf(msg.sender, campaignId);
        if (amount == 0) revert EncoreHub_NothingToRefund(campaignId, msg.sender);
        SHARES.burn(msg.sender, campaignId, amount);
        IERC20(c.token).safeTransfer(msg.sender, amount);
        emit Refunded(campaignId, msg.sender, amount);
    }

    /// @inheritdoc IEncoreHub
    /// @dev Anyone (a keeper) may push refunds. Holders with no shares are skipped; a holder the token refuses to pay
    /// keeps their shares (and can `refund` later) and never blocks the others. At most `MAX_BATCH` holders.
    /// Emits {Refunded} or {RefundSkipped} per holder with shares.
    function refundMany(
        uint256 campaignId,
        address[] calldata holders
    ) external nonReentrant returns (uint256 refunded) {
        if (holders.length > MAX_BATCH) revert EncoreHub_BatchTooLarge(holders.length, MAX_BATCH);
        Campaign storage c = _existing(campaignId);
        if (c.status != State.Failed) revert EncoreHub_NotFailed(campaignId, _state(c));
        IERC20 token = IERC20(c.token);
        for (uint256 i = 0; i < holders.length; ++i) {
            address holder = holders[i];
            uint256 amount = SHARES.balanceOf(holder, campaignId);
            if (amount == 0) continue;
            // Pay first, burn only what was paid: the hub is locked against re-entry and the token is allow-listed.
            if (token.trySafeTransfer(holder, amount)) {
                SHARES.burn(holder, campaignId, amount);
                refunded += amount;
                emit Refunded(campaignId, holder, amount);
            } else {
                emit RefundSkipped(campaignId, holder, amount);
            }
        }
    }

    /// @inheritdoc IEncoreHub
    /// @dev Anyone may call. Requirements: the campaign succeeded and something vested since the last release.
    /// Emits {FundsReleased}.
    function releaseFunds(uint256 campaignId) external nonReentrant returns (uint256 amount) {
        Campaign storage c = _existing(campaignId);
        if (c.status != State.Active) revert EncoreHub_NotSucceeded(campaignId, _state(c));
        amount = _releasable(c);
        if (amount == 0) revert EncoreHub_NothingToRelease(campaignId);
        uint256 released = c.released + amount;
        c.released = uint88(released);
        _push(c.token, c.artist, amount);
        emit FundsReleased(campaignId, c.artist, amount, released);
    }

    /// @notice Returns the bond of campaign `campaignId` to its artist.
    /// @dev Anyone may call. Requirements: a bond is held; the campaign `Failed`, or succeeded and either its payout
    /// cap is reached or `BOND_LOCK_AFTER_SHARE_END` passed since its share window closed; and the revenue oracle
    /// (when set) reports no open report or unpaid debt on it. Emits {BondWithdrawn}.
    function withdrawBond(uint256 campaignId) external nonReentrant {
        Campaign storage c = _existing(campaignId);
        uint256 bond = c.bond;
        if (bond == 0) revert EncoreHub_NoBond(campaignId);
        uint256 unlockTime = bondUnlockTime(campaignId);
        if (block.timestamp < unlockTime) revert EncoreHub_BondLocked(campaignId, unlockTime);
        address oracle = _settings.revenueOracle;
        if (oracle != address(0) && IRevenueOracle(oracle).isBondLocked(campaignId)) {
            revert EncoreHub_BondLockedByOracle(campaignId);
        }
        c.bond = 0;
        _push(c.token, c.artist, bond);
        emit BondWithdrawn(campaignId, c.artist, bond);
    }

    // ------------------------------------------------------------------------------------------------ revenue

    /// @inheritdoc IEncoreHub
    /// @dev Anyone may pay in (artist, label, fiat bridge). Requirements: the campaign `Active`, `amount` > 0 and
    /// received in full. Up to the remaining payout cap is credited to holders in O(1); the excess goes to the
    /// artist. Emits {RevenueDeposited}.
    function depositRevenue(uint256 campaignId, uint256 amount) external nonReentrant {
        Campaign storage c = _existing(campaignId);
        State current = _state(c);
        if (current != State.Active) revert EncoreHub_NotActive(campaignId, current);
        _depositRevenue(campaignId, c, amount);
    }

    /// @notice Settlement entry of the revenue oracle: pays `amount` (pulled from the oracle) into campaign
    /// `campaignId`, also after its share window closed, for reports on periods inside the window.
    /// @dev Requirements: caller is `revenueOracle`; the campaign succeeded (`Active` or `Ended`). Holders receive up
    /// to the remaining payout cap; the excess goes to the artist. Emits {RevenueDeposited}.
    function depositSettlement(uint256 campaignId, uint256 amount) external nonReentrant {
        if (msg.sender != _settings.revenueOracle) revert EncoreHub_NotRevenueOracle(msg.sender);
        Campaign storage c = _existing(campaignId);
        if (c.status != State.Active) revert EncoreHub_NotSucceeded(campaignId, _state(c));
        _depositRevenue(campaignId, c, amount);
    }

    /// @notice Enforcement entry of the revenue oracle: moves up to `amount` of the artist's bond of campaign
    /// `campaignId` to its holders, within the remaining payout cap.
    /// @dev Requirements: caller is `revenueOracle`; the campaign succeeded. Emits {BondSlashed}.
    /// @return paid What was actually moved (limited by the bond and the payout cap).
    function slashBond(uint256 campaignId, uint256 amount) external nonReentrant returns (uint256 paid) {
        if (msg.sender != _settings.revenueOracle) revert EncoreHub_NotRevenueOracle(msg.sender);
        Campaign storage c = _existing(campaignId);
        if (c.status != State.Active) revert EncoreHub_NotSucceeded(campaignId, _state(c));
        paid = _min(amount, c.bond);
        paid = _min(paid, _holderRoom(c));
        if (paid == 0) return 0;
        c.bond -= uint96(paid);
        _creditHolders(campaignId, c, paid);
        emit BondSlashed(campaignId, c.artist, paid);
    }

    /// @notice Restoration entry of the revenue oracle: adds `amount` (pulled from the oracle) to campaign
    /// `campaignId`'s bond, when an artist repays what enforcement took from it.
    /// @dev Requirements: caller is `revenueOracle`; the campaign succeeded; the bond stays <= `MAX_BOND`.
    /// Emits {BondRestored}.
    function restoreBond(uint256 campaignId, uint256 amount) external nonReentrant {
        if (msg.sender != _settings.revenueOracle) revert EncoreHub_NotRevenueOracle(msg.sender);
        Campaign storage c = _existing(campaignId);
        if (c.status != State.Active) revert EncoreHub_NotSucceeded(campaignId, _state(c));
        if (amount == 0) revert EncoreHub_ZeroAmount();
        uint256 bond = uint256(c.bond) + amount;
        if (bond > MAX_BOND) revert EncoreHub_BondTooLarge(campaignId, c.bond, amount);
        c.bond = uint96(bond);
        _pullExact(c.token, msg.sender, amount);
        emit BondRestored(campaignId, c.artist, amount, bond);
    }

    /// @inheritdoc IEncoreHub
    function claimable(uint256 campaignId, address account) external view returns (uint256) {
        return SHARES.claimableOf(campaignId, account);
    }

    /// @inheritdoc IEncoreHub
    /// @dev Claims stay open forever, also after `Ended`. Requirements: something to claim. Emits {Claimed}.
    function claim(uint256 campaignId) external nonReentrant returns (uint256 amount) {
        amount = _claim(campaignId, msg.sender);
        if (amount == 0) revert EncoreHub_NothingToClaim(campaignId, msg.sender);
    }

    /// @inheritdoc IEncoreHub
    /// @dev Requirements: at most `MAX_BATCH` ids and something to claim on at least one (the error then names
    /// campaign 0). Emits {Claimed} per id paid.
    function claimMany(uint256[] calldata campaignIds) external nonReentrant returns (uint256 total) {
        if (campaignIds.length > MAX_BATCH) revert EncoreHub_BatchTooLarge(campaignIds.length, MAX_BATCH);
        for (uint256 i = 0; i < campaignIds.length; ++i) {
            total += _claim(campaignIds[i], msg.sender);
        }
        if (total == 0) revert EncoreHub_NothingToClaim(0, msg.sender);
    }

    /// @notice Withdraws payments of `token` that were pushed to the caller and refused by the token.
    /// @dev Requirements: something is owed. Emits {DeferredWithdrawn}.
    function withdrawDeferred(address token) external nonReentrant {
        uint256 amount = deferred[msg.sender][token];
        if (amount == 0) revert EncoreHub_NothingOwed(msg.sender, token);
        deferred[msg.sender][token] = 0;
        IERC20(token).safeTransfer(msg.sender, amount);
        emit DeferredWithdrawn(msg.sender, token, amount);
    }

    // ------------------------------------------------------------------------------------------------ views

    /// @inheritdoc IEncoreHub
    function state(uint256 campaignId) external view returns (State) {
        return _state(_existing(campaignId));
    }

    /// @notice Everything the hub records about campaign `campaignId`.
    function campaign(uint256 campaignId) external view returns (CampaignView memory v) {
        Campaign storage c = _existing(campaignId);
        v.artist = c.artist;
        v.token = c.token;
        v.treasury = _treasuries[c.treasuryIndex];
        v.compliance = c.compliance;
        v.state = _state(c);
        v.goal = c.goal;
        v.hardCap = c.hardCap;
        v.raised = c.raised;
        v.minInvestment = c.minInvestment;
        v.maxPerInvestor = c.maxPerInvestor;
        v.payoutCap = c.payoutCap;
        v.paidToHolders = c.paidToHolders;
        v.released = c.released;
        v.bond = c.bond;
        v.fundingDeadline = c.fundingDeadline;
        v.activatedAt = c.activatedAt;
        v.shareDuration = c.shareDuration;
        v.vestingDuration = c.vestingDuration;
        v.revenueShareBps = c.revenueShareBps;
        v.feeBps = c.feeBps;
        v.termsHash = c.termsHash;
    }

    /// @notice Vested funds of campaign `campaignId` not yet released to the artist.
    function releasable(uint256 campaignId) external view returns (uint256) {
        Campaign storage c = _existing(campaignId);
        return c.status == State.Active ? _releasable(c) : 0;
    }

    /// @notice Funds of campaign `campaignId` still held for the artist (vesting, not yet released).
    function unreleased(uint256 campaignId) external view returns (uint256) {
        Campaign storage c = _existing(campaignId);
        return c.status == State.Active ? c.raised - _fee(c) - c.released : 0;
    }

    /// @notice End of the revenue-share window of campaign `campaignId` (0 before success).
    function shareEnd(uint256 campaignId) public view returns (uint256) {
        Campaign storage c = _existing(campaignId);
        return c.activatedAt == 0 ? 0 : uint256(c.activatedAt) + c.shareDuration;
    }

    /// @notice What the revenue oracle checks a report against: artist, token, share of revenue and share window.
    function settlementTerms(uint256 campaignId) external view returns (SettlementTerms memory terms) {
        Campaign storage c = _existing(campaignId);
        terms.artist = c.artist;
        terms.token = c.token;
        terms.revenueShareBps = c.revenueShareBps;
        if (c.status == State.Active) {
            terms.succeeded = true;
            terms.activatedAt = c.activatedAt;
            terms.shareEnd = uint64(uint256(c.activatedAt) + c.shareDuration);
        }
    }

    /// @notice Revenue campaign `campaignId`'s holders can still receive before its payout cap is reached.
    function holderRoom(uint256 campaignId) external view returns (uint256) {
        return _holderRoom(_existing(campaignId));
    }

    /// @notice Earliest time the bond of campaign `campaignId` can be withdrawn (`type(uint256).max` while funding);
    /// the revenue oracle may hold it longer while reports or debts are open.
    function bondUnlockTime(uint256 campaignId) public view returns (uint256) {
        Campaign storage c = _existing(campaignId);
        if (c.status == State.Funding) return type(uint256).max;
        if (c.status == State.Failed || _holderRoom(c) == 0) return 0;
        return shareEnd(campaignId) + BOND_LOCK_AFTER_SHARE_END;
    }

    /// @notice Magnified remainder (scaled by 2**64, below the share supply) carried to the next deposit of
    /// campaign `campaignId`.
    function revenueRemainder(uint256 campaignId) external view returns (uint256) {
        return _existing(campaignId).revenueRemainder;
    }

    /// @notice Number of campaigns created; ids run from 1 to this number.
    function campaignCount() external view returns (uint256) {
        return _settings.campaignCount;
    }

    /// @notice Protocol fee, in basis points, copied into campaigns created from now on.
    function feeBps() external view returns (uint16) {
        return _settings.feeBps;
    }

    /// @notice Fee receiver copied into campaigns created from now on.
    function treasury() external view returns (address) {
        return _treasuries[_settings.treasuryIndex];
    }

    /// @notice The revenue oracle (settlement entry and bond slashing); set once by the owner.
    function revenueOracle() external view returns (address) {
        return _settings.revenueOracle;
    }

    /// @notice True while the owner pauses the creation of campaigns.
    function campaignCreationPaused() external view returns (bool) {
        return _settings.campaignCreationPaused;
    }

    /// @notice True while the owner pauses new investments.
    function investmentPaused() external view returns (bool) {
        return _settings.investmentPaused;
    }

    // ------------------------------------------------------------------------------------------------ owner

    /// @notice Sets the protocol fee for campaigns created from now on. Emits {FeeBpsSet}.
    /// @dev Requirements: owner; `newFeeBps` <= `MAX_FEE_BPS`.
    function setFeeBps(uint16 newFeeBps) external onlyOwner {
        _setFeeBps(newFeeBps);
    }

    /// @notice Sets the fee receiver for campaigns created from now on. Emits {TreasurySet}.
    /// @dev Requirements: owner; non-zero address.
    function setTreasury(address newTreasury) external onlyOwner {
        _setTreasury(newTreasury);
    }

    /// @notice Adds `token` to or removes it from the settlement-token allow-list (future campaigns only).
    /// @dev Requirements: owner; `token` is a contract. Emits {SettlementTokenSet}.
    function setSettlementToken(address token, bool allowed) external onlyOwner {
        if (token.code.length == 0) revert EncoreHub_NotAContract(token);
        isSettlementToken[token] = allowed;
        emit SettlementTokenSet(token, allowed);
    }

    /// @notice Pauses or resumes the creation of campaigns. Emits {CampaignCreationPausedSet}.
    function setCampaignCreationPaused(bool paused) external onlyOwner {
        _settings.campaignCreationPaused = paused;
        emit CampaignCreationPausedSet(paused);
    }

    /// @notice Pauses or resumes new investments (finalize, refunds, releases and claims are never paused).
    /// Emits {InvestmentPausedSet}.
    function setInvestmentPaused(bool paused) external onlyOwner {
        _settings.investmentPaused = paused;
        emit InvestmentPausedSet(paused);
    }

    /// @notice Sets the revenue oracle, once.
    /// @dev Requirements: owner; not set before; `oracle` is a contract. Emits {RevenueOracleSet}.
    function setRevenueOracle(address oracle) external onlyOwner {
        address current = _settings.revenueOracle;
        if (current != address(0)) revert EncoreHub_RevenueOracleAlreadySet(current);
        if (oracle.code.length == 0) revert EncoreHub_NotAContract(oracle);
        _settings.revenueOracle = oracle;
        emit RevenueOracleSet(oracle);
    }

    // ------------------------------------------------------------------------------------------------ internal

    function _invest(uint256 campaignId, address beneficiary, uint256 amount) private {
        if (amount == 0) revert EncoreHub_ZeroAmount();
        if (_settings.investmentPaused) revert EncoreHub_InvestmentPaused();
        Campaign storage c = _existing(campaignId);
        if (c.status != State.Funding) revert EncoreHub_NotFunding(campaignId, _state(c));
        if (block.timestamp >= c.fundingDeadline) revert EncoreHub_FundingClosed(campaignId, c.fundingDeadline);
        if (amount < c.minInvestment) revert EncoreHub_BelowMinInvestment(campaignId, amount, c.minInvestment);
        uint256 raisedBefore = c.raised;
        uint256 raised = raisedBefore + amount;
        if (raised > c.hardCap) revert EncoreHub_HardCapExceeded(campaignId, raisedBefore, amount, c.hardCap);
        c.raised = uint88(raised);

        // One slot: the registry (handed to the mint, whose hook consults it) and the per-investor cap.
        address compliance = c.compliance;
        uint256 maxPerInvestor = c.maxPerInvestor;

        _pullExact(c.token, msg.sender, amount);
        // While funding, shares do not move, so the balance is the beneficiary's total investment.
        uint256 total = SHARES.mint(beneficiary, campaignId, amount, compliance);
        if (maxPerInvestor != 0 && total > maxPerInvestor) {
            revert EncoreHub_MaxPerInvestorExceeded(campaignId, beneficiary, total, maxPerInvestor);
        }
        emit Invested(campaignId, beneficiary, msg.sender, amount, raised);
    }

    function _depositRevenue(uint256 campaignId, Campaign storage c, uint256 amount) private {
        if (amount == 0) revert EncoreHub_ZeroAmount();
        uint256 toHolders = _min(amount, _holderRoom(c));
        address token = c.token;
        _pullExact(token, msg.sender, amount);
        if (toHolders != 0) _creditHolders(campaignId, c, toHolders);
        uint256 toArtist = amount - toHolders;
        if (toArtist != 0) _push(token, c.artist, toArtist);
        emit RevenueDeposited(campaignId, msg.sender, amount, toHolders, toArtist);
    }

    /// @dev Credits `amount` to the holders of `campaignId` pro rata through the accumulator, carrying the division
    /// remainder. The share supply equals `raised` once a campaign succeeded (no mint or burn after funding).
    function _creditHolders(uint256 campaignId, Campaign storage c, uint256 amount) private {
        // Callers keep `amount` within `_holderRoom`, so the total stays <= MAX_REVENUE_TO_HOLDERS.
        c.paidToHolders += uint96(amount);
        uint256 supply = c.raised;
        uint256 magnified = amount * REVENUE_MAGNITUDE + c.revenueRemainder;
        uint256 increment = magnified / supply;
        c.revenueRemainder = uint88(magnified % supply);
        if (increment != 0) SHARES.addRevenuePerShare(campaignId, increment);
    }

    function _claim(uint256 campaignId, address account) private returns (uint256 amount) {
        amount = SHARES.consumeClaimable(campaignId, account);
        if (amount != 0) {
            IERC20(_campaigns[campaignId].token).safeTransfer(account, amount);
            emit Claimed(campaignId, account, amount);
        }
    }

    /// @dev Pulls `amount` of `token` from `from` and refuses any token that delivers a different amount.
    function _pullExact(address token, address from, uint256 amount) private {
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(from, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert EncoreHub_TransferAmountMismatch(token, amount, received);
    }

    /// @dev Pays `amount` of `token` to `to`; if the token refuses, keeps it for `to` in `deferred`.
    function _push(address token, address to, uint256 amount) private {
        if (!IERC20(token).trySafeTransfer(to, amount)) {
            deferred[to][token] += amount;
            emit PaymentDeferred(to, token, amount);
        }
    }

    function _validateConfig(CampaignConfig calldata cfg) private view {
        if (cfg.token == address(0)) revert EncoreHub_InvalidConfig(ConfigField.token);
        if (!isSettlementToken[cfg.token]) revert EncoreHub_TokenNotAllowed(cfg.token);
        if (cfg.goal == 0) revert EncoreHub_InvalidConfig(ConfigField.goal);
        if (cfg.hardCap < cfg.goal || cfg.hardCap > MAX_HARD_CAP) revert EncoreHub_InvalidConfig(ConfigField.hardCap);
        if (cfg.fundingDeadline <= block.timestamp || cfg.fundingDeadline > block.timestamp + MAX_FUNDING_PERIOD) {
            revert EncoreHub_InvalidConfig(ConfigField.fundingDeadline);
        }
        if (cfg.minInvestment > cfg.hardCap || cfg.minInvestment > MAX_MIN_INVESTMENT) {
            revert EncoreHub_InvalidConfig(ConfigField.minInvestment);
        }
        if (cfg.maxPerInvestor != 0 && (cfg.maxPerInvestor < cfg.minInvestment || cfg.maxPerInvestor > cfg.hardCap)) {
            revert EncoreHub_InvalidConfig(ConfigField.maxPerInvestor);
        }
        if (cfg.revenueShareBps == 0 || cfg.revenueShareBps > BPS) {
            revert EncoreHub_InvalidConfig(ConfigField.revenueShareBps);
        }
        if (cfg.payoutCap > MAX_REVENUE_TO_HOLDERS) revert EncoreHub_InvalidConfig(ConfigField.payoutCap);
        if (cfg.shareDuration == 0 || cfg.shareDuration > MAX_SHARE_DURATION) {
            revert EncoreHub_InvalidConfig(ConfigField.shareDuration);
        }
        if (cfg.vestingDuration > MAX_VESTING_DURATION) revert EncoreHub_InvalidConfig(ConfigField.vestingDuration);
        if (cfg.bond > MAX_BOND) revert EncoreHub_InvalidConfig(ConfigField.bond);
        if (cfg.termsHash == bytes32(0)) revert EncoreHub_InvalidConfig(ConfigField.termsHash);
        uint256 uriLength = bytes(cfg.metadataURI).length;
        if (uriLength == 0 || uriLength > MAX_METADATA_URI_LENGTH) {
            revert EncoreHub_InvalidConfig(ConfigField.metadataURI);
        }
        if (cfg.compliance != address(0) && cfg.compliance.code.length == 0) {
            revert EncoreHub_InvalidConfig(ConfigField.compliance);
        }
    }

    function _setFeeBps(uint16 newFeeBps) private {
        if (newFeeBps > MAX_FEE_BPS) revert EncoreHub_FeeTooHigh(newFeeBps, MAX_FEE_BPS);
        _settings.feeBps = newFeeBps;
        emit FeeBpsSet(newFeeBps);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert EncoreHub_ZeroAddress();
        uint16 index = _settings.treasuryIndex;
        if (_treasuries[index] != address(0)) {
            if (index == type(uint16).max) revert EncoreHub_TreasuryHistoryFull();
            index += 1;
            _settings.treasuryIndex = index;
        }
        _treasuries[index] = newTreasury;
        emit TreasurySet(newTreasury, index);
    }

    function _existing(uint256 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.token == address(0)) revert EncoreHub_UnknownCampaign(campaignId);
    }

    function _state(Campaign storage c) private view returns (State) {
        State status = c.status;
        if (status != State.Active) return status;
        if (block.timestamp >= uint256(c.activatedAt) + c.shareDuration || _holderRoom(c) == 0) return State.Ended;
        return State.Active;
    }

    /// @dev Revenue holders can still receive before the payout cap (or the accounting limit) is reached.
    function _holderRoom(Campaign storage c) private view returns (uint256) {
        uint256 cap = c.payoutCap == 0 ? MAX_REVENUE_TO_HOLDERS : c.payoutCap;
        return cap - c.paidToHolders;
    }

    function _fee(Campaign storage c) private view returns (uint256) {
        return (uint256(c.raised) * c.feeBps) / BPS;
    }

    function _releasable(Campaign storage c) private view returns (uint256) {
        uint256 total = c.raised - _fee(c);
        uint256 elapsed = block.timestamp - c.activatedAt;
        uint256 vested = elapsed >= c.vestingDuration ? total : (total * elapsed) / c.vestingDuration;
        return vested - c.released;
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
