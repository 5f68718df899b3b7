/** Campaign metadata (`metadataURI`, emitted at creation): a `data:application/json,` URI with a name and text. */
import type { TermsDocument } from "./CampaignData.ts";

/** What the pages show from the metadata. */
export interface CampaignMetadata {
  title: string;
  description: string;
  /** The terms template named by the metadata's `terms` object, when it names a valid one. */
  terms?: TermsDocument;
}

/** `value` as a terms document when it has a two-letter jurisdiction, a `v<N>` version and a known language. */
function termsDocument(value: unknown): TermsDocument | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const { jurisdiction, version, language } = value as Record<string, unknown>;
  if (typeof jurisdiction !== "string" || !/^[A-Z]{2}$/.test(jurisdiction)) return undefined;
  if (typeof version !== "string" || !/^v\d+$/.test(version)) return undefined;
  if (language !== "en" && language !== "fr") return undefined;
  return { jurisdiction, version, language };
}

/**
 * Reads the title and description of a campaign's metadata URI.
 *
 * @param uri - `data:application/json,<url-encoded JSON>` with `name` and `description`; other schemes (e.g.
 *   `ipfs://`) are not fetched, and the URI itself becomes the title.
 * @returns Title and description (empty description when there is none).
 */
export function parseMetadata(uri: string): CampaignMetadata {
  const prefix = "data:application/json,";
  if (!uri.startsWith(prefix)) return { title: uri, description: "" };
  try {
    const json = JSON.parse(decodeURIComponent(uri.slice(prefix.length))) as {
      name?: unknown;
      description?: unknown;
      terms?: unknown;
    };
    return {
      title: typeof json.name === "string" ? json.name : uri,
      description: typeof json.description === "string" ? json.description : "",
      terms: termsDocument(json.terms),
    };
  } catch {
    return { title: uri, description: "" };
  }
}
