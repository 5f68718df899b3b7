// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BareERC20
/// @notice Benchmark baseline: a plain OpenZeppelin ERC-20 (measures a bare `transferFrom`).
contract BareERC20 is ERC20 {
    constructor() ERC20("Bare", "BARE") {}

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
