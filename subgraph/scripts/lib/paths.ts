/** Paths of the subgraph workspace and of the repository files it reads. */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The `subgraph/` folder. */
export const SUBGRAPH_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The repository root. */
export const REPO_ROOT = join(SUBGRAPH_ROOT, "..");
/** The export of ABIs and deployments (`npm run build` / `npm run export` writes it). */
export const CONTRACTS_EXPORT = join(REPO_ROOT, "generated", "contracts.json");
/** The rendered manifest (git-ignored). */
export const MANIFEST = join(SUBGRAPH_ROOT, "subgraph.yaml");
/** Binaries of the workspace's dependencies (hoisted to the repository root). */
export const BIN = join(REPO_ROOT, "node_modules", ".bin");
/** Build output (git-ignored): graph build's `build/` and the compiled tests under `build/tests/`. */
export const BUILD_DIR = join(SUBGRAPH_ROOT, "build");
