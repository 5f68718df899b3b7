/**
 * A campaign's investment contract in the browser: the same templates (`legal/terms/`, bundled as lazily loaded
 * chunks) and the same renderer (`scripts/legal/termsTemplates.ts`) the artist's tools used to compute `termsHash`,
 * so the fan can see the text and check that it hashes to the value the campaign committed to on-chain.
 */
import { keccak256, stringToBytes, type Address, type Hex } from "viem";

import { renderTermsText, templatePath } from "../../../scripts/legal/termsTemplates.ts";
import type { TermsSource, TokenInfo } from "../data/CampaignData.ts";

/** Every template file, loaded on demand, keyed by its path from the repository root (`legal/terms/US/v1.md`). */
const TEMPLATES: Record<string, () => Promise<string>> = Object.fromEntries(
  Object.entries(import.meta.glob<string>("../../../legal/terms/**/*.md", { query: "?raw", import: "default" })).map(
    ([path, load]) => [path.replace(/^(\.\.\/)+/, ""), load],
  ),
);

/** A campaign's rendered terms and whether they match the chain. */
export interface CheckedTerms {
  text: string;
  /** keccak256 of the text's UTF-8 bytes. */
  computedHash: Hex;
  /** The campaign's on-chain `termsHash`. */
  onchainHash: Hex;
  matches: boolean;
}

/**
 * Renders the terms a campaign with these parameters commits to, and their hash (what goes into `termsHash`).
 *
 * @param source - Template and parameters (from `CampaignCreated` and the metadata, or the studio's draft).
 * @param token - Symbol and decimals of the settlement token (the terms quote amounts in it).
 * @param deployment - Chain id and hub address (the terms quote them).
 * @throws When a template is missing from the bundle or does not render (the message names the file and line).
 */
export async function renderCampaignTerms(
  source: TermsSource,
  token: TokenInfo,
  deployment: { chainId: number; hub: Address },
): Promise<{ text: string; hash: Hex }> {
  const { jurisdiction, version, language } = source.document;
  const files = [templatePath(jurisdiction, version, language), templatePath("base", version, language)];
  const loaded = new Map<string, string>();
  for (const file of files) {
    const load = TEMPLATES[file];
    if (load !== undefined) loaded.set(file, await load());
  }
  const text = renderTermsText(
    {
      artist: source.artist,
      token: source.token,
      tokenSymbol: token.symbol,
      tokenDecimals: token.decimals,
      goal: source.goal,
      hardCap: source.hardCap,
      fundingDeadline: source.fundingDeadline,
      minInvestment: source.minInvestment,
      maxPerInvestor: source.maxPerInvestor,
      revenueShareBps: source.revenueShareBps,
      payoutCap: source.payoutCap,
      shareDuration: source.shareDuration,
      vestingDuration: source.vestingDuration,
      bond: source.bond,
      feeBps: source.feeBps,
      chainId: deployment.chainId,
      hubAddress: deployment.hub,
    },
    source.document,
    (file) => loaded.get(file),
  );
  return { text, hash: keccak256(stringToBytes(text)) };
}

/**
 * Renders a campaign's terms from its creation parameters and compares their hash with the on-chain one.
 *
 * @param onchainHash - The campaign's `termsHash`.
 * @throws As {@link renderCampaignTerms}.
 */
export async function checkCampaignTerms(
  source: TermsSource,
  token: TokenInfo,
  deployment: { chainId: number; hub: Address },
  onchainHash: Hex,
): Promise<CheckedTerms> {
  const { text, hash } = await renderCampaignTerms(source, token, deployment);
  return { text, computedHash: hash, onchainHash, matches: hash === onchainHash.toLowerCase() };
}
