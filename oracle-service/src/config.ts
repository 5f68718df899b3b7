/**
 * The service's configuration: one schema, read once from the environment at start-up. A missing or bad setting
 * stops start-up with a message naming it (see {@link ConfigError}). Secrets (the operator key) are never logged:
 * {@link describeConfig} prints a redacted view.
 */
import { join } from "node:path";
import Type, { type Static } from "typebox";
import { Value } from "typebox/value";

import { loadMonitoringConfig, type MonitoringConfig } from "./monitoring/config.ts";
import { parseDecimal, rescale } from "./statements/decimal.ts";
import {
  describePaymentsConfig,
  loadPaymentsConfig,
  PaymentsConfigError,
  type PaymentsConfig,
} from "./payments/config.ts";
import { describeNotificationConfig, loadNotificationConfig, type NotificationConfig } from "./notifications/config.ts";

/** A 0x-prefixed 32-byte hex private key. */
const PRIVATE_KEY = "^0x[0-9a-fA-F]{64}$";
const INTEGER = "^[0-9]+$";

/** Environment variables the service reads (all strings, as the environment gives them). */
export const ConfigEnvSchema = Type.Object({
  ENCORE_RPC_URL: Type.String({ pattern: "^https?://", description: "JSON-RPC URL of the chain" }),
  ENCORE_OPERATOR_KEY: Type.String({
    pattern: PRIVATE_KEY,
    description: "this operator's private key: signs reports and sends the outbox's transactions",
  }),
  ENCORE_CONTRACTS_FILE: Type.Optional(
    Type.String({ minLength: 1, description: "generated deployments JSON (default: <repo>/generated/contracts.json)" }),
  ),
  DATABASE_URL: Type.Optional(Type.String({ pattern: "^postgres(ql)?://", description: "Postgres server URL" })),
  ENCORE_DATA_DIR: Type.Optional(
    Type.String({ minLength: 1, description: "PGlite data folder when DATABASE_URL is unset (default .encore/)" }),
  ),
  ENCORE_HOST: Type.Optional(Type.String({ minLength: 1, description: "address the API binds (default 127.0.0.1)" })),
  ENCORE_PORT: Type.Optional(Type.String({ pattern: INTEGER, description: "API port (default 8787; 0 = any free)" })),
  ENCORE_PUBLIC_URL: Type.Optional(
    Type.String({ pattern: "^https?://", description: "URL peers reach this instance at (default http://host:port)" }),
  ),
  ENCORE_SIWE_DOMAIN: Type.Optional(
    Type.String({
      pattern: "^[A-Za-z0-9.-]+(:[0-9]+)?$",
      description: "domain (host[:port]) Sign-In with Ethereum messages must name (default: the request's Host)",
    }),
  ),
  ENCORE_PEERS: Type.Optional(
    Type.String({ description: "comma-separated base URLs of the other operators' services (signature exchange)" }),
  ),
  ENCORE_CONFIRMATIONS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "blocks before an event or a transaction counts (default 2)" }),
  ),
  ENCORE_KEEPER_INTERVAL_MS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "keeper and outbox poll interval in ms (default 2000)" }),
  ),
  ENCORE_MAX_FEE_GWEI: Type.Optional(
    Type.String({
      pattern: "^[0-9]+(\\.[0-9]{1,9})?$", // GWEI_DECIMALS fraction digits at most
      description: "most gwei per gas the outbox offers, replacements included (e.g. 50 or 0.5; default: no ceiling)",
    }),
  ),
  ENCORE_TOKEN_DECIMALS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "settlement token decimals for statement amounts (default 6)" }),
  ),
  ENCORE_RATE_LIMIT: Type.Optional(
    Type.String({ pattern: INTEGER, description: "public requests per minute per client (default 6000)" }),
  ),
  ENCORE_READ_CACHE_MS: Type.Optional(
    Type.String({
      pattern: INTEGER,
      description: "how long public GET answers are reused, ms (default 1000; 0 = off)",
    }),
  ),
  LOG_LEVEL: Type.Optional(
    Type.Union([
      Type.Literal("fatal"),
      Type.Literal("error"),
      Type.Literal("warn"),
      Type.Literal("info"),
      Type.Literal("debug"),
      Type.Literal("trace"),
      Type.Literal("silent"),
    ]),
  ),
  ENCORE_LOG_PRETTY: Type.Optional(Type.Union([Type.Literal("true"), Type.Literal("false")])),
});

