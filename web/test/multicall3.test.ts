/** The embedded Multicall3 runtime is exactly viem's Multicall3 creation code without its constructor. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

import { MULTICALL3_RUNTIME } from "../src/data/multicall3.ts";

it("matches viem's Multicall3 bytecode", () => {
  const viem = dirname(fileURLToPath(import.meta.resolve("viem")));
  const source = readFileSync(join(viem, "constants", "contracts.js"), "utf8");
  const creation = /export const multicall3Bytecode = '(0x[0-9a-f]+)'/.exec(source)?.[1] ?? "";
  // The constructor copies 0x15b9 (5,561) bytes of runtime code that follow it and returns them.
  const constructor = "608060405234801561001057600080fd5b506115b9806100206000396000f3fe";
  assert.ok(creation.startsWith(`0x${constructor}`));
  assert.equal(MULTICALL3_RUNTIME, `0x${creation.slice(2 + constructor.length)}`);
  assert.equal((MULTICALL3_RUNTIME.length - 2) / 2, 0x15b9);
});
