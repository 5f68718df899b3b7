// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IEncoreHub} from "../interfaces/IEncoreHub.sol";

/// @title BatchInvestor
/// @notice Benchmark helper: invests for many distinct beneficiaries in one transaction (`investFor`), so a campaign
/// with 10,000 holders is set up in 100 transactions. The beneficiaries are consecutive addresses.
contract BatchInvestor {
    /// @notice Invests `amount` in `campaignId` for each of the `count` addresses starting at `firstHolder`, paying
    /// with this contract's tokens.
    function investForRange(
        IEncoreHub hub,
        IERC20 token,
        uint256 campaignId,
        uint160 firstHolder,
        uint256 count,
        uint256 amount
    ) external {
        token.approve(address(hub), amount * count);
        for (uint160 i = 0; i < count; ++i) {
            hub.investFor(campaignId, address(firstHolder + i), amount);
        }
    }
}
