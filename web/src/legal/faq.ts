/** Loads the per-country legal FAQ (`legal/faq/<JUR>.<language>.md`), bundled as lazily loaded chunks. */
import { parseFaq, type FaqBlock, type FaqJurisdiction } from "./faqMarkdown.ts";

const FILES: Record<string, () => Promise<string>> = Object.fromEntries(
  Object.entries(import.meta.glob<string>("../../../legal/faq/*.md", { query: "?raw", import: "default" })).map(
    ([path, load]) => [path.replace(/^.*\//, ""), load],
  ),
);

/**
 * Loads and parses one FAQ.
 *
 * @throws When the bundle has no FAQ for that jurisdiction and language.
 */
export async function loadFaq(jurisdiction: FaqJurisdiction, language: "en" | "fr"): Promise<FaqBlock[]> {
  const file = `${jurisdiction}.${language}.md`;
  const load = FILES[file];
  if (load === undefined) throw new Error(`legal/faq/${file} is not in the bundle`);
  return parseFaq(await load());
}
