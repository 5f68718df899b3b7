import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { OracleCampaign, SettlementTerms } from "../../src/reports/chainReads.ts";
import { campaignAmount } from "../../src/reports/leaves.ts";
import { checkReportPeriod, parseTime, statementDateRange } from "../../src/reports/period.ts";
import { RequestError } from "../../src/reports/requestError.ts";

const DAY = 86_400n;
const ACTIVATED = 1_767_268_800n + 12n * 3_600n; // 2026-01-01T12:00:00Z
const terms: SettlementTerms = {
  artist: "0x0000000000000000000000000000000000000001",
  token: "0x0000000000000000000000000000000000000002",
  succeeded: true,
  revenueShareBps: 5_000,
  activatedAt: ACTIVATED,
  shareEnd: ACTIVATED + 365n * DAY,
};
const fresh: OracleCampaign = { lastSequence: 0n, lastPeriodEnd: 0n, pendingReport: 0n, pendingTag: 0n };

function refusal(overrides: Partial<Parameters<typeof checkReportPeriod>[0]>): string | undefined {
  try {
    checkReportPeriod({
      campaignId: 1n,
      periodStart: ACTIVATED,
      periodEnd: ACTIVATED + 30n * DAY,
      terms,
      oracle: fresh,
      now: ACTIVATED + 40n * DAY,
      ...overrides,
    });
    return undefined;
  } catch (error) {
    assert.ok(error instanceof RequestError);
    return `${error.statusCode} ${error.code}`;
  }
}

describe("report periods", () => {
  it("parses unix seconds, UTC dates and zoned date-times, and refuses the rest", () => {
    assert.equal(parseTime("1767225600"), 1_767_225_600n);
    assert.equal(parseTime("2026-01-01"), 1_767_225_600n);
    assert.equal(parseTime("2026-01-01T01:00:00+01:00"), 1_767_225_600n);
    assert.throws(() => parseTime("2026-01-01T00:00:00"), /with its zone/);
    assert.throws(() => parseTime("January"), RequestError);
  });

  it("takes a statement only when its whole usage period lies inside [periodStart, periodEnd)", () => {
    // 2026-01-01T12:00Z .. 2026-02-01T00:00Z: January 1 is cut by the start, so usage must start on the 2nd.
    assert.deepEqual(statementDateRange(ACTIVATED, 1_769_904_000n), {
      fromDate: "2026-01-02",
      beforeDate: "2026-02-01",
    });
    // Midnight bounds are taken as they are: all of January.
    assert.deepEqual(statementDateRange(1_767_225_600n, 1_769_904_000n), {
      fromDate: "2026-01-01",
      beforeDate: "2026-02-01",
    });
  });

  it("accepts a period inside the share window that is over", () => {
    assert.equal(refusal({}), undefined);
  });

  it("refuses what the oracle would refuse, in its order", () => {
    assert.equal(refusal({ terms: { ...terms, succeeded: false } }), "409 CampaignNotSucceeded");
    assert.equal(refusal({ oracle: { ...fresh, pendingReport: 3n } }), "409 PreviousReportOpen");
    assert.equal(refusal({ periodEnd: ACTIVATED }), "422 InvalidPeriod");
    assert.equal(refusal({ now: ACTIVATED + 29n * DAY }), "422 PeriodNotOver");
    assert.equal(refusal({ periodStart: ACTIVATED - 1n }), "422 OutsideShareWindow");
    assert.equal(refusal({ periodEnd: terms.shareEnd + 1n, now: terms.shareEnd + DAY }), "422 OutsideShareWindow");
    assert.equal(refusal({ oracle: { ...fresh, lastPeriodEnd: ACTIVATED + 1n } }), "409 PeriodOverlaps");
    // Starting exactly at the previous end is allowed.
    assert.equal(refusal({ oracle: { ...fresh, lastPeriodEnd: ACTIVATED } }), undefined);
  });

  it("rounds a line's campaign part down", () => {
    assert.equal(campaignAmount(1_000_001n, 3_333), 333_300n);
    assert.equal(campaignAmount(3n, 5_000), 1n);
  });
});
