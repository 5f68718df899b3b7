/** CSV exports: quoting, exact amounts, ISO dates. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { csvField, historyCsv, statementCsv, toCsv } from "../src/lib/csv.ts";

describe("CSV exports", () => {
  it("quotes fields with commas, quotes and line breaks only", () => {
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField('say "hi", twice'), '"say ""hi"", twice"');
    assert.equal(csvField("two\nlines"), '"two\nlines"');
    assert.equal(toCsv(["a", "b"], [["1", "x,y"]]), 'a,b\r\n1,"x,y"\r\n');
  });

  it("writes the statement with exact token amounts", () => {
    const csv = statementCsv(
      [
        {
          campaignId: 1n,
          grossReported: 3_200_000_000n,
          toHolders: 640_000_000n,
          accrued: 213_333_333n,
          paid: 200_000_000n,
          claimable: 13_333_333n,
        },
      ],
      new Map([[1n, 'Night "Drive", remastered']]),
      6,
      "mUSDC",
    );
    assert.equal(
      csv,
      "campaign_id,campaign,gross_reported_mUSDC,to_holders_mUSDC,accrued_mUSDC,paid_mUSDC,claimable_mUSDC\r\n" +
        '1,"Night ""Drive"", remastered",3200,640,213.333333,200,13.333333\r\n',
    );
  });

  it("writes the history with ISO dates, newest first as given", () => {
    const csv = historyCsv(
      [
        {
          kind: "claimed",
          campaignId: 1n,
          amount: 1n,
          timestamp: 1_764_633_600,
          blockNumber: 9n,
          transactionHash: "0xab",
        },
        {
          kind: "invested",
          campaignId: 1n,
          amount: 500_000_000n,
          timestamp: 0,
          blockNumber: 2n,
          transactionHash: "0xcd",
        },
      ],
      6,
      "mUSDC",
    );
    assert.equal(
      csv,
      "date_utc,campaign_id,event,amount_mUSDC,block,transaction\r\n" +
        "2025-12-02T00:00:00.000Z,1,claimed,0.000001,9,0xab\r\n" +
        "1970-01-01T00:00:00.000Z,1,invested,500,2,0xcd\r\n",
    );
  });
});
