// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IComplianceRegistry} from "../interfaces/IComplianceRegistry.sol";

/// @title MockComplianceRegistry
/// @notice Test double of the compliance hook: refuses accounts on a deny-list and records every call it receives.
contract MockComplianceRegistry is IComplianceRegistry {
    /// @notice The registry refused `account`.
    error MockCompliance_Refused(uint256 campaignId, address account);

    /// @notice Accounts refused as investors or transfer receivers.
    mapping(address account => bool) public denied;
    /// @notice Number of investment checks received.
    uint256 public investmentChecks;
    /// @notice Number of transfer checks received.
    uint256 public transferChecks;
    /// @notice Caller of the last check (the shares contract).
    address public lastCaller;
    /// @notice `amount` and `newBalance` of the last investment check.
    uint256 public lastAmount;
    uint256 public lastNewBalance;

    /// @notice Denies or allows `account`.
    function setDenied(address account, bool isDenied) external {
        denied[account] = isDenied;
    }

    /// @inheritdoc IComplianceRegistry
    function checkInvestment(uint256 campaignId, address investor, uint256 amount, uint256 newBalance) external {
        if (denied[investor]) revert MockCompliance_Refused(campaignId, investor);
        investmentChecks += 1;
        lastCaller = msg.sender;
        lastAmount = amount;
        lastNewBalance = newBalance;
    }

    /// @inheritdoc IComplianceRegistry
    function checkTransfer(uint256 campaignId, address from, address to, uint256) external {
        if (denied[to]) revert MockCompliance_Refused(campaignId, to);
        if (denied[from]) revert MockCompliance_Refused(campaignId, from);
        transferChecks += 1;
        lastCaller = msg.sender;
    }
}
