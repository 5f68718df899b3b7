/**
 * State of one async user action: idle → pending (with the phase the user waits for) → success or a decoded error.
 * On success every query is invalidated so the page re-reads the chain.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";

import type { Phase } from "../actions/transactions.ts";
import { decodeError, type DecodedError } from "../lib/errors.ts";

/** Where an action stands. */
export type ActionState =
  | { status: "idle" }
  | { status: "pending"; phase: Phase }
  | { status: "success"; message: string }
  | { status: "error"; error: DecodedError };

/**
 * @returns The state and `run(action, successMessage)`; `action` receives the phase callback and returns a value
 *   that `successMessage` turns into the text shown on success.
 */
export function useAction() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ActionState>({ status: "idle" });
  const run = useCallback(
    async <T>(action: (onPhase: (phase: Phase) => void) => Promise<T>, successMessage: (result: T) => string) => {
      setState({ status: "pending", phase: "wallet" });
      try {
        const result = await action((phase) => setState({ status: "pending", phase }));
        setState({ status: "success", message: successMessage(result) });
      } catch (error) {
        setState({ status: "error", error: decodeError(error) });
      }
      await queryClient.invalidateQueries();
    },
    [queryClient],
  );
  return { state, run, busy: state.status === "pending" };
}
