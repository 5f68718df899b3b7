// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {EncoreHub} from "../EncoreHub.sol";

/// @title MockRevenueOracle
/// @notice Test double of the revenue oracle: settable suspension and bond lock, and pass-through calls to the
/// hub's oracle-only entries (`depositSettlement`, `slashBond`, `restoreBond`). It answers the two questions the hub
/// asks of `IRevenueOracle` (`isSuspended`, `isBondLocked`) with the same ABI.
contract MockRevenueOracle {
    EncoreHub public immutable HUB;

    mapping(address artist => bool) public isSuspended;
    mapping(uint256 campaignId => bool) public isBondLocked;

    constructor(EncoreHub hub) {
        HUB = hub;
    }

    /// @notice Suspends or reinstates `artist`.
    function setSuspended(address artist, bool suspended) external {
        isSuspended[artist] = suspended;
    }

    /// @notice Locks or unlocks the bond of `campaignId`.
    function setBondLocked(uint256 campaignId, bool locked) external {
        isBondLocked[campaignId] = locked;
    }

    /// @notice Deposits `amount` of `token` (held by this contract) as settled revenue of `campaignId`.
    function settle(IERC20 token, uint256 campaignId, uint256 amount) external {
        token.approve(address(HUB), amount);
        HUB.depositSettlement(campaignId, amount);
    }

    /// @notice Moves up to `amount` of the bond of `campaignId` to its holders.
    function slash(uint256 campaignId, uint256 amount) external returns (uint256) {
        return HUB.slashBond(campaignId, amount);
    }

    /// @notice Adds `amount` of `token` (held by this contract) back to the bond of `campaignId`.
    function restore(IERC20 token, uint256 campaignId, uint256 amount) external {
        token.approve(address(HUB), amount);
        HUB.restoreBond(campaignId, amount);
    }
}
