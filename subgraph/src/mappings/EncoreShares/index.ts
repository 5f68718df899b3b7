// EncoreShares data source: every handler the manifest names.
export { handleTransferSingle, handleTransferBatch } from "./transfers";
export { handleApprovalForAll, handleURI } from "./metadata";
