// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";
import {ERC1155Utils} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Utils.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {IComplianceRegistry} from "./interfaces/IComplianceRegistry.sol";
import {IEncoreShares} from "./interfaces/IEncoreShares.sol";

/// @title EncoreShares
/// @notice ERC-1155 revenue-share tokens of Encore campaigns (token id = campaign id). Only the hub mints and burns.
/// Each id has a cumulative revenue-per-share accumulator (ERC-2222 style); every mint, burn and transfer goes
/// through the single `_update` hook, which moves each account's accrual correction together with its balance
/// **before** the receiver's acceptance callback, so a transfer never moves revenue that has already accrued and a
/// buyer gets nothing deposited before the purchase.
/// @dev Behaviour follows OpenZeppelin 5 `ERC1155` + `ERC1155Supply` (same errors in the same order, events,
/// receiver checks and `supportsInterface`; a differential fuzz test compares the two), with one omission: there is
/// no all-ids `totalSupply()`, whose global counter would add ~5,000 gas to every investment and refund for a figure
/// indexers sum from events. The storage layout is leaner: an account's balance (`uint96`) and its accrual correction
/// (`int160`, scaled by 2**64) share one slot, and an id's accumulator (`uint160`), supply (`uint88`) and flags share
/// another. Bounds enforced by the hub keep every value in range: supply <= 2**88 - 1 (hard cap) and the revenue paid
/// to holders of one id < 2**95, so |correction| <= revenue * 2**64 < 2**159.
contract EncoreShares is IEncoreShares, IERC1155Errors {
    /// @inheritdoc IEncoreShares
    uint256 public constant MAGNITUDE = 2 ** 64;

    uint256 private constant BALANCE_BITS = 96;
    uint256 private constant BALANCE_MASK = (1 << BALANCE_BITS) - 1;
    uint8 private constant FLAG_TRANSFERABLE = 1;
    uint8 private constant FLAG_COMPLIANCE = 2;

    /// @inheritdoc IEncoreShares
    address public immutable HUB;

    /// @notice Per-id state packed in one slot.
    /// @param revenuePerShare Cumulative revenue per share unit, scaled by `MAGNITUDE`.
    /// @param supply Shares in existence.
    /// @param flags `FLAG_TRANSFERABLE` once the campaign succeeded; `FLAG_COMPLIANCE` when a registry is set (read by
    /// transfers; a mint gets the registry from the hub).
    struct TokenState {
        uint160 revenuePerShare;
        uint88 supply;
        uint8 flags;
    }

    /// @dev Low 96 bits: balance; high 160 bits: signed accrual correction (two's complement).
    mapping(uint256 campaignId => mapping(address account => uint256 balanceAndCorrection)) private _accounts;
    mapping(uint256 campaignId => TokenState) private _tokens;
    mapping(uint256 campaignId => address registry) private _compliance;
    mapping(address account => mapping(address operator => bool approved)) private _operatorApprovals;
    string private _uri;

    /// @param uri_ ERC-1155 metadata URI template (clients substitute `{id}`).
    constructor(string memory uri_) {
        HUB = msg.sender;
        _uri = uri_;
    }

    modifier onlyHub() {
        if (msg.sender != HUB) revert EncoreShares_OnlyHub(msg.sender);
        _;
    }

    // ------------------------------------------------------------------------------------------------ ERC-165/1155

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return
            interfaceId == type(IERC1155).interfaceId ||
            interfaceId == type(IERC1155MetadataURI).interfaceId ||
            interfaceId == type(IERC165).interfaceId;
    }

    /// @inheritdoc IERC1155MetadataURI
    function uri(uint256) external view returns (string memory) {
        return _uri;
    }

    /// @inheritdoc IERC1155
    function balanceOf(address account, uint256 id) public view returns (uint256) {
        return _accounts[id][account] & BALANCE_MASK;
    }

    /// @inheritdoc IERC1155
    function balanceOfBatch(
        address[] calldata accounts,
        uint256[] calldata ids
    ) external view returns (uint256[] memory) {
        if (accounts.length != ids.length) revert ERC1155InvalidArrayLength(ids.length, accounts.length);
        uint256[] memory balances = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) {
            balances[i] = balanceOf(accounts[i], ids[i]);
        }
        return balances;
    }

    /// @inheritdoc IERC1155
    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ERC1155InvalidOperator(address(0));
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @inheritdoc IERC1155
    function isApprovedForAll(address account, address operator) public view returns (bool) {
        return _operatorApprovals[account][operator];
    }

    /// @inheritdoc IERC1155
    /// @dev Requirements: the campaign succeeded (`EncoreShares_TransfersLocked` otherwise), the caller is `from` or
    /// an approved operator, `from` holds `value`, the receiver accepts, and the campaign's registry (if any) allows it.
    function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes calldata data) external {
        _checkTransferCaller(from, to);
        _updateOne(from, to, id, value);
        ERC1155Utils.checkOnERC1155Received(msg.sender, from, to, id, value, data);
    }

    /// @inheritdoc IERC1155
    function safeBatchTransferFrom(
        address from,
        address to,
        uint256[] calldata ids,
        uint256[] calldata values,
        bytes calldata data
    ) external {
        _checkTransferCaller(from, to);
        if (ids.length != values.length) revert ERC1155InvalidArrayLength(ids.length, values.length);
        // Like OpenZeppelin 5: a one-id batch is a single transfer (`TransferSingle`, `onERC1155Received`).
        if (ids.length == 1) {
            _updateOne(from, to, ids[0], values[0]);
            ERC1155Utils.checkOnERC1155Received(msg.sender, from, to, ids[0], values[0], data);
            return;
        }
        for (uint256 i = 0; i < ids.length; ++i) {
            _move(from, to, ids[i], values[i]);
        }
        emit TransferBatch(msg.sender, from, to, ids, values);
        ERC1155Utils.checkOnERC1155BatchReceived(msg.sender, from, to, ids, values, data);
    }

    // ------------------------------------------------------------------------------------------------ views

    /// @inheritdoc IEncoreShares
    function totalSupply(uint256 campaignId) external view returns (uint256) {
        return _tokens[campaignId].supply;
    }

    /// @inheritdoc IEncoreShares
    function exists(uint256 campaignId) external view returns (bool) {
        return _tokens[campaignId].supply > 0;
    }

    /// @inheritdoc IEncoreShares
    function transfersEnabled(uint256 campaignId) external view returns (bool) {
        return _tokens[campaignId].flags & FLAG_TRANSFERABLE != 0;
    }

    /// @inheritdoc IEncoreShares
    function complianceOf(uint256 campaignId) external view returns (address) {
        return _compliance[campaignId];
    }

    /// @inheritdoc IEncoreShares
    function revenuePerShare(uint256 campaignId) external view returns (uint256) {
        return _tokens[campaignId].revenuePerShare;
    }

    /// @inheritdoc IEncoreShares
    function claimableOf(uint256 campaignId, address account) external view returns (uint256) {
        return accruedMagnified(campaignId, account) / MAGNITUDE;
    }

    /// @inheritdoc IEncoreShares
    function accruedMagnified(uint256 campaignId, address account) public view returns (uint256) {
        return _accrued(_tokens[campaignId].revenuePerShare, _accounts[campaignId][account]);
    }

    // ------------------------------------------------------------------------------------------------ hub only

    /// @inheritdoc IEncoreShares
    function setCompliance(uint256 campaignId, address registry) external onlyHub {
        if (_compliance[campaignId] != address(0)) revert EncoreShares_ComplianceAlreadySet(campaignId);
        _compliance[campaignId] = registry;
        _tokens[campaignId].flags |= FLAG_COMPLIANCE;
    }

    /// @inheritdoc IEncoreShares
    /// @dev The hub hands in the campaign's registry (its copy of `complianceOf`, read from a slot `invest` loads
    /// anyway), so the hook costs no storage read here. The hook runs after the balances moved (its revert undoes
    /// the mint) and before the receiver's acceptance callback.
    function mint(
        address to,
        uint256 campaignId,
        uint256 amount,
        address registry
    ) external onlyHub returns (uint256 newBalance) {
        if (to == address(0)) revert ERC1155InvalidReceiver(address(0));
        newBalance = _move(address(0), to, campaignId, amount);
        if (registry != address(0)) {
            // `IComplianceRegistry(registry).checkInvestment(campaignId, to, amount, newBalance)`, encoded by hand
            // (the compiler's encoding costs ~70 gas more on every checked investment). Same semantics as the
            // high-level call: reverts when `registry` has no code, bubbles up the registry's revert data unchanged.
            bytes4 selector = IComplianceRegistry.checkInvestment.selector;
            assembly ("memory-safe") {
                let ptr := mload(0x40)
                mstore(ptr, selector)
                mstore(add(ptr, 0x04), campaignId)
                mstore(add(ptr, 0x24), to)
                mstore(add(ptr, 0x44), amount)
                mstore(add(ptr, 0x64), newBalance)
                if iszero(extcodesize(registry)) {
                    revert(0, 0)
                }
                if iszero(call(gas(), registry, 0, ptr, 0x84, 0, 0)) {
                    returndatacopy(ptr, 0, returndatasize())
                    revert(ptr, returndatasize())
                }
            }
        }
        emit TransferSingle(msg.sender, address(0), to, campaignId, amount);
        ERC1155Utils.checkOnERC1155Received(msg.sender, address(0), to, campaignId, amount, "");
    }

    /// @inheritdoc IEncoreShares
    function burn(address from, uint256 campaignId, uint256 amount) external onlyHub {
        if (from == address(0)) revert ERC1155InvalidSender(address(0));
        _updateOne(from, address(0), campaignId, amount);
    }

    /// @inheritdoc IEncoreShares
    function enableTransfers(uint256 campaignId) external onlyHub {
        _tokens[campaignId].flags |= FLAG_TRANSFERABLE;
    }

    /// @inheritdoc IEncoreShares
    function addRevenuePerShare(uint256 campaignId, uint256 increment) external onlyHub {
        TokenState storage token = _tokens[campaignId];
        uint256 updated = uint256(token.revenuePerShare) + increment;
        if (updated > type(uint160).max) revert EncoreShares_AccumulatorOverflow(campaignId);
        token.revenuePerShare = uint160(updated);
    }

    /// @inheritdoc IEncoreShares
    function consumeClaimable(uint256 campaignId, address account) external onlyHub returns (uint256 amount) {
        uint256 packed = _accounts[campaignId][account];
        amount = _accrued(_tokens[campaignId].revenuePerShare, packed) / MAGNITUDE;
        if (amount != 0) {
            _accounts[campaignId][account] = _pack(
                packed & BALANCE_MASK,
                _correction(packed) - int256(amount * MAGNITUDE)
            );
        }
    }

    // ------------------------------------------------------------------------------------------------ internal

    /// @dev Same order as OpenZeppelin 5: the caller's approval first, then the zero receiver and sender.
    function _checkTransferCaller(address from, address to) private view {
        if (from != msg.sender && !isApprovedForAll(from, msg.sender)) {
            revert ERC1155MissingApprovalForAll(msg.sender, from);
        }
        if (to == address(0)) revert ERC1155InvalidReceiver(address(0));
        if (from == address(0)) revert ERC1155InvalidSender(address(0));
    }

    /// @dev Moves one id and emits `TransferSingle`; returns the receiver's new balance (0 for a burn).
    function _updateOne(address from, address to, uint256 id, uint256 value) private returns (uint256 toBalance) {
        toBalance = _move(from, to, id, value);
        emit TransferSingle(msg.sender, from, to, id, value);
    }

    /// @dev The single state-changing hook (OpenZeppelin's `_update`): balances, supply and accrual corrections move
    /// together; the compliance registry is consulted on transfers here, on mints by `mint` right after this (with
    /// the new balance), never on burns.
    function _move(address from, address to, uint256 id, uint256 value) private returns (uint256 toBalance) {
        TokenState memory token = _tokens[id];
        uint256 fromPacked;
        if (from == address(0)) {
            uint256 supply = uint256(token.supply) + value;
            if (supply > type(uint88).max) revert EncoreShares_SupplyOverflow(id, token.supply, value);
            _tokens[id].supply = uint88(supply);
        } else {
            if (to != address(0)) {
                if (token.flags & FLAG_TRANSFERABLE == 0) revert EncoreShares_TransfersLocked(id);
                if (token.flags & FLAG_COMPLIANCE != 0) {
                    IComplianceRegistry(_compliance[id]).checkTransfer(id, from, to, value);
                }
            }
            fromPacked = _accounts[id][from];
            uint256 fromBalance = fromPacked & BALANCE_MASK;
            if (fromBalance < value) revert ERC1155InsufficientBalance(from, fromBalance, value, id);
        }

        // Revenue accrued at the current accumulator travels with neither side: the sender keeps it through a
        // positive correction and the receiver's negative correction cancels it. `value` is below 2**88 here.
        int256 correctionDelta = int256(uint256(token.revenuePerShare) * value);
        if (from != address(0)) {
            _accounts[id][from] = _pack((fromPacked & BALANCE_MASK) - value, _correction(fromPacked) + correctionDelta);
        }
        if (to == address(0)) {
            // Cannot underflow: `from` held `value` of this supply.
            _tokens[id].supply = token.supply - uint88(value);
        } else {
            uint256 toPacked = _accounts[id][to];
            // Cannot overflow 96 bits: a balance never exceeds the supply, itself below 2**88.
            toBalance = (toPacked & BALANCE_MASK) + value;
            _accounts[id][to] = _pack(toBalance, _correction(toPacked) - correctionDelta);
        }
    }

    function _accrued(uint256 perShare, uint256 packed) private pure returns (uint256) {
        // Never negative: a correction only ever cancels revenue accrued on shares the account held.
        return uint256(int256(perShare * (packed & BALANCE_MASK)) + _correction(packed));
    }

    function _correction(uint256 packed) private pure returns (int256) {
        return int256(packed) >> BALANCE_BITS;
    }

    function _pack(uint256 balance, int256 correction) private pure returns (uint256) {
        // `correction` fits in 160 bits (see the contract notes); shifting keeps its two's complement form.
        return (uint256(correction) << BALANCE_BITS) | balance;
    }
}
