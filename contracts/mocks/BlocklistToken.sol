// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BlocklistToken
/// @notice Test token with a USDC-like blocklist: transfers to or from a blocked account revert. Used to prove that a
/// refused payment never blocks other holders, keepers or the artist.
contract BlocklistToken is ERC20 {
    /// @notice The account is blocked by the token.
    error BlocklistToken_Blocked(address account);

    /// @notice Accounts the token refuses to move funds for.
    mapping(address account => bool) public blocked;

    constructor() ERC20("Blocklist USD", "BUSD") {}

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Blocks or unblocks `account`.
    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert BlocklistToken_Blocked(from);
        if (blocked[to]) revert BlocklistToken_Blocked(to);
        super._update(from, to, value);
    }
}
