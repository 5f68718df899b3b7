// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title MockStablecoin
/// @notice Local and test stand-in for USDC: 6 decimals, EIP-2612 `permit`, and an open `mint` (a faucet).
/// @dev Never deploy to a public network: anyone can mint.
contract MockStablecoin is ERC20, ERC20Permit {
    /// @param name_ Token name (also the EIP-712 domain name of `permit`).
    /// @param symbol_ Token symbol.
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) ERC20Permit(name_) {}

    /// @notice Mints `amount` to `to`; a faucet for local use.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
