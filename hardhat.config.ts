import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** solc-js from the npm `solc` package: Hardhat never downloads a compiler when `path` is set. */
const solc = {
  version: (require("solc/package.json") as { version: string }).version,
  path: require.resolve("solc/soljson.js"),
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 10_000 },
  },
};

/**
 * Solidity test files compiled in a solc job of their own: every `*Fuzz.t.sol` and `*Invariants.t.sol`. solc-js runs
 * in 32-bit WebAssembly and aborts ("memory access out of bounds", HHE908) when every test is compiled in one job;
 * one job per file (`isolated`) works but recompiles forge-std and the contracts each time (~4 min). Hardhat merges
 * files whose compiler config is the same object, and each override entry is its own object, so every file listed
 * here is a separate job while the unit tests share one. Helpers imported by tests (handlers) live outside the tests
 * folder (`test/solidity-support/`), so they are compiled with the test that imports them, never as roots.
 */
const separateSolcJobs = Object.fromEntries(
  readdirSync(new URL("./test/solidity", import.meta.url))
    .filter((file) => file.endsWith("Fuzz.t.sol") || file.endsWith("Invariants.t.sol"))
    .map((file) => [`test/solidity/${file}`, solc]),
);

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    splitTestsCompilation: true,
    profiles: {
      default: { compilers: [solc], overrides: separateSolcJobs },
      production: solc,
    },
  },
  paths: {
    tests: { mocha: "test/flows", solidity: "test/solidity" },
  },
  test: {
    solidity: {
      fuzz: { runs: 1_000, seed: "0x2a" },
      invariant: { runs: 64, depth: 64, failOnRevert: false },
    },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.ENCORE_RPC_URL ?? "http://127.0.0.1:8545",
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
    baseSepolia: {
      type: "http",
      chainType: "op",
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("BASE_SEPOLIA_PRIVATE_KEY")],
    },
  },
});
