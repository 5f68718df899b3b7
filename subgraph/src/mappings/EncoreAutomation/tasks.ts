// EncoreAutomation: one record per task the keeper upkeep ran, skipped or saw fail.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import { TaskFailed, TaskPerformed, TaskSkipped } from "../../../generated/EncoreAutomation/EncoreAutomation";
import { AutomationTask } from "../../../generated/schema";
import { eventId } from "../../utils/ids";

/** TaskKind name of a raw `kind` value (EncoreAutomation.TaskKind order). */
export function taskKindName(kind: i32): string {
  if (kind == 0) return "Finalize";
  if (kind == 1) return "Settle";
  if (kind == 2) return "Enforce";
  if (kind == 3) return "Release";
  return "Unknown";
}

function saveTask(event: ethereum.Event, kind: i32, id: BigInt, outcome: string, reason: Bytes | null): void {
  const task = new AutomationTask(eventId(event));
  const name = taskKindName(kind);
  task.kind = name;
  task.kindValue = kind;
  task.targetId = id;
  if (name == "Finalize" || name == "Release") task.campaign = id.toString();
  if (name == "Settle" || name == "Enforce") task.report = id.toString();
  task.outcome = outcome;
  task.reason = reason;
  task.timestamp = event.block.timestamp;
  task.transactionHash = event.transaction.hash;
  task.save();
}

/** `TaskPerformed`: the task ran. */
export function handleTaskPerformed(event: TaskPerformed): void {
  saveTask(event, event.params.kind, event.params.id, "Performed", null);
}

/** `TaskSkipped`: the task was not due. */
export function handleTaskSkipped(event: TaskSkipped): void {
  saveTask(event, event.params.kind, event.params.id, "Skipped", null);
}

/** `TaskFailed`: the task reverted with `reason`. */
export function handleTaskFailed(event: TaskFailed): void {
  saveTask(event, event.params.kind, event.params.id, "Failed", event.params.reason);
}
