// `npm run compliance:parameters`: the jurisdiction presets turned into the registry's Ignition parameters.
import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { complianceParameters, writeComplianceParameters } from "../../scripts/compliance/countryRules.ts";
import { countryCode } from "../../scripts/lib/eip712.ts";

const DAY = 86_400;

describe("compliance parameters from config/jurisdictions", () => {
  it("lists every preset country once, sorted, with its rule (lock-up in seconds, amounts in whole dollars)", () => {
    const { complianceCountries, complianceRules } = complianceParameters();
    // 9 single-country presets + the 27 EU member states.
    expect(complianceCountries).to.have.length(36);
    expect(complianceRules).to.have.length(36);
    expect([...complianceCountries].sort()).to.deep.equal(complianceCountries);
    expect(new Set(complianceCountries).size).to.equal(36);
    const us = complianceRules[complianceCountries.indexOf(countryCode("US"))];
    expect(us).to.deep.equal({
      allowed: true,
      accreditationRequired: false,
      accreditedUnlimited: true,
      lockup: 365 * DAY,
      maxPerCampaign: 2_500,
      maxPer12Months: 2_500,
    });
    const france = complianceRules[complianceCountries.indexOf(countryCode("FR"))];
    expect(france.maxPer12Months).to.equal(0);
    expect(france.lockup).to.equal(0);
    expect(complianceRules[complianceCountries.indexOf(countryCode("ZA"))].allowed).to.equal(false);
  });

  it("fills every module section of a parameters file and keeps its other values", () => {
    const file = join(mkdtempSync(join(tmpdir(), "encore-params-")), "sepolia.json");
    writeFileSync(file, JSON.stringify({ "//": "note", EncoreProtocol: { feeBps: 250 } }));
    expect(writeComplianceParameters(file)).to.equal(1);
    const written = JSON.parse(readFileSync(file, "utf8")) as {
      "//": string;
      EncoreProtocol: { feeBps: number; complianceCountries: string[] };
    };
    expect(written["//"]).to.equal("note");
    expect(written.EncoreProtocol.feeBps).to.equal(250);
    expect(written.EncoreProtocol.complianceCountries).to.deep.equal(complianceParameters().complianceCountries);
  });

  it("refuses a missing file, invalid JSON, a non-object and a file without modules, writing nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "encore-params-"));
    expect(() => writeComplianceParameters(join(dir, "absent.json"))).to.throw(/absent\.json: cannot read/);
    for (const [name, content, message] of [
      ["broken.json", "{ not json", /broken\.json: not valid JSON/],
      ["array.json", "[1, 2]", /array\.json: expected a JSON object of modules/],
      ["empty.json", '{"//": "only a note"}', /empty\.json: no module section to fill/],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      expect(() => writeComplianceParameters(file)).to.throw(message);
      expect(readFileSync(file, "utf8")).to.equal(content);
    }
  });
});
