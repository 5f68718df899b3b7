// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test, Vm} from "forge-std/Test.sol";

import {EncoreShares} from "../../contracts/EncoreShares.sol";
import {BareERC1155} from "../../contracts/bench/BareERC1155.sol";
import {ReentrantReceiver} from "../../contracts/mocks/ReentrantReceiver.sol";

/// @notice Differential test: `EncoreShares` (with transfers enabled) against OpenZeppelin 5's `ERC1155`, the
/// reference behaviour. The same random calls (transfers, batches, approvals, bad receivers, missing approvals,
/// insufficient balances, zero addresses) must succeed or revert alike, with the same revert data, the same events
/// and the same balances.
contract EncoreSharesParityTest is Test {
    uint256 private constant STEPS = 8;

    BareERC1155 private oz;
    EncoreShares private encore;
    address[7] private parties;

    function setUp() public {
        oz = new BareERC1155();
        encore = new EncoreShares(""); // this test is its hub
        encore.enableTransfers(1);
        encore.enableTransfers(2);
        ReentrantReceiver accepting = new ReentrantReceiver();
        ReentrantReceiver refusing = new ReentrantReceiver();
        refusing.setAccept(false);
        parties = [
            makeAddr("alice"),
            makeAddr("bob"),
            makeAddr("carol"),
            address(0),
            address(accepting),
            address(refusing),
            address(oz) // a contract that is no ERC-1155 receiver
        ];
        _mintBoth(parties[0], 1, 1_000);
        _mintBoth(parties[0], 2, 500);
        _mintBoth(parties[1], 1, 300);
        _mintBoth(parties[4], 2, 50);
    }

    /// @dev Random sequences of calls, including unauthorized callers, zero senders and receivers, one- and two-id
    /// batches, refusing receivers and contracts without the receiver hook.
    function testFuzz_behavesLikeOpenZeppelinERC1155(uint256 seed) public {
        for (uint256 s = 0; s < STEPS; ++s) {
            uint256 r = uint256(keccak256(abi.encode(seed, s)));
            address caller = parties[r % 3];
            address from = parties[(r >> 8) % 5];
            address to = parties[(r >> 16) % 7];
            uint256 id = 1 + ((r >> 24) % 2);
            uint256 value = _bound(r >> 32, 0, oz.balanceOf(from, id) + 1);
            bytes memory data;
            uint256 kind = (r >> 96) % 4;
            if (kind == 0) {
                data = abi.encodeWithSignature("setApprovalForAll(address,bool)", parties[(r >> 100) % 5], r % 2 == 0);
            } else if (kind == 1) {
                uint256 length = 1 + ((r >> 104) % 2);
                uint256[] memory ids = new uint256[](length);
                uint256[] memory values = new uint256[](length);
                ids[0] = id;
                values[0] = value;
                if (length == 2) {
                    ids[1] = 3 - id;
                    values[1] = _bound(r >> 128, 0, oz.balanceOf(from, ids[1]));
                }
                data = abi.encodeWithSignature(
                    "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
                    from,
                    to,
                    ids,
                    values,
                    ""
                );
            } else {
                data = abi.encodeWithSignature(
                    "safeTransferFrom(address,address,uint256,uint256,bytes)",
                    from,
                    to,
                    id,
                    value,
                    ""
                );
            }
            _callBoth(caller, data);
        }
    }

    /// @dev OpenZeppelin 5 checks the caller's approval before the zero addresses: carol (not approved) moving alice's
    /// shares to address(0) gets `ERC1155MissingApprovalForAll(carol, alice)`, from both tokens. (Found by the fuzz
    /// test above: `EncoreShares` used to check the receiver first.)
    function test_missingApprovalCheckedFirstLikeOpenZeppelin() public {
        _callBoth(
            parties[2],
            abi.encodeWithSignature(
                "safeTransferFrom(address,address,uint256,uint256,bytes)",
                parties[0],
                address(0),
                1,
                1,
                ""
            )
        );
    }

    function _mintBoth(address to, uint256 id, uint256 amount) private {
        oz.mint(to, id, amount);
        encore.mint(to, id, amount, address(0));
    }

    /// @dev Makes the same call on both tokens and compares outcome, revert data, events and balances.
    function _callBoth(address caller, bytes memory data) private {
        vm.recordLogs();
        vm.prank(caller);
        // solhint-disable-next-line avoid-low-level-calls
        (bool okOz, bytes memory retOz) = address(oz).call(data);
        Vm.Log[] memory logsOz = vm.getRecordedLogs();
        vm.prank(caller);
        // solhint-disable-next-line avoid-low-level-calls
        (bool okEncore, bytes memory retEncore) = address(encore).call(data);
        Vm.Log[] memory logsEncore = vm.getRecordedLogs();

        assertEq(okEncore, okOz, "success differs");
        assertEq(retEncore, retOz, "return or revert data differs");
        assertEq(logsEncore.length, logsOz.length, "number of events differs");
        for (uint256 i = 0; i < logsOz.length; ++i) {
            assertEq(logsEncore[i].topics, logsOz[i].topics, "event topics differ");
            assertEq(logsEncore[i].data, logsOz[i].data, "event data differs");
        }
        for (uint256 p = 0; p < parties.length; ++p) {
            for (uint256 id = 1; id <= 2; ++id) {
                assertEq(encore.balanceOf(parties[p], id), oz.balanceOf(parties[p], id), "balance differs");
            }
            assertEq(encore.isApprovedForAll(parties[p], parties[0]), oz.isApprovedForAll(parties[p], parties[0]));
        }
    }
}
