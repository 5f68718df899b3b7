/** Campaign metadata (`metadataURI`, emitted at creation): a `data:application/json,` URI with a name and text. */

/** What the pages show from the metadata. */
export interface CampaignMetadata {
  title: string;
  description: string;
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
    const json = JSON.parse(decodeURIComponent(uri.slice(prefix.length))) as { name?: unknown; description?: unknown };
    return {
      title: typeof json.name === "string" ? json.name : uri,
      description: typeof json.description === "string" ? json.description : "",
    };
  } catch {
    return { title: uri, description: "" };
  }
}
