/**
 * Settings of monitoring (health thresholds, `/metrics`, the operator stream): their own TypeBox schema, read from
 * the environment with the rest of the configuration (src/config.ts calls {@link loadMonitoringConfig}). A bad
 * setting stops start-up with a {@link ConfigError} naming it.
 */
import Type, { type Static } from "typebox";
import { Value } from "typebox/value";
// A type only: importing viem's runtime here would load all of viem (~30 MB) into every command that reads the
// configuration, `encore statements import` included.
import type { Address } from "viem";

import { ConfigError } from "../config.ts";

const INTEGER = "^[0-9]+$";
const ADDRESS = "^0x[0-9a-fA-F]{40}$";

/** Environment variables of monitoring (all optional strings). */
export const MonitoringEnvSchema = Type.Object({
  ENCORE_METRICS: Type.Optional(
    Type.Union([Type.Literal("public"), Type.Literal("operator"), Type.Literal("off")], {
      description: "GET /metrics: public (default), operator (API key or operator session) or off",
    }),
  ),
  ENCORE_STREAM_INTERVAL_MS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "operator stream: full overview refresh, ms (default 5000)" }),
  ),
  ENCORE_STREAM_PROBE_MS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "operator stream: change check interval, ms (default 1000)" }),
  ),
  ENCORE_STREAM_HEARTBEAT_MS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "operator stream: heartbeat comment interval, ms (default 15000)" }),
  ),
  ENCORE_HEALTH_MAX_KEEPER_LAG: Type.Optional(
    Type.String({ pattern: INTEGER, description: "keeper lag (blocks) above which /health is degraded (default 50)" }),
  ),
  ENCORE_TREASURY_TOKEN: Type.Optional(
    Type.String({
      pattern: ADDRESS,
      description: "stablecoin whose balance /metrics reports (default: the deployment's MockStablecoin, if any)",
    }),
  ),
  ENCORE_TREASURY_ADDRESS: Type.Optional(
    Type.String({ pattern: ADDRESS, description: "account whose stablecoin balance is reported (default: operator)" }),
  ),
});

/** The validated monitoring settings. */
export interface MonitoringConfig {
  /** Who may read `/metrics`. */
  metrics: "public" | "operator" | "off";
  /** The stream recomputes the whole overview this often (ms, ≥ 200). */
  streamIntervalMs: number;
  /** The stream checks cheap change markers this often and pushes at once on a change (ms, ≥ 100). */
  streamProbeMs: number;
  /** Heartbeat comments keep idle proxies from closing the stream (ms, ≥ 100). */
  streamHeartbeatMs: number;
  /** `/health` says degraded when the keeper is more blocks than this behind the chain head. */
  maxKeeperLagBlocks: number;
  /** Stablecoin of the treasury balance metric; undefined = the deployment's MockStablecoin when there is one. */
  treasuryToken?: Address;
  /** Account of the treasury balance metric; undefined = this operator's account. */
  treasuryAddress?: Address;
}

/** The environment as the schema sees it. */
export type MonitoringEnv = Static<typeof MonitoringEnvSchema>;

/**
 * Validates the monitoring variables of `env` (empty ones count as unset).
 *
 * @throws {ConfigError} Naming the first invalid setting.
 */
export function loadMonitoringConfig(env: Record<string, string | undefined>): MonitoringConfig {
  const known = Object.keys(MonitoringEnvSchema.properties);
  const raw = Object.fromEntries(
    known.filter((key) => env[key] !== undefined && env[key] !== "").map((key) => [key, env[key]]),
  );
  const [error] = Value.Errors(MonitoringEnvSchema, raw);
  if (error !== undefined) {
    const setting = error.instancePath.replace(/^\//, "").split("/")[0] || "monitoring";
    const schema = (MonitoringEnvSchema.properties as Record<string, { description?: string }>)[setting];
    throw new ConfigError(
      setting,
      `= "${raw[setting]}" is invalid: ${error.message}${schema?.description ? ` (${schema.description})` : ""}`,
    );
  }
  const valid = raw as MonitoringEnv;
  const int = (value: string | undefined, fallback: number, min: number) =>
    Math.max(min, value === undefined ? fallback : Number(value));
  return {
    metrics: valid.ENCORE_METRICS ?? "public",
    streamIntervalMs: int(valid.ENCORE_STREAM_INTERVAL_MS, 5_000, 200),
    streamProbeMs: int(valid.ENCORE_STREAM_PROBE_MS, 1_000, 100),
    streamHeartbeatMs: int(valid.ENCORE_STREAM_HEARTBEAT_MS, 15_000, 100),
    maxKeeperLagBlocks: int(valid.ENCORE_HEALTH_MAX_KEEPER_LAG, 50, 0),
    // 20-byte hex checked by the schema; not checksum-verified (as the notifications' treasury setting).
    treasuryToken: valid.ENCORE_TREASURY_TOKEN as Address | undefined,
    treasuryAddress: valid.ENCORE_TREASURY_ADDRESS as Address | undefined,
  };
}

/** Defaults (what {@link loadMonitoringConfig} gives for an empty environment). */
export const DEFAULT_MONITORING_CONFIG: MonitoringConfig = loadMonitoringConfig({});
