// Shared set-up of the ComplianceRegistry tests: a registry bound to the hub of `deployFixture` (unit: one whole
// token of the 6-decimal stablecoin), an attester, the country presets used throughout the tests, attested actors
// and campaigns that name the registry.
import { createCampaign, DAY, deployFixture, ethers, ONE, time, YEAR } from "./fixtures.js";
import type { CampaignConfig, Env, Signer } from "./fixtures.js";
import type { ComplianceRegistry } from "../../types/ethers-contracts/index.js";

export type CountryRule = ComplianceRegistry.CountryRuleStruct;

/** One whole unit of the settlement token (the registry's `UNIT`). */
export const UNIT = ONE;
/** Length of one period of the rolling window (`PERIOD`) and number of periods counted (`PERIODS`). */
export const PERIOD = 30n * DAY;
export const PERIODS = 14n;
/** Largest 12-month limit the registry accepts (the window stores 32 bits per period). */
export const MAX_LIMIT = 2n ** 32n - 1n;

/** An ISO 3166-1 alpha-2 code (or any two bytes) as `bytes2`. */
export function country(code: string): string {
  return ethers.hexlify(ethers.toUtf8Bytes(code));
}

export const US = country("US");
export const KR = country("KR");
export const NG = country("NG");
export const BR = country("BR");
/** A country the owner never sets: not allowed. */
export const KP = country("KP");

const NONE = { allowed: false, accreditationRequired: false, accreditedUnlimited: false, lockup: 0n };

/** The preset rules of the tests (figures of the deployment configuration). */
export const RULES = {
  US: {
    ...NONE,
    allowed: true,
    accreditedUnlimited: true,
    lockup: 365n * DAY,
    maxPerCampaign: 2_500n,
    maxPer12Months: 2_500n,
  },
  KR: { ...NONE, allowed: true, lockup: 180n * DAY, maxPerCampaign: 5_000n, maxPer12Months: 10_000n },
  NG: { ...NONE, allowed: true, accreditationRequired: true, maxPerCampaign: 0n, maxPer12Months: 0n },
  BR: { ...NONE, allowed: true, maxPerCampaign: 0n, maxPer12Months: 3_700n },
} as const satisfies Record<string, CountryRule>;

/** A rule as the tuple the contract returns and emits. */
export function ruleTuple(rule: CountryRule): [boolean, boolean, boolean, bigint, bigint, bigint] {
  return [
    rule.allowed,
    rule.accreditationRequired,
    rule.accreditedUnlimited,
    BigInt(rule.lockup),
    BigInt(rule.maxPerCampaign),
    BigInt(rule.maxPer12Months),
  ];
}

export interface RegistryEnv extends Env {
  registry: ComplianceRegistry;
  attester: Signer;
  /** A second attester (for relayed signatures and revocations by another attester). */
  attester2: Signer;
}

/** `deployFixture` + a registry owned by `owner` with one attester and no rules. */
export async function registryFixture(): Promise<RegistryEnv> {
  const env = await deployFixture();
  const signers = await ethers.getSigners();
  const [attester, attester2] = signers.slice(17, 19);
  const registry = await ethers.deployContract("ComplianceRegistry", [env.owner.address, env.hub, UNIT]);
  await registry.connect(env.owner).setAttester(attester.address, true);
  return { ...env, registry, attester, attester2 };
}

export interface PresetEnv extends RegistryEnv {
  /** Expiry of every attestation of the fixture. */
  expiry: bigint;
  /** US resident, accredited. */
  usAccredited: Signer;
  /** NG resident, accredited. */
  ngAccredited: Signer;
  /** NG resident, not accredited. */
  ngPlain: Signer;
  /** Attested resident of a country without a rule. */
  kp: Signer;
  /** KR resident, accredited (KR has no exemption for accredited investors). */
  krAccredited: Signer;
  /** Holds tokens approved to the hub, never attested. */
  unattested: Signer;
  /** Campaign 1: funding, names the registry (goal 1,000, hard cap 50,000, minimum one token base unit). */
  id: bigint;
}

/** Config of a campaign naming the registry whose every investment counts (minimum one base unit). */
export async function registryCampaign(env: RegistryEnv, overrides: Partial<CampaignConfig> = {}): Promise<bigint> {
  return createCampaign(env, {
    compliance: await env.registry.getAddress(),
    goal: 1_000n * ONE,
    hardCap: 50_000n * ONE,
    minInvestment: 1n,
    ...overrides,
  });
}

/**
 * Registry with the presets (US, KR, NG, BR; KP unset) and attestations valid for 5 years: alice US, bob KR, carol
 * BR, dave (tokens, no approval) US; `usAccredited`, `ngAccredited`, `ngPlain`, `kp`, `krAccredited`; campaign 1
 * funding with the registry.
 */
export async function presetFixture(): Promise<PresetEnv> {
  const env = await registryFixture();
  const { registry, owner, attester, extras } = env;
  const [usAccredited, ngAccredited, ngPlain, kp, krAccredited, unattested] = extras;
  await registry.connect(owner).setCountryRules([US, KR, NG, BR], [RULES.US, RULES.KR, RULES.NG, RULES.BR]);
  const expiry = BigInt(await time.latest()) + 5n * YEAR;
  const attestations: [Signer, string, boolean][] = [
    [env.alice, US, false],
    [env.bob, KR, false],
    [env.carol, BR, false],
    [env.dave, US, false],
    [usAccredited, US, true],
    [ngAccredited, NG, true],
    [ngPlain, NG, false],
    [kp, KP, false],
    [krAccredited, KR, true],
  ];
  for (const [account, code, accredited] of attestations) {
    await registry.connect(attester).attest(account.address, code, accredited, expiry);
  }
  const id = await registryCampaign(env);
  return { ...env, expiry, usAccredited, ngAccredited, ngPlain, kp, krAccredited, unattested, id };
}

/** The first second of the next period after the latest block. */
export async function nextPeriodStart(): Promise<bigint> {
  return (BigInt(await time.latest()) / PERIOD + 1n) * PERIOD;
}
