// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ReentrantReceiver
/// @notice Test ERC-1155 receiver that, on receipt, replays a configured call (for example back into the hub) and
/// bubbles its revert, or refuses the shares when `accept` is false.
contract ReentrantReceiver is IERC1155Receiver {
    address public callTarget;
    bytes public payload;
    bool public accept = true;

    /// @notice Sets the call to make on receipt (empty payload: none).
    function setCall(address target_, bytes calldata payload_) external {
        callTarget = target_;
        payload = payload_;
    }

    /// @notice Whether to accept shares.
    function setAccept(bool accept_) external {
        accept = accept_;
    }

    /// @notice Forwards a call from this contract (to act as a holder).
    function execute(address to, bytes calldata data) external returns (bytes memory) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = to.call(data);
        if (!ok) _bubble(ret);
        return ret;
    }

    /// @inheritdoc IERC1155Receiver
    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external returns (bytes4) {
        _onReceipt();
        return accept ? this.onERC1155Received.selector : bytes4(0xdeadbeef);
    }

    /// @inheritdoc IERC1155Receiver
    function onERC1155BatchReceived(
        address,
        address,
        uint256[] calldata,
        uint256[] calldata,
        bytes calldata
    ) external returns (bytes4) {
        _onReceipt();
        return accept ? this.onERC1155BatchReceived.selector : bytes4(0xdeadbeef);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC1155Receiver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    function _onReceipt() private {
        if (payload.length == 0) return;
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = callTarget.call(payload);
        if (!ok) _bubble(ret);
    }

    function _bubble(bytes memory ret) private pure {
        assembly ("memory-safe") {
            revert(add(ret, 32), mload(ret))
        }
    }
}
