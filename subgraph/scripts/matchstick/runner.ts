/**
 * Runs one compiled matchstick test module: `_start` registers the top-level describes, tests and hooks; each
 * describe body is called to register its own; then every test runs with its hooks, matchstick's way (beforeAll
 * once per scope, beforeEach outer to inner, afterEach inner to outer, afterAll once per scope). The store is shared
 * by the tests of one file, as in matchstick (tests clear it with `clearStore`).
 */
import { HostError, HostState, createImports, hostFunctions, type Registration } from "./host.ts";
import { AscMemory, type AscExports } from "./memory.ts";
import type { SchemaRules } from "./schema.ts";

/** Outcome of one test. */
export interface TestResult {
  name: string;
  passed: boolean;
  /** Why it failed, with the messages it logged. */
  details: string[];
}

interface Scope {
  name: string;
  items: Registration[];
}

function errorText(error: unknown): string {
  if (error instanceof HostError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Instantiates `wasm` against the runner's host functions and runs every registered test.
 *
 * @param wasm - Compiled test module.
 * @param schema - Schema rules for `store.set`.
 * @returns One result per test, in registration order.
 * @throws When the module imports an unimplemented host function, or registration itself fails.
 */
export async function runTestModule(wasm: Uint8Array, schema: SchemaRules): Promise<TestResult[]> {
  const module = await WebAssembly.compile(new Uint8Array(wasm));
  const mem = new AscMemory();
  const state = new HostState();
  const instance = await WebAssembly.instantiate(module, createImports(module, hostFunctions(mem, state, schema)));
  mem.bind(instance.exports as unknown as AscExports);
  (instance.exports as unknown as AscExports)._start();

  const results: TestResult[] = [];
  const runHooks = (fns: number[], label: string, details: string[]): boolean => {
    for (const fn of fns) {
      try {
        mem.call(fn);
      } catch (error) {
        details.push(`${label} hook failed: ${errorText(error)}`);
        return false;
      }
    }
    return true;
  };

  const runScope = (scope: Scope, path: string[], outerBeforeEach: number[], outerAfterEach: number[]): void => {
    const hooks = (kind: string): number[] =>
      scope.items.flatMap((item) => (item.type === "hook" && item.hook === kind ? [item.fn] : []));
    const beforeEach = [...outerBeforeEach, ...hooks("beforeEach")];
    const afterEach = [...hooks("afterEach"), ...outerAfterEach];
    const scopeDetails: string[] = [];
    if (!runHooks(hooks("beforeAll"), "beforeAll", scopeDetails)) {
      results.push({ name: [...path, "(beforeAll)"].join(" > "), passed: false, details: scopeDetails });
      return;
    }
    for (const item of scope.items) {
      if (item.type === "describe") {
        state.takeRegistrations();
        mem.call(item.fn);
        runScope({ name: item.name, items: state.takeRegistrations() }, [...path, item.name], beforeEach, afterEach);
      } else if (item.type === "test") {
        state.messages = [];
        const details: string[] = [];
        let threw = false;
        if (runHooks(beforeEach, "beforeEach", details)) {
          try {
            mem.call(item.fn);
          } catch (error) {
            threw = true;
            details.push(errorText(error));
          }
        } else threw = true;
        const passed = item.shouldFail ? threw : !threw;
        if (item.shouldFail && !threw) details.push("expected the test to fail, but it passed");
        const hooksOk = runHooks(afterEach, "afterEach", details);
        results.push({
          name: [...path, item.name].join(" > "),
          passed: passed && hooksOk,
          details: [...details, ...state.messages],
        });
      }
    }
    const afterDetails: string[] = [];
    if (!runHooks(hooks("afterAll"), "afterAll", afterDetails)) {
      results.push({ name: [...path, "(afterAll)"].join(" > "), passed: false, details: afterDetails });
    }
  };

  runScope({ name: "", items: state.takeRegistrations() }, [], [], []);
  return results;
}
