import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { assert, describe, test } from "matchstick-as/assembly/index";

import { countryCode } from "../src/utils/conversion";
import { dayIdOf, dayStart, enforcedObligation, holderCountAfter, isPayoutCapReached } from "../src/utils/math";

function n(value: i32): BigInt {
  return BigInt.fromI32(value);
}

describe("utils/math", () => {
  test("dayIdOf and dayStart round to UTC days", () => {
    assert.i32Equals(20089, dayIdOf(n(1735689600)));
    assert.i32Equals(20089, dayIdOf(n(1735689600 + 86399)));
    assert.bigIntEquals(n(1735689600), dayStart(20089));
  });

  test("enforcedObligation is debt + fine without a cap and capped by room + bond advance with one", () => {
    assert.bigIntEquals(n(330), enforcedObligation(n(300), n(30), n(100), n(0), n(5000)));
    assert.bigIntEquals(n(150), enforcedObligation(n(300), n(30), n(100), n(150), n(100)));
    assert.bigIntEquals(n(100), enforcedObligation(n(300), n(30), n(100), n(100), n(200)));
  });

  test("holderCountAfter counts only zero crossings", () => {
    assert.i32Equals(1, holderCountAfter(0, n(0), n(5)));
    assert.i32Equals(0, holderCountAfter(1, n(5), n(0)));
    assert.i32Equals(1, holderCountAfter(1, n(5), n(7)));
    assert.i32Equals(0, holderCountAfter(0, n(0), n(0)));
  });

  test("isPayoutCapReached ignores a zero cap", () => {
    assert.assertTrue(!isPayoutCapReached(n(0), n(1000)));
    assert.assertTrue(isPayoutCapReached(n(1000), n(1000)));
    assert.assertTrue(!isPayoutCapReached(n(1000), n(999)));
  });

  test("countryCode decodes bytes2", () => {
    assert.stringEquals("US", countryCode(Bytes.fromHexString("0x5553")));
  });
});
