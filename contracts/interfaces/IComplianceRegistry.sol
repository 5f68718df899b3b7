// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IComplianceRegistry
/// @notice Per-country investor rules consulted by Encore when a campaign names a registry in its configuration.
/// @dev The caller of both hooks is the `EncoreShares` contract: a mint is an investment (checked on the beneficiary,
/// right after its balance moved), a transfer between two accounts is a secondary-market move (checked from inside
/// the single `_update` hook, before balances move). Burns (refunds) are never checked: nothing may block a refund.
/// A hook refuses by reverting with a custom error that names the rule, the country and the limit; it may record
/// state (for example rolling 12-month totals), so it is not `view`. Implementations must only accept calls from the
/// shares contract they were deployed for.
interface IComplianceRegistry {
    /// @notice Checks (and records) an investment of `amount` in campaign `campaignId` by `investor`.
    /// @dev Reverts when a rule refuses it. Called after the shares were minted (the revert undoes the mint):
    /// `newBalance` is `investor`'s balance of campaign `campaignId` shares including this investment, which while
    /// funding (shares cannot move) is everything `investor` put into the campaign.
    function checkInvestment(uint256 campaignId, address investor, uint256 amount, uint256 newBalance) external;

    /// @notice Checks (and records) a transfer of `amount` shares of campaign `campaignId` from `from` to `to`.
    /// @dev Reverts when a rule refuses it (receiver not allowed or not attested, sender still locked up).
    function checkTransfer(uint256 campaignId, address from, address to, uint256 amount) external;
}
