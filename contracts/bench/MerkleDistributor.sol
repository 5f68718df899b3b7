// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title MerkleDistributor
/// @notice Benchmark baseline: Uniswap's Merkle distributor (claimed bitmap, immutable root). Leaves are hashed the
/// way the OpenZeppelin merkle-tree library builds them: keccak256(bytes.concat(keccak256(abi.encode(...)))).
contract MerkleDistributor {
    using SafeERC20 for IERC20;

    /// @notice The leaf was claimed already.
    error MerkleDistributor_AlreadyClaimed(uint256 index);
    /// @notice The proof does not lead to the root.
    error MerkleDistributor_InvalidProof();

    /// @notice `account` claimed `amount` with leaf `index`.
    event Claimed(uint256 index, address account, uint256 amount);

    IERC20 public immutable TOKEN;
    bytes32 public immutable MERKLE_ROOT;
    mapping(uint256 wordIndex => uint256 bits) private _claimedBitMap;

    constructor(IERC20 token, bytes32 merkleRoot) {
        TOKEN = token;
        MERKLE_ROOT = merkleRoot;
    }

    /// @notice True if leaf `index` was claimed.
    function isClaimed(uint256 index) public view returns (bool) {
        uint256 word = _claimedBitMap[index / 256];
        uint256 mask = 1 << (index % 256);
        return word & mask == mask;
    }

    /// @notice Pays `amount` to `account` for leaf `index` proven by `merkleProof`.
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata merkleProof) external {
        if (isClaimed(index)) revert MerkleDistributor_AlreadyClaimed(index);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))));
        if (!MerkleProof.verifyCalldata(merkleProof, MERKLE_ROOT, leaf)) revert MerkleDistributor_InvalidProof();
        _claimedBitMap[index / 256] |= 1 << (index % 256);
        TOKEN.safeTransfer(account, amount);
        emit Claimed(index, account, amount);
    }
}
