/**
 * The artist's revenue reserve in `RevenueOracle`, per settlement token: held, committed to pending reports and
 * debts, free to withdraw, and what it lacks to cover its commitments. Funding is one permit signature and one
 * transaction (`fundReserveWithPermit`); withdrawing takes only the free part.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { useConfig } from "wagmi";

import { fundReserve, withdrawReserve } from "../../actions/studio.ts";
import type { StudioReserve } from "../../data/chainStudio.ts";
import { useDataContext, useToken } from "../../data/hooks.ts";
import { parseTokenAmount } from "../../lib/campaignRules.ts";
import { reserveShortfall } from "../../lib/reserve.ts";
import type { useAction } from "../useAction.ts";
import { useFormat } from "../useFormat.ts";

/** Props of {@link ReservePanel}. */
export interface ReservePanelProps {
  reserve: StudioReserve;
  account: Address;
  action: ReturnType<typeof useAction>;
}

/** One token's reserve with its fund and withdraw form. */
export function ReservePanel({ reserve, account, action }: ReservePanelProps) {
  const { t } = useTranslation();
  const config = useConfig();
  const { runtime } = useDataContext();
  const token = useToken(reserve.token);
  const format = useFormat(token.data);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  if (token.data === undefined) return <p role="status">{t("app.loading")}</p>;
  const { symbol, decimals } = token.data;
  const shortfall = reserveShortfall(reserve);
  const id = `reserve-amount-${reserve.token}`;

  const submit = (kind: "fund" | "withdraw") => {
    const amount = parseTokenAmount(text, decimals);
    const limit = kind === "fund" ? reserve.wallet : reserve.free;
    if (amount === undefined || amount === 0n) {
      setError(t("desk.reserve.badAmount", { symbol, decimals }));
      return;
    }
    if (amount > limit) {
      setError(
        t(kind === "fund" ? "desk.reserve.aboveWallet" : "desk.reserve.aboveFree", { limit: format.amount(limit) }),
      );
      return;
    }
    setError(undefined);
    const params = { oracle: runtime.contracts.RevenueOracle, token: reserve.token, amount, account };
    void action.run(
      (onPhase) => (kind === "fund" ? fundReserve : withdrawReserve)(config, { ...params, onPhase }),
      (done) => {
        setText("");
        return t(kind === "fund" ? "desk.reserve.funded" : "desk.reserve.withdrawn", { amount: format.amount(done) });
      },
    );
  };

  return (
    <div data-testid={`reserve-${symbol}`}>
      <ul>
        <li data-testid="reserve-balance">{t("desk.reserve.balance", { amount: format.amount(reserve.balance) })}</li>
        <li>{t("desk.reserve.committed", { amount: format.amount(reserve.committed) })}</li>
        <li data-testid="reserve-free">{t("desk.reserve.free", { amount: format.amount(reserve.free) })}</li>
        <li>{t("desk.reserve.wallet", { amount: format.amount(reserve.wallet) })}</li>
      </ul>
      {shortfall > 0n && (
        <p className="bad" role="alert">
          {t("desk.reserve.shortfall", { amount: format.amount(shortfall) })}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit("fund");
        }}
      >
        <label htmlFor={id}>{t("desk.reserve.amount", { symbol })}</label>{" "}
        <input
          id={id}
          data-testid="reserve-amount"
          inputMode="decimal"
          value={text}
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : `${id}-error`}
          onChange={(event) => setText(event.target.value)}
        />{" "}
        <button type="submit" data-testid="reserve-fund" disabled={action.busy}>
          {t("desk.reserve.fund")}
        </button>{" "}
        <button type="button" data-testid="reserve-withdraw" disabled={action.busy} onClick={() => submit("withdraw")}>
          {t("desk.reserve.withdraw")}
        </button>
        {error !== undefined && (
          <span id={`${id}-error`} role="alert" className="bad">
            {" "}
            {error}
          </span>
        )}
      </form>
    </div>
  );
}
