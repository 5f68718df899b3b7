/**
 * Preloaded by `npm test -w web` (`node --import`): lets Node import files with Vite's `?raw` suffix (the dApp imports
 * `subgraph/queries/*.graphql?raw`), as a module whose default export is the file's text — what Vite does.
 */
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

registerHooks({
  load(url, context, nextLoad) {
    const parsed = new URL(url);
    if (parsed.protocol !== "file:" || parsed.search !== "?raw") return nextLoad(url, context);
    parsed.search = "";
    const text = readFileSync(fileURLToPath(parsed), "utf8");
    return { format: "module", source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  },
});
