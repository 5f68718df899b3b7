// ESLint flat config: TypeScript (typescript-eslint, type-aware) for scripts, tests, Ignition modules and config.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "artifacts/",
      "cache/",
      "types/",
      "coverage/",
      "**/generated/",
      "ignition/deployments/",
      "bench/results/",
      // AssemblyScript (subgraph mappings and matchstick tests) is not TypeScript to the type checker.
      "subgraph/src/",
      "subgraph/tests/",
      "subgraph/build/",
      // dApp build output and e2e screenshots.
      "web/dist/",
      "web/test-results/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // node:test's describe/it return promises the runner awaits itself.
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["describe", "it", "test"] }] },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: "readonly", process: "readonly" } },
  },
);
