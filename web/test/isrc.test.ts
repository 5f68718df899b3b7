/** The studio's ISRC and share checks accept and refuse what the oracle service does. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { normalizeIsrc } from "../../oracle-service/src/catalog/isrc.ts";
import { canonicalIsrc, catalogShareBps, ISRC_PATTERN } from "../src/lib/isrc.ts";

/** The service's answer: the canonical form, or undefined when it refuses. */
function service(text: string): string | undefined {
  try {
    return normalizeIsrc(text);
  } catch {
    return undefined;
  }
}

describe("ISRC", () => {
  it("canonicalizes the display form and lower case", () => {
    assert.equal(canonicalIsrc("US-S1Z-14-12345"), "USS1Z1412345");
    assert.equal(canonicalIsrc("  uss1z1412345 "), "USS1Z1412345");
    assert.equal(canonicalIsrc("GBAYE0601498"), "GBAYE0601498");
  });

  it("refuses what is not an ISRC", () => {
    for (const text of [
      "",
      "USS1Z14123",
      "USS1Z14123456",
      "1SS1Z1412345",
      "USS1Z14A2345",
      "US-S1Z1412345",
      "US S1Z 14",
    ]) {
      assert.equal(canonicalIsrc(text), undefined, text);
    }
  });

  it("agrees with the oracle service on every case, and the canonical form passes the service's body pattern", () => {
    const cases = [
      "US-S1Z-14-12345",
      "uss1z1412345",
      "GBAYE0601498",
      "US-S1Z1412345",
      "USS1Z14123",
      "FR-Z03-98-00001",
      "x",
    ];
    for (const text of cases) {
      assert.equal(canonicalIsrc(text), service(text), text);
      const canonical = canonicalIsrc(text);
      if (canonical !== undefined) assert.match(canonical, ISRC_PATTERN);
    }
  });

  it("reads a share in percent as basis points the service accepts (1..10,000)", () => {
    assert.equal(catalogShareBps("12.5"), 1_250);
    assert.equal(catalogShareBps(" 100 "), 10_000);
    assert.equal(catalogShareBps("0.01"), 1);
    for (const text of ["0", "0.00", "0.001", "1,5", "100.01", "250", "-5", ""]) {
      assert.equal(catalogShareBps(text), undefined, text);
    }
  });
});
