/**
 * Ignition module of the Encore protocol for a public network: `EncoreHub` (which deploys its `EncoreShares`), the
 * settlement token allow-listed, the `RevenueOracle` registered in the hub, `EncoreAutomation` (register it with
 * Chainlink Automation afterwards, one upkeep per id shard), and ownership of the hub and the oracle offered to the
 * protocol owner (a `TimelockController` in production).
 *
 * Parameters (module `EncoreProtocol`; see `ignition/parameters/sepolia.example.json`, `baseSepolia.example.json`):
 * - `owner`: final owner of the hub. The hub is Ownable2Step: this module only *offers* ownership with
 *   `transferOwnership(owner)`; the owner must call `acceptOwnership()` (for a timelock: schedule and execute that
 *   call) before it controls the hub. Until then the deployer stays owner.
 * - `treasury`: receiver of protocol fees.
 * - `feeBps`: protocol fee on successful raises, in basis points (at most 1,000).
 * - `sharesUri`: ERC-1155 metadata URI template of the shares (`{id}` is replaced by clients).
 * - `settlementToken`: the stablecoin campaigns settle in (Circle's test USDC: Sepolia
 *   0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238, Base Sepolia 0x036CbD53842c5426634e7929541eC2318f3dCF7e).
 * - `operators` (addresses, at most 31), `threshold` (signatures per report), `guardians` (addresses that may
 *   dispute), `challengeWindow` and `paymentGrace` (seconds), `penaltyBps` (fine on enforced debts, at most 5,000):
 *   the revenue oracle's settings.
 * - `releaseInterval`: least seconds between two automated releases of a campaign's vested funds.
 * - `complianceUnit`: one whole unit of the settlement token (10**decimals; compliance limits count whole units).
 * - `complianceAttester`: the account (KYC provider) that writes attestations, directly or by EIP-712 signature.
 * - `complianceCountries` (`bytes2` codes) and `complianceRules` (`ComplianceRegistry.CountryRule` objects, same
 *   order): the per-country rules, generated from `config/jurisdictions/*.json` by
 *   `npm run compliance:parameters -- <parameters file>`; never typed by hand.
 *
 * A deployment that failed on a wrong parameter cannot resume with the corrected value (Ignition refuses changed
 * arguments of a future it already tried): fix the parameter and deploy again with `--reset`.
 *
 * One settlement token, not a list: Ignition builds a module before it reads the parameters, so the number of
 * `setSettlementToken` calls cannot depend on a parameter. Further tokens are allow-listed later by the owner
 * (`setSettlementToken(token, true)`), or by a module that calls {@link addEncoreProtocol} with a longer list.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  AddressResolvableFuture,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
} from "@nomicfoundation/ignition-core";

/** An address known when the module is built: a literal, a module parameter, or a contract of the same module. */
export type AddressInput = string | ModuleParameterRuntimeValue<string> | AddressResolvableFuture;

/** `ComplianceRegistry.CountryRule` as an Ignition parameter (amounts in whole units, `lockup` in seconds). */
// A type alias, not an interface: Ignition's parameter types need an index signature, which aliases satisfy.
export type CountryRuleParameter = {
  allowed: boolean;
  accreditationRequired: boolean;
  accreditedUnlimited: boolean;
  lockup: number;
  maxPerCampaign: number;
  maxPer12Months: number;
};

/** What {@link addEncoreProtocol} needs besides the module parameters it reads itself. */
export interface EncoreProtocolOptions {
  /** Tokens to allow-list for settlement, while the deployer still owns the hub. */
  settlementTokens: readonly AddressInput[];
  /** Owner to offer the hub to once it is set up; omitted: the deployer (account 0) stays owner. */
  owner?: AddressInput;
}

/**
 * Adds the protocol's futures to module `m`: the hub owned by the deployer, its shares contract, the settlement
 * tokens allow-listed, the revenue oracle registered in the hub, the automation contract, the compliance registry
 * with its country rules and attester and, when `options.owner` is given, ownership of hub, oracle and registry
 * offered to that owner after the set-up calls.
 *
 * Reads the module parameters `treasury`, `feeBps`, `sharesUri`, `operators`, `threshold`, `guardians`,
 * `challengeWindow`, `paymentGrace`, `penaltyBps`, `releaseInterval`, `complianceUnit`, `complianceAttester`,
 * `complianceCountries` and `complianceRules` of the calling module.
 *
 * @param m - Builder of the calling module (`EncoreProtocol`, `EncoreLocal`, …).
 * @param options - Settlement tokens and final owner.
 * @returns The hub, shares, oracle and automation futures, for the calling module to return.
 */
export function addEncoreProtocol(m: IgnitionModuleBuilder, options: EncoreProtocolOptions) {
  const hub = m.contract("EncoreHub", [
    m.getAccount(0),
    m.getParameter<string>("treasury"),
    m.getParameter<number>("feeBps"),
    m.getParameter<string>("sharesUri"),
  ]);
  const shares = m.contractAt("EncoreShares", m.staticCall(hub, "SHARES"));
  const allowListed = options.settlementTokens.map((token, index) =>
    m.call(hub, "setSettlementToken", [token, true], { id: `allowSettlementToken${index}` }),
  );
  const revenueOracle = m.contract("RevenueOracle", [
    m.getAccount(0),
    hub,
    m.getParameter<string[]>("operators"),
    m.getParameter<number>("threshold"),
    m.getParameter<string[]>("guardians"),
    m.getParameter<number>("challengeWindow"),
    m.getParameter<number>("paymentGrace"),
    m.getParameter<number>("penaltyBps"),
  ]);
  const oracleSet = m.call(hub, "setRevenueOracle", [revenueOracle]);
  const automation = m.contract("EncoreAutomation", [hub, revenueOracle, m.getParameter<number>("releaseInterval")]);
  const complianceRegistry = m.contract("ComplianceRegistry", [
    m.getAccount(0),
    hub,
    m.getParameter<string>("complianceUnit"),
  ]);
  const rulesSet = m.call(complianceRegistry, "setCountryRules", [
    m.getParameter<string[]>("complianceCountries"),
    m.getParameter<CountryRuleParameter[]>("complianceRules"),
  ]);
  const attesterSet = m.call(complianceRegistry, "setAttester", [m.getParameter<string>("complianceAttester"), true]);
  if (options.owner !== undefined) {
    m.call(hub, "transferOwnership", [options.owner], { after: [...allowListed, oracleSet] });
    m.call(revenueOracle, "transferOwnership", [options.owner]);
    m.call(complianceRegistry, "transferOwnership", [options.owner], { after: [rulesSet, attesterSet] });
  }
  return { hub, shares, revenueOracle, automation, complianceRegistry };
}

export default buildModule("EncoreProtocol", (m) =>
  addEncoreProtocol(m, {
    settlementTokens: [m.getParameter<string>("settlementToken")],
    owner: m.getParameter<string>("owner"),
  }),
);
