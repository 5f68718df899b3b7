// ComplianceRegistry data source: every handler the manifest names.
export { handleAttested, handleAttestationRevoked, handleAttesterSet } from "./attestations";
export {
  handleCountryRuleSet,
  handleComplianceEIP712DomainChanged,
  handleComplianceOwnershipTransferStarted,
  handleComplianceOwnershipTransferred,
} from "./rules";