/** The environment as the schema sees it. */
export type ConfigEnv = Static<typeof ConfigEnvSchema>;

/** The validated, typed configuration. */
export interface Config {
  rpcUrl: string;
  /** Secret: never log it. */
  operatorKey: `0x${string}`;
  contractsFile: string;
  /** Postgres server URL, or undefined for embedded PGlite in {@link Config.dataDir}. */
  databaseUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  publicUrl?: string;
  /** Domain SIWE messages must name; undefined = the request's Host header. */
  siweDomain?: string;
  peers: string[];
  confirmations: number;
  keeperIntervalMs: number;
  /** Most wei per gas the outbox offers (from `ENCORE_MAX_FEE_GWEI`); `undefined` = no ceiling. */
  maxFeePerGas?: bigint;
  tokenDecimals: number;
  rateLimitPerMinute: number;
  /** Micro-cache of public GET answers (ms; 0 = off). */
  readCacheMs: number;
  logLevel: NonNullable<ConfigEnv["LOG_LEVEL"]>;
  logPretty: boolean;
  /** Health thresholds, /metrics access, operator stream (src/monitoring/config.ts). */
  monitoring: MonitoringConfig;
  /** Payment rails (src/payments/config.ts): each disabled when its keys are absent. */
  payments: PaymentsConfig;
  /** Email, SMS, Web Push and alert settings (src/notifications/config.ts). */
  notifications: NotificationConfig;
}

/** A setting is missing or invalid; `setting` names it. */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, problem: string) {
    super(`configuration: ${setting} ${problem}`);
    this.name = "ConfigError";
    this.setting = setting;
  }
}

/** The repository root (oracle-service's parent folder). */
export const REPOSITORY_ROOT = join(import.meta.dirname, "..", "..");

