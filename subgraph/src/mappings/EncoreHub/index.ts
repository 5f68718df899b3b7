// EncoreHub data source: every handler the manifest names.
export { handleCampaignCreated, handleFinalized } from "./campaigns";
export { handleInvested, handleRefunded, handleRefundSkipped } from "./investments";
export { handleRevenueDeposited, handleClaimed, handleFundsReleased } from "./revenue";
export { handleBondWithdrawn, handleBondSlashed, handleBondRestored } from "./bond";
export { handlePaymentDeferred, handleDeferredWithdrawn } from "./payments";
export {
  handleFeeBpsSet,
  handleTreasurySet,
  handleSettlementTokenSet,
  handleCampaignCreationPausedSet,
  handleInvestmentPausedSet,
  handleRevenueOracleSet,
  handleHubOwnershipTransferStarted,
  handleHubOwnershipTransferred,
} from "./settings";
