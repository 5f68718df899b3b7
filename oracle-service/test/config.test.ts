import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ConfigError, describeConfig, loadConfig, loadStorageConfig } from "../src/config.ts";

const KEY = `0x${"ab".repeat(32)}`;
const BASE = { ENCORE_RPC_URL: "http://127.0.0.1:8545", ENCORE_OPERATOR_KEY: KEY };

/** The ConfigError `env` produces. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected loadConfig to throw");
}

describe("configuration", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig(BASE);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 8787);
    assert.equal(config.confirmations, 2);
    assert.equal(config.tokenDecimals, 6);
    assert.deepEqual(config.peers, []);
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /\.encore[/\\]oracle-service$/);
  });

  it("names a missing setting", () => {
    assert.equal(configError({ ENCORE_RPC_URL: BASE.ENCORE_RPC_URL }).setting, "ENCORE_OPERATOR_KEY");
    assert.equal(configError({ ENCORE_OPERATOR_KEY: KEY }).setting, "ENCORE_RPC_URL");
  });

  it("names a bad setting and shows its value, except for secrets", () => {
    const port = configError({ ...BASE, ENCORE_PORT: "eighty" });
    assert.equal(port.setting, "ENCORE_PORT");
    assert.match(port.message, /ENCORE_PORT = "eighty" is invalid/);
    assert.equal(configError({ ...BASE, ENCORE_PORT: "70000" }).setting, "ENCORE_PORT");
    const key = configError({ ...BASE, ENCORE_OPERATOR_KEY: "0xnotakey" });
    assert.equal(key.setting, "ENCORE_OPERATOR_KEY");
    assert.doesNotMatch(key.message, /notakey/);
    assert.equal(configError({ ...BASE, DATABASE_URL: "mysql://x" }).setting, "DATABASE_URL");
    assert.equal(configError({ ...BASE, ENCORE_PEERS: "http://a:1, not a url" }).setting, "ENCORE_PEERS");
    assert.equal(configError({ ...BASE, LOG_LEVEL: "loud" }).setting, "LOG_LEVEL");
  });

  it("reads the outbox fee ceiling in gwei exactly, and refuses a bad or zero one", () => {
    assert.equal(loadConfig(BASE).maxFeePerGas, undefined);
    assert.equal(loadConfig({ ...BASE, ENCORE_MAX_FEE_GWEI: "50" }).maxFeePerGas, 50_000_000_000n);
    assert.equal(loadConfig({ ...BASE, ENCORE_MAX_FEE_GWEI: "0.000000001" }).maxFeePerGas, 1n);
    assert.equal(loadConfig({ ...BASE, ENCORE_MAX_FEE_GWEI: "2.5" }).maxFeePerGas, 2_500_000_000n);
    for (const bad of ["fifty", "1.0000000001", "-1", "1e3"]) {
      assert.equal(configError({ ...BASE, ENCORE_MAX_FEE_GWEI: bad }).setting, "ENCORE_MAX_FEE_GWEI", bad);
    }
    assert.match(configError({ ...BASE, ENCORE_MAX_FEE_GWEI: "0.0" }).message, /must be above zero/);
    const described = describeConfig(loadConfig({ ...BASE, ENCORE_MAX_FEE_GWEI: "3" }));
    assert.equal((JSON.parse(JSON.stringify(described)) as { maxFeePerGas: string }).maxFeePerGas, "3000000000");
  });

  it("parses peers and trims trailing slashes", () => {
    const config = loadConfig({ ...BASE, ENCORE_PEERS: "http://127.0.0.1:9001/, http://127.0.0.1:9002" });
    assert.deepEqual(config.peers, ["http://127.0.0.1:9001", "http://127.0.0.1:9002"]);
  });

  it("redacts the operator key and database password when described", () => {
    const described = JSON.stringify(
      describeConfig(loadConfig({ ...BASE, DATABASE_URL: "postgres://encore:s3cret@db:5432/encore" })),
    );
    assert.doesNotMatch(described, new RegExp(KEY.slice(2)));
    assert.doesNotMatch(described, /s3cret/);
    assert.match(described, /postgres:\/\/encore:\[redacted\]@db:5432/);
  });

  it("storage-only commands need no chain settings", () => {
    assert.equal(loadStorageConfig({ ENCORE_TOKEN_DECIMALS: "18" }).tokenDecimals, 18);
    assert.throws(() => loadStorageConfig({ ENCORE_TOKEN_DECIMALS: "99" }), /ENCORE_TOKEN_DECIMALS/);
  });
});
