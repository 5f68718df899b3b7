/** Shows an action's pending phase, success message or localized, decoded error. */
import { useTranslation } from "react-i18next";

import { errorMessage, type ErrorFormatters } from "../lib/errorMessage.ts";
import type { ActionState } from "./useAction.ts";

const PHASE_KEYS = { signing: "campaign.signing", wallet: "action.wallet", confirming: "action.confirming" } as const;

/** Props of {@link ActionStatus}. */
export interface ActionStatusProps {
  state: ActionState;
  /** Formatters for amounts and dates in error messages (the campaign's token, the current locale). */
  format: ErrorFormatters;
}

/** A live region: pending and success are polite, errors are alerts. */
export function ActionStatus({ state, format }: ActionStatusProps) {
  const { t, i18n } = useTranslation();
  if (state.status === "idle") return null;
  if (state.status === "pending") {
    return (
      <p className="status pending" role="status" data-testid="action-status">
        {t(PHASE_KEYS[state.phase])}
      </p>
    );
  }
  if (state.status === "success") {
    return (
      <p className="status success" role="status" data-testid="action-status">
        {state.message}
      </p>
    );
  }
  return (
    <p className="status error" role="alert" data-testid="action-status">
      {errorMessage(state.error, i18n, format)}
    </p>
  );
}
