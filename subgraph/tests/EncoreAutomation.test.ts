import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";

import { handleTaskFailed, handleTaskPerformed, handleTaskSkipped } from "../src/mappings/EncoreAutomation";
import * as automation from "./helpers/compliance";
import { lastEventId } from "./helpers/events";

describe("EncoreAutomation", () => {
  afterEach(() => {
    clearStore();
  });

  test("TaskPerformed of a Finalize task links the campaign", () => {
    handleTaskPerformed(automation.taskPerformed(0, 7));
    const id = lastEventId();
    assert.fieldEquals("AutomationTask", id, "kind", "Finalize");
    assert.fieldEquals("AutomationTask", id, "outcome", "Performed");
    assert.fieldEquals("AutomationTask", id, "campaign", "7");
    assert.fieldEquals("AutomationTask", id, "report", "null");
  });

  test("TaskSkipped of a Settle task links the report", () => {
    handleTaskSkipped(automation.taskSkipped(1, 3));
    assert.fieldEquals("AutomationTask", lastEventId(), "kind", "Settle");
    assert.fieldEquals("AutomationTask", lastEventId(), "outcome", "Skipped");
    assert.fieldEquals("AutomationTask", lastEventId(), "report", "3");
  });

  test("TaskFailed keeps the revert data; an unknown kind is kept raw", () => {
    handleTaskFailed(automation.taskFailed(9, 2, "0x08c379a0"));
    assert.fieldEquals("AutomationTask", lastEventId(), "kind", "Unknown");
    assert.fieldEquals("AutomationTask", lastEventId(), "kindValue", "9");
    assert.fieldEquals("AutomationTask", lastEventId(), "reason", "0x08c379a0");
    assert.fieldEquals("AutomationTask", lastEventId(), "campaign", "null");
  });
});
