/**
 * Deploys `ignition/modules/EncoreLocal.ts` (hub, shares, oracle with 3 operators and threshold 2, automation,
 * compliance registry with the jurisdiction presets, mock stablecoin) to a local node with Ignition. Used by
 * `npm start` and by tests that need a whole deployment on a real node.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import EncoreLocal from "../../ignition/modules/EncoreLocal.ts";
import { complianceParameters } from "../compliance/countryRules.ts";
import { PROJECT_ROOT } from "./hardhat.ts";

/** Hand-set deployment parameters; the country rules are generated from `config/jurisdictions`. */
const PARAMETERS = "ignition/parameters/localhost.json";

/** Deployed addresses by contract name, in print order. */
export type LocalAddresses = Record<
  "EncoreHub" | "EncoreShares" | "RevenueOracle" | "EncoreAutomation" | "ComplianceRegistry" | "MockStablecoin",
  string
>;

/**
 * Deploys EncoreLocal to the node at `url`.
 *
 * @param url - JSON-RPC URL of a node with Hardhat's default dev accounts unlocked.
 * @param deploymentId - Ignition deployment folder name (`ignition/deployments/<id>`); default `chain-<chainId>`,
 *   which `npm run export` reads. The caller removes an old folder of the same id first.
 */
export async function deployLocal(url: string, deploymentId?: string): Promise<LocalAddresses> {
  process.env.ENCORE_RPC_URL = url;
  const { default: hre } = await import("hardhat");
  const connection = await hre.network.connect({ network: "localhost", override: { url } });
  try {
    const local = JSON.parse(readFileSync(join(PROJECT_ROOT, PARAMETERS), "utf8")) as {
      EncoreLocal: Record<string, unknown>;
    };
    const parameters = { EncoreLocal: { ...local.EncoreLocal, ...complianceParameters() } };
    const deployed = await connection.ignition.deploy(EncoreLocal, { parameters, deploymentId });
    return {
      EncoreHub: await deployed.hub.getAddress(),
      EncoreShares: await deployed.shares.getAddress(),
      RevenueOracle: await deployed.revenueOracle.getAddress(),
      EncoreAutomation: await deployed.automation.getAddress(),
      ComplianceRegistry: await deployed.complianceRegistry.getAddress(),
      MockStablecoin: await deployed.stablecoin.getAddress(),
    };
  } finally {
    await connection.close();
  }
}
