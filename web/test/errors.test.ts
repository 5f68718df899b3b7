/** Error decoding (viem errors, raw revert data, wallet rejection) and the localized messages of every locale. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BaseError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  encodeErrorResult,
  stringToHex,
  zeroAddress,
} from "viem";

import { abis } from "../src/generated/contracts.ts";
import { createI18n, RESOURCES } from "../src/i18n/index.ts";
import { errorMessage, type ErrorFormatters } from "../src/lib/errorMessage.ts";
import { decodeError, ERROR_ABI } from "../src/lib/errors.ts";
import { formatAmount, formatDateTime } from "../src/lib/format.ts";

const usdc = (n: number) => BigInt(n) * 1_000_000n;
const format = (locale: string): ErrorFormatters => ({
  amount: (units) => formatAmount(units, 6, "mUSDC", locale).replace(/[\u00a0\u202f]/g, " "),
  date: (seconds) => formatDateTime(seconds, locale),
});

/** Revert data of a compliance refusal, as the hub bubbles it up. */
const complianceData = encodeErrorResult({
  abi: abis.ComplianceRegistry,
  errorName: "Compliance_MaxPerCampaignExceeded",
  args: [zeroAddress, stringToHex("US", { size: 2 }), 3n, usdc(3_000), usdc(2_500)],
});

describe("decodeError", () => {
  it("decodes a custom error of another contract from a viem revert on the hub", () => {
    const reverted = new ContractFunctionRevertedError({
      abi: abis.EncoreHub,
      data: complianceData,
      functionName: "invest",
    });
    const error = new BaseError('The contract function "invest" reverted.', { cause: reverted });
    const decoded = decodeError(error);
    assert.equal(decoded.kind, "contract");
    assert.equal(decoded.kind === "contract" && decoded.name, "Compliance_MaxPerCampaignExceeded");
  });

  it("decodes raw revert data on a JSON-RPC error", () => {
    const data = encodeErrorResult({
      abi: abis.EncoreHub,
      errorName: "EncoreHub_HardCapExceeded",
      args: [3n, usdc(11_000), usdc(2_000), usdc(12_000)],
    });
    const decoded = decodeError(Object.assign(new Error("execution reverted"), { data }));
    assert.deepEqual(decoded, {
      kind: "contract",
      name: "EncoreHub_HardCapExceeded",
      args: [3n, usdc(11_000), usdc(2_000), usdc(12_000)],
    });
  });

  it("recognizes a rejection in the wallet and keeps other failures' short message", () => {
    const rejected = new BaseError("failed", { cause: new UserRejectedRequestError(new Error("denied")) });
    assert.deepEqual(decodeError(rejected), { kind: "rejected" });
    assert.deepEqual(decodeError(new Error("network down")), { kind: "unknown", message: "network down" });
  });

  it("collects every custom error once", () => {
    const names = ERROR_ABI.map((item) => (item.type === "error" ? item.name : ""));
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes("EncoreHub_NothingToClaim") && names.includes("ERC2612InvalidSigner"));
  });
});

describe("errorMessage", () => {
  it("renders decoded errors in plain, localized words", async () => {
    const decoded = decodeError(Object.assign(new Error("reverted"), { data: complianceData }));
    const en = await createI18n("en");
    assert.equal(
      errorMessage(decoded, en, format("en-US")),
      "The rules of US allow at most 2,500 mUSDC per campaign; you would hold 3,000 mUSDC.",
    );
    const fr = await createI18n("fr");
    assert.equal(
      errorMessage(decoded, fr, format("fr-FR")),
      "Les règles de US autorisent au plus 2 500 mUSDC par campagne ; vous détiendriez 3 000 mUSDC.",
    );
    const hardCap = {
      kind: "contract",
      name: "EncoreHub_HardCapExceeded",
      args: [3n, usdc(11_000), usdc(2_000), usdc(12_000)],
    } as const;
    assert.equal(
      errorMessage(hardCap, en, format("en-US")),
      "Only 1,000 mUSDC can still be invested: the hard cap is 12,000 mUSDC.",
    );
    assert.equal(
      errorMessage({ kind: "contract", name: "EncoreHub_TreasuryHistoryFull", args: [] }, en, format("en-US")),
      "The contract refused (EncoreHub_TreasuryHistoryFull).",
    );
    assert.equal(
      errorMessage({ kind: "rejected" }, fr, format("fr-FR")),
      "Vous avez refusé la demande dans votre portefeuille.",
    );
  });

  it("names only errors that exist, with only the arguments they have, in every locale", async () => {
    for (const [language, messages] of Object.entries(RESOURCES)) {
      for (const [name, message] of Object.entries(messages.errors)) {
        if (["rejected", "unknown", "generic"].includes(name)) continue;
        const item = ERROR_ABI.find((entry) => entry.type === "error" && entry.name === name);
        assert.ok(item?.type === "error", `${language}: errors.${name} is not an error of the ABIs`);
        const allowed = new Set([...item.inputs.map((input) => input.name), "room"]);
        for (const [, placeholder] of message.matchAll(/\{\{(\w+)\}\}/g)) {
          assert.ok(allowed.has(placeholder), `${language}: errors.${name} uses {{${placeholder}}}`);
        }
      }
      const i18n = await createI18n(language as keyof typeof RESOURCES);
      assert.equal(i18n.t("nav.discover"), messages.nav.discover);
    }
  });
});
