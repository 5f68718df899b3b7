// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AutomationCompatibleInterface} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";

import {IEncoreHub} from "./interfaces/IEncoreHub.sol";
import {IRevenueOracle} from "./interfaces/IRevenueOracle.sol";

/// @title EncoreAutomation
/// @notice Chainlink Automation entry for Encore's time-driven work: finalizing campaigns whose funding closed,
/// settling reports whose challenge window ended, enforcing debts past their due date, and releasing vested funds.
/// @dev Work is sharded by `checkData`: each registered upkeep watches one bounded range of campaign ids or report
/// ids (at most `MAX_SHARD_SIZE`), so `checkUpkeep` never scans every campaign ever made; register a new upkeep
/// when ids grow past the last shard, and cancel shards whose items are all done. `performUpkeep` trusts nothing
/// in `performData`: anyone may call it with anything, it handles at most `MAX_TASKS` tasks, re-checks each with
/// the same rules as `checkUpkeep`, and a task that fails is reported and skipped without blocking the others.
/// The contract holds no funds and has no owner.
contract EncoreAutomation is AutomationCompatibleInterface {
    /// @notice What a task does. `Finalize` and `Release` take a campaign id, `Settle` and `Enforce` a report id.
    enum TaskKind {
        Finalize,
        Settle,
        Enforce,
        Release
    }

    /// @notice Which ids a shard watches: campaigns (finalize, release) or reports (settle, enforce).
    enum ShardKind {
        Campaigns,
        Reports
    }

    /// @notice One unit of work. `kind` is a `TaskKind` value (kept as `uint8` so any `performData` decodes).
    struct Task {
        uint8 kind;
        uint256 id;
    }

    /// @notice A range of ids watched by one upkeep: `checkData = abi.encode(Shard)`.
    struct Shard {
        ShardKind kind;
        uint256 firstId;
        uint256 count;
    }

    /// @notice Most ids one shard may watch.
    /// @dev A campaign id costs about 31,500 gas to check, so a full campaign shard stays near 6.3M gas, inside the
    /// 10M `checkGasLimit` of Chainlink registries (500 ids took about 16.3M: such an upkeep would never run).
    uint256 public constant MAX_SHARD_SIZE = 200;
    /// @notice Most tasks one `performUpkeep` handles.
    /// @dev `abi.encode(Task[14])` is 960 bytes, within the smallest registry `maxPerformDataSize` (1,000 bytes on
    /// Base Sepolia); 20 tasks (1,344 bytes) would be refused there while 15 or more tasks are due.
    uint256 public constant MAX_TASKS = 14;

    /// @notice The hub (finalize, release).
    IEncoreHub public immutable HUB;
    /// @notice The revenue oracle (settle, enforce).
    IRevenueOracle public immutable ORACLE;
    /// @notice Least time between two automated releases of one campaign's vested funds.
    uint256 public immutable RELEASE_INTERVAL;

    /// @notice When this contract last released campaign `campaignId`'s vested funds.
    mapping(uint256 campaignId => uint256 time) public lastReleasedAt;

    /// @notice Thrown when `checkData` asks for an empty shard or one larger than `MAX_SHARD_SIZE`.
    error EncoreAutomation_InvalidShard(uint256 count, uint256 maxCount);
    /// @notice Thrown when `performData` holds more than `MAX_TASKS` tasks.
    error EncoreAutomation_TooManyTasks(uint256 count, uint256 maxCount);
    /// @notice Thrown by the constructor for a zero hub or oracle.
    error EncoreAutomation_ZeroAddress();

    /// @notice A task ran.
    event TaskPerformed(uint8 indexed kind, uint256 indexed id);
    /// @notice A task was not due (any more) and was skipped.
    event TaskSkipped(uint8 indexed kind, uint256 indexed id);
    /// @notice A due task reverted; `reason` is its revert data. The other tasks went on.
    event TaskFailed(uint8 indexed kind, uint256 indexed id, bytes reason);

    /// @param hub The Encore hub.
    /// @param oracle The revenue oracle registered in the hub.
    /// @param releaseInterval Least seconds between two automated releases of a campaign.
    constructor(IEncoreHub hub, IRevenueOracle oracle, uint256 releaseInterval) {
        if (address(hub) == address(0) || address(oracle) == address(0)) revert EncoreAutomation_ZeroAddress();
        HUB = hub;
        ORACLE = oracle;
        RELEASE_INTERVAL = releaseInterval;
    }

    /// @notice Lists the due tasks of the shard in `checkData` (`abi.encode(Shard)`), at most `MAX_TASKS`.
    /// @dev A view in practice (Chainlink simulates it off-chain); declared non-view by the interface.
    /// @return upkeepNeeded True when at least one task is due.
    /// @return performData `abi.encode(Task[])` of the due tasks.
    function checkUpkeep(bytes calldata checkData) external view returns (bool upkeepNeeded, bytes memory performData) {
        Task[] memory tasks = dueTasks(abi.decode(checkData, (Shard)));
        return (tasks.length != 0, abi.encode(tasks));
    }

    /// @notice Runs the tasks in `performData` (`abi.encode(Task[])`) that are due now; anyone may call.
    /// @dev Requirements: at most `MAX_TASKS` tasks. Emits {TaskPerformed}, {TaskSkipped} or {TaskFailed} per task.
    function performUpkeep(bytes calldata performData) external {
        Task[] memory tasks = abi.decode(performData, (Task[]));
        if (tasks.length > MAX_TASKS) revert EncoreAutomation_TooManyTasks(tasks.length, MAX_TASKS);
        for (uint256 i = 0; i < tasks.length; ++i) {
            _perform(tasks[i]);
        }
    }

    /// @notice The due tasks of `shard`, in id order, at most `MAX_TASKS`.
    function dueTasks(Shard memory shard) public view returns (Task[] memory tasks) {
        if (shard.count == 0 || shard.count > MAX_SHARD_SIZE) {
            revert EncoreAutomation_InvalidShard(shard.count, MAX_SHARD_SIZE);
        }
        uint256 first = shard.firstId == 0 ? 1 : shard.firstId;
        uint256 last = shard.firstId + shard.count - 1;
        uint256 known = shard.kind == ShardKind.Campaigns ? HUB.campaignCount() : ORACLE.reportCount();
        if (last > known) last = known;

        tasks = new Task[](MAX_TASKS);
        uint256 found = 0;
        for (uint256 id = first; id <= last && found < MAX_TASKS; ++id) {
            if (shard.kind == ShardKind.Campaigns) {
                if (isDue(uint8(TaskKind.Finalize), id)) tasks[found++] = Task(uint8(TaskKind.Finalize), id);
                else if (isDue(uint8(TaskKind.Release), id)) tasks[found++] = Task(uint8(TaskKind.Release), id);
            } else {
                if (isDue(uint8(TaskKind.Settle), id)) tasks[found++] = Task(uint8(TaskKind.Settle), id);
                else if (isDue(uint8(TaskKind.Enforce), id)) tasks[found++] = Task(uint8(TaskKind.Enforce), id);
            }
        }
        assembly ("memory-safe") {
            mstore(tasks, found)
        }
    }

    /// @notice True when the task (`kind`, `id`) would do its work now. Unknown kinds and ids are never due.
    function isDue(uint8 kind, uint256 id) public view returns (bool) {
        if (kind == uint8(TaskKind.Settle)) return ORACLE.isSettleable(id);
        if (kind == uint8(TaskKind.Enforce)) return ORACLE.isEnforceable(id);
        if (id == 0 || id > HUB.campaignCount()) return false;
        if (kind == uint8(TaskKind.Finalize)) {
            IEncoreHub.CampaignView memory c = HUB.campaign(id);
            return
                c.state == IEncoreHub.State.Funding && (block.timestamp >= c.fundingDeadline || c.raised >= c.hardCap);
        }
        if (kind == uint8(TaskKind.Release)) {
            uint256 last = lastReleasedAt[id];
            return (last == 0 || block.timestamp >= last + RELEASE_INTERVAL) && HUB.releasable(id) != 0;
        }
        return false;
    }

    function _perform(Task memory task) private {
        uint8 kind = task.kind;
        uint256 id = task.id;
        if (!isDue(kind, id)) {
            emit TaskSkipped(kind, id);
            return;
        }
        if (kind == uint8(TaskKind.Finalize)) {
            try HUB.finalize(id) {
                emit TaskPerformed(kind, id);
            } catch (bytes memory reason) {
                emit TaskFailed(kind, id, reason);
            }
        } else if (kind == uint8(TaskKind.Settle)) {
            try ORACLE.settle(id) {
                emit TaskPerformed(kind, id);
            } catch (bytes memory reason) {
                emit TaskFailed(kind, id, reason);
            }
        } else if (kind == uint8(TaskKind.Enforce)) {
            try ORACLE.enforce(id) {
                emit TaskPerformed(kind, id);
            } catch (bytes memory reason) {
                emit TaskFailed(kind, id, reason);
            }
        } else {
            try HUB.releaseFunds(id) {
                lastReleasedAt[id] = block.timestamp;
                emit TaskPerformed(kind, id);
            } catch (bytes memory reason) {
                emit TaskFailed(kind, id, reason);
            }
        }
    }
}
