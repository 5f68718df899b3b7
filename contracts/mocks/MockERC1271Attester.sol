// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockERC1271Attester
/// @notice Test double of a contract attester (a smart wallet): accepts, through ERC-1271, a digest signed by its
/// one key.
contract MockERC1271Attester is IERC1271 {
    /// @notice The key whose signatures this wallet accepts.
    address public immutable SIGNER;

    /// @param signer The key whose signatures this wallet accepts.
    constructor(address signer) {
        SIGNER = signer;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, signature);
        if (error == ECDSA.RecoverError.NoError && recovered == SIGNER) return IERC1271.isValidSignature.selector;
        return 0xffffffff;
    }
}
