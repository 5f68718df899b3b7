/**
 * Ignition module of the local platform (`npm start`): a `MockStablecoin` ("Mock USD Coin", mUSDC: 6 decimals,
 * permit, open mint) and the protocol of {@link addEncoreProtocol} with that coin as its settlement token. The
 * deployer (dev account 0) stays owner.
 *
 * Parameters (module `EncoreLocal`, see `ignition/parameters/localhost.json`): those of {@link addEncoreProtocol}
 * except `owner`. Locally the oracle has 3 operators (dev accounts 10–12, threshold 2) and one guardian (dev
 * account 13), with the shortest window and grace the oracle allows, so a demo report settles within an hour; the
 * compliance attester is dev account 14 and the country rules come from `config/jurisdictions/` (`npm start` adds
 * them to the parameters).
 * Never deploy this module to a public network: anyone can mint the mock coin.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { addEncoreProtocol } from "./EncoreProtocol.ts";

export default buildModule("EncoreLocal", (m) => {
  const stablecoin = m.contract("MockStablecoin", ["Mock USD Coin", "mUSDC"]);
  const protocol = addEncoreProtocol(m, { settlementTokens: [stablecoin] });
  return { ...protocol, stablecoin };
});
