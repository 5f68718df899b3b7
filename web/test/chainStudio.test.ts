/**
 * The studio's chain reads against a real local chain: a campaign's report in its window, the debt it leaves when
 * the reserve is empty (due date, prospective fine, bond held), `payDue` paid with the split the studio computes
 * (free reserve first, wallet the rest), then an enforced report (fine charged, bond advanced, artist suspended)
 * repaid the same way. Contracts are driven with viem as the dApp's wallet would (the oracle service's test
 * scenario helpers).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Address, PublicClient } from "viem";

import { connectChain, type ChainContext } from "../../oracle-service/src/chain/client.ts";
import { scenario, USDC, type Scenario } from "../../oracle-service/test/keeper/keeperScenario.ts";
import { DEV_ACCOUNTS, devKey, startTestChain, type TestChain } from "../../oracle-service/test/support/localChain.ts";
import { createChainData } from "../src/data/chainData.ts";
import { readStudio, type StudioDesk } from "../src/data/chainStudio.ts";
import { abis } from "../src/generated/contracts.ts";
import { enforcementFine, payDueSplit } from "../src/lib/reserve.ts";

const ARTIST = DEV_ACCOUNTS.artists[0];
const [FAN, FAN2] = DEV_ACCOUNTS.fans;
const BOND = 300n * USDC;

describe("studio chain reads", () => {
  let chain: TestChain;
  let context: ChainContext;
  let act: Scenario;
  let artist: Address;
  /** The artist's two Active campaigns: one per test (a campaign's reports cover successive periods). */
  const campaignIds: bigint[] = [];

  /** The artist's desk as the studio reads it. */
  const desk = async (): Promise<StudioDesk> => {
    const client = context.publicClient as unknown as PublicClient;
    const contracts = context.deployment;
    const campaigns = await createChainData(client, contracts).campaigns();
    return readStudio(client, contracts, artist, campaigns, [contracts.MockStablecoin], Number(await act.now()));
  };
  const oracle = () => ({ address: context.deployment.RevenueOracle, abi: abis.RevenueOracle }) as const;
  const token = () => ({ address: context.deployment.MockStablecoin, abi: abis.MockStablecoin }) as const;
  /** Pays report `reportId` as the studio does: approve what the free reserve does not cover, then `payDue`. */
  const payAsStudio = async (reportId: bigint) => {
    const current = await desk();
    const obligation = current.obligations.find((entry) => entry.reportId === reportId);
    assert.ok(obligation !== undefined, `report ${reportId} is owed`);
    const split = payDueSplit(obligation, current.reserves[0], obligation.owed);
    await act.send(ARTIST, { ...token(), functionName: "mint", args: [artist, split.fromWallet] });
    await act.send(ARTIST, { ...token(), functionName: "approve", args: [oracle().address, split.fromWallet] });
    await act.send(ARTIST, { ...oracle(), functionName: "payDue", args: [reportId] });
    return split;
  };
  const settleAfterWindow = async (reportId: bigint) => {
    const window = await context.publicClient.readContract({ ...oracle(), functionName: "challengeWindow" });
    await chain.increaseTime(Number(window) + 1);
    await act.send(FAN, { ...oracle(), functionName: "settle", args: [reportId] });
  };

  before(async () => {
    chain = await startTestChain();
    context = await connectChain({ rpcUrl: chain.url, operatorKey: devKey(10), contractsFile: chain.contractsFile });
    act = scenario(chain, context);
    artist = act.wallet(ARTIST).account.address;
    for (let n = 0; n < 2; n++) {
      const id = await act.createCampaign(ARTIST, { goal: 1_000n * USDC, bond: BOND });
      await act.invest(id, FAN, 600n * USDC);
      await act.invest(id, FAN2, 400n * USDC);
      campaignIds.push(id);
    }
    await chain.increaseTime(3_601);
    for (const id of campaignIds) {
      await act.send(FAN, {
        address: context.deployment.EncoreHub,
        abi: abis.EncoreHub,
        functionName: "finalize",
        args: [id],
      });
    }
  });
  after(async () => {
    await chain?.stop();
  });

  it("shows a report in its window, then the debt an empty reserve leaves, and pays it from reserve and wallet", async () => {
    const reportId = await act.submitReport(campaignIds[0], 1_000n * USDC, 1n); // 20 % share: 200 due
    let current = await desk();
    const entry = current.campaigns.find((campaign) => campaign.campaign.id === campaignIds[0]);
    assert.ok(entry !== undefined);
    assert.equal(entry.bond, BOND);
    assert.equal(entry.bondLockedByOracle, true);
    assert.deepEqual(
      entry.reports.map((report) => [report.reportId, report.status, report.amountDue]),
      [[reportId, "challenge", 200n * USDC]],
    );
    assert.deepEqual([current.reserves[0].balance, current.reserves[0].committed], [0n, 200n * USDC]);

    await settleAfterWindow(reportId);
    current = await desk();
    const record = await context.publicClient.readContract({
      ...oracle(),
      functionName: "getReport",
      args: [reportId],
    });
    assert.equal(current.obligations.length, 1);
    const [debt] = current.obligations;
    assert.deepEqual(
      [debt.status, debt.owed, debt.toHolders, debt.toBond, debt.dueDate],
      ["inDebt", 200n * USDC, 200n * USDC, 0n, Number(record.dueDate)],
    );
    assert.equal(debt.fine, enforcementFine(200n * USDC, record.penaltyBps));
    assert.ok(debt.fine > 0n, "the local oracle charges a fine");

    // 50 in the reserve: it pays 50, the wallet 150.
    await act.send(ARTIST, { ...token(), functionName: "mint", args: [artist, 50n * USDC] });
    await act.send(ARTIST, { ...token(), functionName: "approve", args: [oracle().address, 50n * USDC] });
    await act.send(ARTIST, { ...oracle(), functionName: "fundReserve", args: [artist, token().address, 50n * USDC] });
    const split = await payAsStudio(reportId);
    assert.deepEqual(split, { fromReserve: 50n * USDC, fromWallet: 150n * USDC });
    current = await desk();
    assert.deepEqual(current.obligations, []);
    assert.deepEqual([current.reserves[0].balance, current.reserves[0].committed], [0n, 0n]);
    assert.equal(current.suspended, false);
  });

  it("shows an enforced report with its fine and the suspension, and clears both once paid", async () => {
    const reportId = await act.submitReport(campaignIds[1], 500n * USDC, 1n); // 100 due
    await settleAfterWindow(reportId);
    const { dueDate, penaltyBps } = await context.publicClient.readContract({
      ...oracle(),
      functionName: "getReport",
      args: [reportId],
    });
    await chain.increaseTime(Number(dueDate) - Number(await act.now()) + 1);
    await act.send(FAN, { ...oracle(), functionName: "enforce", args: [reportId] });

    let current = await desk();
    assert.equal(current.suspended, true);
    const [enforced] = current.obligations;
    const fine = enforcementFine(100n * USDC, penaltyBps);
    // The bond (300) advances debt + fine to holders; the artist owes it back to the bond.
    assert.deepEqual(
      [enforced.status, enforced.fine, enforced.toHolders, enforced.toBond],
      ["enforced", fine, 0n, 100n * USDC + fine],
    );
    const bondOf = (desk: StudioDesk) => desk.campaigns.find((entry) => entry.campaign.id === campaignIds[1])?.bond;
    assert.equal(bondOf(current), BOND - 100n * USDC - fine);

    const split = await payAsStudio(reportId);
    assert.deepEqual(split, { fromReserve: 0n, fromWallet: 100n * USDC + fine });
    current = await desk();
    assert.equal(current.suspended, false);
    assert.deepEqual(current.obligations, []);
    assert.equal(bondOf(current), BOND);
  });
});
