/**
 * `treasury_low`: the service account's stablecoin balance (the treasury that pays card investments and fiat
 * revenue deposits) is below `ENCORE_TREASURY_LOW_THRESHOLD` (token units). The token is `ENCORE_TREASURY_TOKEN`,
 * else the deployment's MockStablecoin (local chains). Off when no threshold is set. Key `treasury:<token>`,
 * warning. Resolves when the balance is back at or above the threshold.
 */
import { erc20Abi, formatUnits, parseUnits } from "viem";

import { formatDecimal } from "../../notifications/format.ts";
import type { AlertRule } from "../alertRule.ts";

/** The rule. */
export function treasuryLowRule(): AlertRule {
  return {
    id: "treasury_low",
    description: "the service account's stablecoin balance is below ENCORE_TREASURY_LOW_THRESHOLD",
    async evaluate({ chain, config }) {
      const threshold = config.notifications.treasuryLowThreshold;
      if (threshold === undefined) return [];
      const token =
        config.notifications.treasuryToken ?? (chain.deployment as Record<string, `0x${string}`>).MockStablecoin;
      if (token === undefined) {
        throw new Error("ENCORE_TREASURY_TOKEN is not set and the deployment has no MockStablecoin");
      }
      const client = chain.publicClient;
      const [balance, decimals, symbol] = await Promise.all([
        client.readContract({
          address: token,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [chain.account.address],
        }),
        client.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }),
        client.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }),
      ]);
      const limit = parseUnits(threshold, decimals);
      if (balance >= limit) return [];
      const shown = (value: bigint) => `${formatDecimal(formatUnits(value, decimals), "en")} ${symbol}`;
      return [
        {
          key: `treasury:${token.toLowerCase()}`,
          severity: "warning",
          summary: `Treasury ${chain.account.address} holds ${shown(balance)}, below ${shown(limit)}`,
          details: { account: chain.account.address, token, balance: shown(balance), threshold: shown(limit) },
        },
      ];
    },
  };
}