/**
 * Validates the environment and builds the configuration.
 *
 * @param env - Usually `process.env`; unknown variables are ignored, empty ones count as unset.
 * @throws {ConfigError} Naming the first missing or invalid setting and what it should be.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.keys(ConfigEnvSchema.properties);
  const raw = Object.fromEntries(
    known.filter((key) => env[key] !== undefined && env[key] !== "").map((key) => [key, env[key]]),
  );
  const [error] = Value.Errors(ConfigEnvSchema, raw);
  if (error !== undefined) {
    const setting = settingOf(error.instancePath, error.params);
    const schema = (ConfigEnvSchema.properties as Record<string, { description?: string }>)[setting];
    const value = raw[setting];
    const shown =
      value === undefined ? "is missing" : setting.endsWith("_KEY") ? "is invalid" : `= "${value}" is invalid`;
    throw new ConfigError(
      setting,
      `${shown}: ${error.message}${schema?.description ? ` (${schema.description})` : ""}`,
    );
  }
  const valid = raw as ConfigEnv;
  const int = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value));
  const port = int(valid.ENCORE_PORT, 8787);
  if (port > 65_535) throw new ConfigError("ENCORE_PORT", `= "${port}" is not a TCP port (0-65535)`);
  const decimals = int(valid.ENCORE_TOKEN_DECIMALS, 6);
  if (decimals > 36) throw new ConfigError("ENCORE_TOKEN_DECIMALS", `= "${decimals}" is more than 36`);
  const peers = (valid.ENCORE_PEERS ?? "")
    .split(",")
    .map((peer) => peer.trim().replace(/\/+$/, ""))
    .filter((peer) => peer !== "");
  for (const peer of peers) {
    if (!/^https?:\/\/[^\s/]+/.test(peer)) throw new ConfigError("ENCORE_PEERS", `has "${peer}", which is not a URL`);
  }
  return {
    rpcUrl: valid.ENCORE_RPC_URL,
    operatorKey: valid.ENCORE_OPERATOR_KEY as `0x${string}`,
    contractsFile: valid.ENCORE_CONTRACTS_FILE ?? join(REPOSITORY_ROOT, "generated", "contracts.json"),
    databaseUrl: valid.DATABASE_URL,
    dataDir: valid.ENCORE_DATA_DIR ?? join(REPOSITORY_ROOT, ".encore", "oracle-service"),
    host: valid.ENCORE_HOST ?? "127.0.0.1",
    port,
    publicUrl: valid.ENCORE_PUBLIC_URL?.replace(/\/+$/, ""),
    siweDomain: valid.ENCORE_SIWE_DOMAIN,
    peers,
    confirmations: int(valid.ENCORE_CONFIRMATIONS, 2),
    keeperIntervalMs: Math.max(100, int(valid.ENCORE_KEEPER_INTERVAL_MS, 2_000)),
    maxFeePerGas: valid.ENCORE_MAX_FEE_GWEI === undefined ? undefined : gweiToWei(valid.ENCORE_MAX_FEE_GWEI),
    tokenDecimals: decimals,
    rateLimitPerMinute: Math.max(1, int(valid.ENCORE_RATE_LIMIT, 6_000)),
    readCacheMs: int(valid.ENCORE_READ_CACHE_MS, 1_000),
    logLevel: valid.LOG_LEVEL ?? "info",
    logPretty: valid.ENCORE_LOG_PRETTY === "true",
    monitoring: loadMonitoringConfig(env),
    payments: paymentsOf(env),
    notifications: loadNotificationConfig(env),
  };
}

function paymentsOf(env: Record<string, string | undefined>): PaymentsConfig {
  try {
    return loadPaymentsConfig(env);
  } catch (error) {
    if (error instanceof PaymentsConfigError) {
      throw new ConfigError(error.setting, error.message.replace(`configuration: ${error.setting} `, ""));
    }
    throw error;
  }
}

/** Settings of commands that only touch the database (statement import, API keys). */
export interface StorageConfig {
  databaseUrl?: string;
  dataDir: string;
  tokenDecimals: number;
}

/**
 * Validates only the database settings (`DATABASE_URL`, `ENCORE_DATA_DIR`, `ENCORE_TOKEN_DECIMALS`): commands that
 * never touch the chain need no RPC URL or key.
 *
 * @throws {ConfigError} Naming the invalid setting.
 */
export function loadStorageConfig(env: Record<string, string | undefined>): StorageConfig {
  const full = loadConfig({
    ...env,
    ENCORE_RPC_URL: "http://127.0.0.1:1",
    ENCORE_OPERATOR_KEY: `0x${"11".repeat(32)}`,
  });
  return { databaseUrl: full.databaseUrl, dataDir: full.dataDir, tokenDecimals: full.tokenDecimals };
}

/** The configuration with secrets redacted, for logs. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    operatorKey: "[redacted]",
    maxFeePerGas: config.maxFeePerGas?.toString(),
    payments: describePaymentsConfig(config.payments),
    databaseUrl: config.databaseUrl?.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:[redacted]@"),
    notifications: describeNotificationConfig(config.notifications),
  };
}

/** Fraction digits of a gwei amount (1 gwei = 10^9 wei). */
const GWEI_DECIMALS = 9;

/** `gwei` (a plain decimal with at most 9 fraction digits, checked by the schema) in wei, exactly. */
function gweiToWei(gwei: string): bigint {
  const parsed = parseDecimal(gwei, GWEI_DECIMALS);
  const wei = parsed.ok ? rescale(parsed.value, GWEI_DECIMALS) : 0n;
  if (wei <= 0n) throw new ConfigError("ENCORE_MAX_FEE_GWEI", `= "${gwei}" must be above zero`);
  return wei;
}

function settingOf(instancePath: string, params: unknown): string {
  const fromPath = instancePath.replace(/^\//, "").split("/")[0];
  if (fromPath) return fromPath;
  const required = (params as { requiredProperties?: string[] } | undefined)?.requiredProperties;
  return required?.[0] ?? "configuration";
}
