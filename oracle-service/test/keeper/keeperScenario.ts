/**
 * Scenarios for the keeper tests, written through the contracts the way artists, fans and operators use them (viem,
 * Hardhat dev accounts): campaigns created and invested in, funding closed, revenue reports co-signed by two
 * operators and submitted.
 */
import {
  createWalletClient,
  http,
  keccak256,
  stringToHex,
  zeroAddress,
  type Address,
  type WalletClient,
  type Transport,
  type Chain,
  type Account,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import type { ChainContext } from "../../src/chain/client.ts";
import { abis } from "../../src/chain/contracts.ts";
import { REPORT_TYPES } from "../../../scripts/lib/eip712.ts";
import { rpc } from "../../../scripts/lib/localNode.ts";
import { devKey, DEV_ACCOUNTS, type TestChain } from "../support/localChain.ts";

/** 1 mock USDC in base units. */
export const USDC = 1_000_000n;
const HOUR = 3_600n;
const DAY = 24n * HOUR;

type Wallet = WalletClient<Transport, Chain, Account>;

/** Acting as dev accounts on the test chain. */
export interface Scenario {
  context: ChainContext;
  wallet(index: number): Wallet;
  /** Sends a contract call as dev account `index` and waits for it to be mined; throws if it reverts. */
  send(index: number, call: Parameters<Wallet["writeContract"]>[0]): Promise<void>;
  /** Creates a campaign by artist `artist` (funding closes in an hour); returns its id. */
  createCampaign(artist: number, terms: { goal: bigint; bond?: bigint }): Promise<bigint>;
  /** Fan `fan` invests `amount` (minted and approved first). */
  invest(campaignId: bigint, fan: number, amount: bigint): Promise<void>;
  /**
   * Ten minutes pass; operators 1 and 2 sign a report of `grossRevenue` on the campaign from its activation to now;
   * it is submitted. Returns the report id.
   */
  submitReport(campaignId: bigint, grossRevenue: bigint, sequence: bigint): Promise<bigint>;
  /** Chain time of the latest block. */
  now(): Promise<bigint>;
  /** `evm_snapshot`; returns the snapshot id. */
  snapshot(): Promise<string>;
  /** `evm_revert` to a snapshot. */
  revert(id: string): Promise<void>;
}

/** Builds the scenario helpers for `chain`, reading addresses from `context`. */
export function scenario(chain: TestChain, context: ChainContext): Scenario {
  const wallets = new Map<number, Wallet>();
  const wallet = (index: number): Wallet => {
    let client = wallets.get(index);
    if (client === undefined) {
      client = createWalletClient({
        account: privateKeyToAccount(devKey(index)),
        chain: context.chain,
        transport: http(chain.url),
      });
      wallets.set(index, client);
    }
    return client;
  };
  const send: Scenario["send"] = async (index, call) => {
    const hash = await wallet(index).writeContract(call);
    const receipt = await context.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`${String(call.functionName)} reverted`);
  };
  const { EncoreHub: hub, RevenueOracle: oracle } = context.deployment;
  const token = context.deployment.MockStablecoin;
  const fund = async (index: number, spender: Address, amount: bigint) => {
    const account = wallet(index).account.address;
    await send(index, { address: token, abi: abis.MockStablecoin, functionName: "mint", args: [account, amount] });
    await send(index, { address: token, abi: abis.MockStablecoin, functionName: "approve", args: [spender, amount] });
  };
  const now = async () => (await context.publicClient.getBlock({ blockTag: "latest" })).timestamp;

  return {
    context,
    wallet,
    send,
    now,
    async createCampaign(artist, terms) {
      const bond = terms.bond ?? 0n;
      if (bond > 0n) await fund(artist, hub, bond);
      const config = {
        token,
        goal: terms.goal,
        hardCap: terms.goal * 2n,
        fundingDeadline: (await now()) + HOUR,
        minInvestment: USDC,
        maxPerInvestor: 0n,
        revenueShareBps: 2_000,
        payoutCap: 0n,
        shareDuration: 3n * 365n * DAY,
        vestingDuration: 90n * DAY,
        bond,
        termsHash: keccak256(stringToHex(`terms ${Math.random()}`)),
        metadataURI: "data:application/json,{}",
        compliance: zeroAddress,
      };
      await send(artist, { address: hub, abi: abis.EncoreHub, functionName: "createCampaign", args: [config] });
      return context.publicClient.readContract({ address: hub, abi: abis.EncoreHub, functionName: "campaignCount" });
    },
    async invest(campaignId, fan, amount) {
      await fund(fan, hub, amount);
      await send(fan, { address: hub, abi: abis.EncoreHub, functionName: "invest", args: [campaignId, amount] });
    },
    async submitReport(campaignId, grossRevenue, sequence) {
      await chain.increaseTime(600);
      const campaign = await context.publicClient.readContract({
        address: hub,
        abi: abis.EncoreHub,
        functionName: "campaign",
        args: [campaignId],
      });
      const report = {
        campaignId,
        periodStart: campaign.activatedAt,
        periodEnd: await now(),
        grossRevenue,
        statementRoot: keccak256(stringToHex(`statement ${campaignId} ${sequence}`)),
        sequence,
      };
      const signers = DEV_ACCOUNTS.operators.slice(0, 2).map((index) => privateKeyToAccount(devKey(index)));
      signers.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
      const domain = {
        name: "Encore RevenueOracle",
        version: "1",
        chainId: context.chain.id,
        verifyingContract: oracle,
      };
      const signatures = await Promise.all(
        signers.map((signer) =>
          signer.signTypedData({ domain, types: REPORT_TYPES, primaryType: "Report", message: report }),
        ),
      );
      await send(DEV_ACCOUNTS.operators[0], {
        address: oracle,
        abi: abis.RevenueOracle,
        functionName: "submitReport",
        args: [report, signatures],
      });
      return context.publicClient.readContract({
        address: oracle,
        abi: abis.RevenueOracle,
        functionName: "reportCount",
      });
    },
    snapshot: async () => (await rpc(chain.url, "evm_snapshot")) as string,
    async revert(id) {
      if ((await rpc(chain.url, "evm_revert", [id])) !== true) throw new Error(`evm_revert ${id} failed`);
    },
  };
}
