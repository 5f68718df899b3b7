// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";

/// @title IEncoreShares
/// @notice ERC-1155 revenue-share tokens: token id = campaign id, 1 share unit = 1 settlement-token unit invested.
/// Each id carries a revenue-per-share accumulator; an account's claimable revenue follows its shares through
/// every mint, burn and transfer without ever moving revenue that has already accrued.
interface IEncoreShares is IERC1155MetadataURI {
    /// @notice A hub-only function was called by another account.
    error EncoreShares_OnlyHub(address caller);
    /// @notice Shares of `campaignId` cannot move yet: the campaign is not `Active` (they are a refund claim).
    error EncoreShares_TransfersLocked(uint256 campaignId);
    /// @notice A mint would take the total supply of `campaignId` past what the packed storage holds.
    error EncoreShares_SupplyOverflow(uint256 campaignId, uint256 supply, uint256 amount);
    /// @notice A revenue increment would take the accumulator of `campaignId` past what the packed storage holds.
    error EncoreShares_AccumulatorOverflow(uint256 campaignId);
    /// @notice Campaign `campaignId` already has a compliance registry.
    error EncoreShares_ComplianceAlreadySet(uint256 campaignId);

    /// @notice The hub that alone mints, burns and feeds revenue into the accumulators.
    function HUB() external view returns (address);

    /// @notice Fixed-point scale of the accumulator: `revenuePerShare` is revenue per share unit times 2**64.
    function MAGNITUDE() external view returns (uint256);

    /// @notice Total shares of `campaignId` in existence (ERC1155Supply semantics).
    function totalSupply(uint256 campaignId) external view returns (uint256);

    /// @notice True when any share of `campaignId` exists.
    function exists(uint256 campaignId) external view returns (bool);

    /// @notice True once the campaign succeeded: shares move freely (subject to its compliance registry).
    function transfersEnabled(uint256 campaignId) external view returns (bool);

    /// @notice The compliance registry consulted on mints and transfers of `campaignId` (zero: open campaign).
    function complianceOf(uint256 campaignId) external view returns (address);

    /// @notice Cumulative revenue per share unit of `campaignId`, scaled by `MAGNITUDE`.
    function revenuePerShare(uint256 campaignId) external view returns (uint256);

    /// @notice Revenue of `campaignId` that `account` can claim now, in settlement-token units.
    function claimableOf(uint256 campaignId, address account) external view returns (uint256);

    /// @notice Revenue accrued to `account` and not yet claimed, scaled by `MAGNITUDE` (keeps sub-unit dust).
    /// @dev `claimableOf == accruedMagnified >> 64`; the low 64 bits are the account's carried fraction.
    function accruedMagnified(uint256 campaignId, address account) external view returns (uint256);

    /// @notice Hub only: names the compliance registry of a new campaign.
    function setCompliance(uint256 campaignId, address registry) external;

    /// @notice Hub only: mints `amount` shares of `campaignId` to `to`, with the compliance hook (when the campaign
    /// has a registry) and the ERC-1155 acceptance check.
    /// @param registry The campaign's compliance registry (the hub's copy of `complianceOf`), or zero: the mint calls
    /// its `checkInvestment` hook.
    /// @return newBalance The balance of `to` after the mint.
    function mint(
        address to,
        uint256 campaignId,
        uint256 amount,
        address registry
    ) external returns (uint256 newBalance);

    /// @notice Hub only: burns `amount` shares of `campaignId` held by `from`.
    function burn(address from, uint256 campaignId, uint256 amount) external;

    /// @notice Hub only: lets shares of `campaignId` move (the campaign succeeded).
    function enableTransfers(uint256 campaignId) external;

    /// @notice Hub only: adds `increment` (revenue per share unit, scaled by `MAGNITUDE`) to `campaignId`.
    function addRevenuePerShare(uint256 campaignId, uint256 increment) external;

    /// @notice Hub only: marks all revenue `account` can claim on `campaignId` as claimed and returns it.
    function consumeClaimable(uint256 campaignId, address account) external returns (uint256 amount);
}
