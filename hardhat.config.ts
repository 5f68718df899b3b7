import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** solc-js from the npm `solc` package: Hardhat never downloads a compiler when `path` is set. */
const solc = {
  // One compilation job per root file: solc-js runs in 32-bit WebAssembly, and compiling every contract and test in
  // one job runs out of its memory ("memory access out of bounds").
  isolated: true,
  version: (require("solc/package.json") as { version: string }).version,
  path: require.resolve("solc/soljson.js"),
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 10_000 },
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: solc,
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
