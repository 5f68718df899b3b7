// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRevenueOracle
/// @notice What `EncoreHub` asks of the revenue oracle: whether an artist is suspended and whether a campaign's
/// bond must stay locked because reports on it are still open or unpaid.
/// @dev The oracle settles reports by calling `EncoreHub.depositRevenue` with the artist's reserve, and enforces
/// unpaid debts with `EncoreHub.slashBond`, which only the registered oracle may call.
interface IRevenueOracle {
    /// @notice True while `artist` has unpaid debts or fines; a suspended artist cannot create campaigns.
    function isSuspended(address artist) external view returns (bool);

    /// @notice True while campaign `campaignId` has reports in their challenge window or unpaid debts, so its
    /// bond must not be returned to the artist yet.
    function isBondLocked(uint256 campaignId) external view returns (bool);
}
