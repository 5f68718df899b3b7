// RevenueOracle data source: every handler the manifest names.
export { handleReportSubmitted, handleReportDisputed, handleReportSettled } from "./reports";
export { handleDebtRecorded, handleDebtPaid, handleEnforced } from "./debts";
export { handleArtistSuspended, handleArtistReinstated, handleReserveFunded, handleReserveWithdrawn } from "./artists";
export {
  handleOperatorAdded,
  handleOperatorRemoved,
  handleThresholdSet,
  handleGuardianSet,
  handleChallengeWindowSet,
  handlePaymentGraceSet,
  handlePenaltyBpsSet,
  handleOracleEIP712DomainChanged,
  handleOracleOwnershipTransferStarted,
  handleOracleOwnershipTransferred,
} from "./settings";
