// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IComplianceRegistry
/// @notice Per-country investor rules consulted by Encore when a campaign names a registry in its configuration.
/// @dev The caller of both hooks is the `EncoreShares` contract, from inside its single `_update` hook: a mint is an
/// investment (checked on the beneficiary), a transfer between two accounts is a secondary-market move. Burns
/// (refunds) are never checked: nothing may block a refund. A hook refuses by reverting with a custom error that
/// names the rule, the country and the limit; it may record state (for example rolling 12-month totals), so it is
/// not `view`. Implementations must only accept calls from the shares contract they were deployed for.
interface IComplianceRegistry {
    /// @notice Checks (and records) an investment of `amount` in campaign `campaignId` by `investor`.
    /// @dev Reverts when a rule refuses it.
    function checkInvestment(uint256 campaignId, address investor, uint256 amount) external;

    /// @notice Checks (and records) a transfer of `amount` shares of campaign `campaignId` from `from` to `to`.
    /// @dev Reverts when a rule refuses it (receiver not allowed or not attested, sender still locked up).
    function checkTransfer(uint256 campaignId, address from, address to, uint256 amount) external;
}
