// EncoreAutomation data source: every handler the manifest names.
export { handleTaskPerformed, handleTaskSkipped, handleTaskFailed } from "./tasks";
