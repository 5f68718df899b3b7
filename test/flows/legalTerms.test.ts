// Legal content: the terms renderer (every jurisdiction × language, placeholders, errors with file and line, hash,
// determinism, CLI), the jurisdiction presets (strict schema, sources) and the consistency of the FAQ and terms with
// the preset figures. No chain needed.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";

import {
  EU_MEMBER_STATES,
  JURISDICTION_CODES,
  JurisdictionConfigError,
  RULE_NAMES,
  loadJurisdictions,
  rulesForCountry,
  validateJurisdiction,
  type Jurisdiction,
} from "../../scripts/legal/jurisdictions.ts";
import {
  LANGUAGES,
  PLACEHOLDERS,
  REPO_ROOT,
  TermsTemplateError,
  formatAmount,
  formatDays,
  formatPercent,
  renderTerms,
  templatePath,
  type Language,
  type TermsParams,
} from "../../scripts/legal/renderTerms.ts";

const NBSP = "\u00a0";
const ONE = 1_000_000n; // 1.00 mUSDC (6 decimals)

/** A complete parameter set, as a deployment script would pass it for a local campaign. */
const PARAMS: TermsParams = {
  artist: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  tokenSymbol: "mUSDC",
  tokenDecimals: 6,
  goal: 10_000n * ONE,
  hardCap: 20_000n * ONE,
  fundingDeadline: 1_798_761_599n, // 2026-12-31T23:59:59Z
  minInvestment: 10n * ONE,
  maxPerInvestor: 2_500n * ONE,
  revenueShareBps: 2_500,
  payoutCap: 30_000n * ONE,
  shareDuration: 5n * 365n * 86_400n,
  vestingDuration: 180n * 86_400n,
  bond: 1_000n * ONE,
  feeBps: 250,
  chainId: 31_337,
  hubAddress: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  metadataURI: "ipfs://campaign",
  compliance: "0x0000000000000000000000000000000000000000",
};

/** How the FAQ and terms write a whole-dollar figure. */
function usd(value: number, language: Language): string {
  const grouped = value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, language === "en" ? "," : NBSP);
  return language === "en" ? `USD ${grouped}` : `${grouped}${NBSP}USD`;
}

/** Writes `files` (path → content) under a fresh temporary repository root. */
function tempRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "encore-terms-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** The TermsTemplateError thrown by `fn` (fails the test if none is thrown). */
function templateError(fn: () => unknown): TermsTemplateError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(TermsTemplateError);
    return error as TermsTemplateError;
  }
  expect.fail("expected a TermsTemplateError");
}

/** The JurisdictionConfigError thrown by `fn` (fails the test if none is thrown). */
function configError(fn: () => unknown): JurisdictionConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(JurisdictionConfigError);
    return error as JurisdictionConfigError;
  }
  expect.fail("expected a JurisdictionConfigError");
}

/** 1-based line of the first occurrence of `needle` in a repository file. */
function lineOf(file: string, needle: string): number {
  const index = readFileSync(join(REPO_ROOT, file), "utf8")
    .split(/\r?\n/)
    .findIndex((line) => line.includes(needle));
  expect(index, `${needle} in ${file}`).to.be.greaterThan(-1);
  return index + 1;
}

describe("legal terms renderer", () => {
  for (const jurisdiction of JURISDICTION_CODES) {
    for (const language of LANGUAGES) {
      it(`renders ${jurisdiction} (${language}) completely, with every amount formatted`, () => {
        const { text, termsHash } = renderTerms(PARAMS, { jurisdiction, version: "v1", language });
        expect(text).to.not.include("{{");
        expect(text).to.not.include("}}");
        expect(text).to.not.include("\r");
        expect(termsHash).to.equal(keccak256(toUtf8Bytes(text)));
        const goal = language === "en" ? "10,000.00 mUSDC" : `10${NBSP}000,00${NBSP}mUSDC`;
        const share = language === "en" ? "25%" : `25${NBSP}%`;
        const fee = language === "en" ? "2.5%" : `2,5${NBSP}%`;
        expect(text).to.include(goal).and.include(share).and.include(fee);
        expect(text).to.include("2026-12-31T23:59:59Z");
        expect(text).to.include(PARAMS.artist).and.include(PARAMS.token).and.include(PARAMS.hubAddress);
        expect(text).to.include(`${jurisdiction}`).and.include("v1");
        // The jurisdiction file wraps the shared base: its own sections come after the base's last section.
        const lastBase = language === "en" ? "## 14. Other terms" : "## 14. Autres dispositions";
        const own = language === "en" ? "## 15. Rules for investors resident in" : "## 15. Règles applicables";
        expect(text.indexOf(lastBase)).to.be.greaterThan(0);
        expect(text.indexOf(own)).to.be.greaterThan(text.indexOf(lastBase));
      });
    }
  }

  it("contains the mandatory clauses in both languages", () => {
    const clauses: Record<Language, string[]> = {
      en: [
        "Escrow and refunds (all or nothing)",
        "the shares you hold divided by the total shares of the campaign",
        "gross revenue × revenue share in basis points / 10,000",
        "rounded down",
        "carried to the next payment",
        "Payout cap and maximum duration",
        "no human step",
        "Challenge window",
        "bond",
        "fine",
        "suspended",
        "Transfers",
        "lock-up",
        "Fees and costs",
        "Your personal data",
        "Governing law and disputes",
        "Risk warnings",
      ],
      fr: [
        "Séquestre et remboursement (tout ou rien)",
        "le nombre de parts que vous détenez",
        "revenu brut × part des revenus en points de base / 10 000",
        "arrondi à l'unité inférieure",
        "reporté sur le versement suivant",
        "Plafond de versement et durée maximale",
        "aucune intervention humaine",
        "Délai de contestation",
        "caution",
        "amende",
        "suspendu",
        "Cessions",
        "incessibilité",
        "Frais et coûts",
        "Vos données personnelles",
        "Droit applicable et litiges",
        "Avertissements sur les risques",
      ],
    };
    for (const language of LANGUAGES) {
      const { text } = renderTerms(PARAMS, { jurisdiction: "US", language });
      for (const clause of clauses[language]) expect(text, `${language}: ${clause}`).to.include(clause);
    }
    expect(renderTerms(PARAMS, { jurisdiction: "EU" }).text).to.include("General Data Protection Regulation");
    expect(renderTerms(PARAMS, { jurisdiction: "EU", language: "fr" }).text).to.include("RGPD");
  });

  it("is deterministic and independent of how the templates' line endings were checked out", () => {
    const first = renderTerms(PARAMS, { jurisdiction: "KR", language: "fr" });
    const second = renderTerms({ ...PARAMS }, { jurisdiction: "KR", language: "fr", version: "v1" });
    expect(second).to.deep.equal(first);
    const crlf = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8").replace(/\n/g, "\r\n");
    const root = tempRoot({
      [templatePath("base", "v1", "fr")]: `\uFEFF${crlf(templatePath("base", "v1", "fr"))}`,
      [templatePath("KR", "v1", "fr")]: crlf(templatePath("KR", "v1", "fr")),
    });
    try {
      expect(renderTerms(PARAMS, { jurisdiction: "KR", language: "fr", root })).to.deep.equal(first);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("gives a different hash per jurisdiction, language and parameter set", () => {
    const hashes = new Set<string>();
    for (const jurisdiction of JURISDICTION_CODES) {
      for (const language of LANGUAGES) hashes.add(renderTerms(PARAMS, { jurisdiction, language }).termsHash);
    }
    hashes.add(renderTerms({ ...PARAMS, bond: 0n }, { jurisdiction: "US" }).termsHash);
    expect(hashes.size).to.equal(JURISDICTION_CODES.length * LANGUAGES.length + 1);
  });

  it("accepts bigint, number and decimal-string amounts alike, and renders 0 caps as none", () => {
    const asStrings = Object.fromEntries(
      Object.entries(PARAMS).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value]),
    ) as unknown as TermsParams;
    expect(renderTerms(asStrings, { jurisdiction: "BR" })).to.deep.equal(renderTerms(PARAMS, { jurisdiction: "BR" }));
    const open = { ...PARAMS, payoutCap: 0n, maxPerInvestor: "0" };
    expect(renderTerms(open, { jurisdiction: "US" }).text)
      .to.include("| Payout cap")
      .and.include("| none (");
    expect(renderTerms(open, { jurisdiction: "US", language: "fr" }).text).to.include("| aucun (");
  });

  it("formats amounts, percentages and durations exactly, without rounding", () => {
    expect(formatAmount(1_234_567n, 6, "USDC")).to.equal("1.234567 USDC");
    expect(formatAmount(1_234_567_890_000n, 6, "USDC")).to.equal("1,234,567.89 USDC");
    expect(formatAmount(1_234_567_890_000n, 6, "USDC", "fr")).to.equal(`1${NBSP}234${NBSP}567,89${NBSP}USDC`);
    expect(formatAmount(0n, 6, "USDC")).to.equal("0.00 USDC");
    expect(formatAmount(5n, 0, "T")).to.equal("5.00 T");
    expect(formatPercent(1n)).to.equal("0.01%");
    expect(formatPercent(1_234n, "fr")).to.equal(`12,34${NBSP}%`);
    expect(formatPercent(10_000n)).to.equal("100%");
    expect(formatDays(129_600n)).to.equal("1.5");
    expect(formatDays(20n * 365n * 86_400n, "fr")).to.equal(`7${NBSP}300`);
  });

  it("names the file and line of an unknown placeholder (in the jurisdiction file and in the base)", () => {
    const root = tempRoot({
      "legal/terms/base/v1.md": "Base line 1\nGoal {{goal}}\nOops {{ artistName }} here\n",
      "legal/terms/ZZ/v1.md": "# Title\n\n{{> base}}\n\nBond {{bond}} and {{bondAmount}}\n",
    });
    try {
      const inBase = templateError(() => renderTerms(PARAMS, { jurisdiction: "ZZ", root }));
      expect(inBase.file).to.equal("legal/terms/base/v1.md");
      expect(inBase.line).to.equal(3);
      expect(inBase.message).to.match(/^legal\/terms\/base\/v1\.md:3: unknown placeholder "\{\{artistName\}\}"/);
      writeFileSync(join(root, "legal/terms/base/v1.md"), "Base line 1\r\nGoal {{goal}}\r\n");
      const inJurisdiction = templateError(() => renderTerms(PARAMS, { jurisdiction: "ZZ", root }));
      expect(inJurisdiction.message).to.match(/^legal\/terms\/ZZ\/v1\.md:5: unknown placeholder "\{\{bondAmount\}\}"/);
      expect(inJurisdiction.message).to.include(PLACEHOLDERS.join(", "));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("names the file and line of a placeholder whose parameter is missing", () => {
    const withoutBond: Partial<TermsParams> = { ...PARAMS };
    delete withoutBond.bond;
    const error = templateError(() => renderTerms(withoutBond, { jurisdiction: "NG" }));
    const base = templatePath("base", "v1", "en");
    expect(error.file).to.equal(base);
    expect(error.line).to.equal(lineOf(base, "{{bond}}"));
    expect(error.message).to.equal(
      `${base}:${lineOf(base, "{{bond}}")}: missing parameter for placeholder "{{bond}}" (needs: bond, tokenDecimals, tokenSymbol)`,
    );
    const withoutSymbol: Partial<TermsParams> = { ...PARAMS };
    delete withoutSymbol.tokenSymbol;
    const fr = templatePath("base", "v1", "fr");
    const noSymbol = templateError(() => renderTerms(withoutSymbol, { jurisdiction: "CO", language: "fr" }));
    expect(noSymbol.message).to.match(new RegExp(`^${fr.replace(/\./g, "\\.")}:\\d+: missing parameter`));
  });

  it("rejects malformed placeholders, unknown partials, missing templates and malformed parameters", () => {
    const root = tempRoot({
      "legal/terms/base/v1.md": "ok\n",
      "legal/terms/ZZ/v1.md": "{{> base}}\nline {{goal\n",
      "legal/terms/YY/v1.md": "{{> annex}}\n",
    });
    try {
      expect(templateError(() => renderTerms(PARAMS, { jurisdiction: "ZZ", root })).message).to.match(
        /^legal\/terms\/ZZ\/v1\.md:2: malformed placeholder/,
      );
      expect(templateError(() => renderTerms(PARAMS, { jurisdiction: "YY", root })).message).to.match(
        /^legal\/terms\/YY\/v1\.md:1: unknown partial/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(templateError(() => renderTerms(PARAMS, { jurisdiction: "XX" })).message).to.include(
      "template not found: legal/terms/XX/v1.md",
    );
    expect(templateError(() => renderTerms({ ...PARAMS, goal: "-1" }, { jurisdiction: "US" })).message).to.include(
      'parameter "goal"',
    );
    expect(
      templateError(() => renderTerms({ ...PARAMS, hubAddress: "0x12" }, { jurisdiction: "US" })).message,
    ).to.include('parameter "hubAddress"');
    expect(templateError(() => renderTerms({ ...PARAMS, feeBps: 1_001 }, { jurisdiction: "US" })).message).to.include(
      'parameter "feeBps" must be at most 1000',
    );
    expect(() => renderTerms(PARAMS, { jurisdiction: "US", language: "de" as Language })).to.throw(/language/);
  });

  it("prints the hash from the command line and writes the text with --out", () => {
    const dir = mkdtempSync(join(tmpdir(), "encore-terms-cli-"));
    try {
      const params = Object.fromEntries(
        Object.entries(PARAMS).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value]),
      );
      writeFileSync(join(dir, "params.json"), JSON.stringify(params));
      const out = join(dir, "terms.md");
      const args = ["--jurisdiction", "MX", "--params", join(dir, "params.json"), "--language", "fr", "--out", out];
      const run = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/legal/renderTerms.ts"), ...args], {
        encoding: "utf8",
      });
      expect(run.status, run.stderr).to.equal(0);
      const expected = renderTerms(PARAMS, { jurisdiction: "MX", language: "fr" });
      expect(run.stdout.trim()).to.equal(expected.termsHash);
      expect(readFileSync(out, "utf8")).to.equal(expected.text);
      const bad = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/legal/renderTerms.ts"), "--jurisdiction"], {
        encoding: "utf8",
      });
      expect(bad.status).to.equal(1);
      expect(bad.stderr).to.include("--jurisdiction needs a value");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("jurisdiction presets", () => {
  let presets: Record<string, Jurisdiction>;
  before(() => {
    presets = loadJurisdictions();
  });

  it("loads a valid preset for each of the 10 jurisdictions, every rule with a source and a note", () => {
    expect(Object.keys(presets).sort()).to.deep.equal([...JURISDICTION_CODES].sort());
    for (const preset of Object.values(presets)) {
      expect(preset.currency).to.equal("USD");
      expect(preset.disclaimer).to.match(/not legal advice/i);
      for (const name of RULE_NAMES) {
        expect(preset.rules[name].source.trim(), `${preset.jurisdiction}.${name}.source`).to.not.equal("");
        expect(preset.rules[name].note.trim(), `${preset.jurisdiction}.${name}.note`).to.not.equal("");
      }
    }
    expect(presets.EU.countries)
      .to.have.members([...EU_MEMBER_STATES])
      .and.have.lengthOf(27);
  });

  it("resolves the rules of a country, member states included", () => {
    expect(rulesForCountry(presets, "FR")?.maxPerCampaign.value).to.equal(presets.EU.rules.maxPerCampaign.value);
    expect(rulesForCountry(presets, "US")?.transferLockupDays.value).to.equal(365);
    expect(rulesForCountry(presets, "ZA")?.allowed.value).to.equal(false);
    expect(rulesForCountry(presets, "JP")).to.equal(undefined);
  });

  it("keeps the FAQ and the terms consistent with the preset figures", () => {
    for (const preset of Object.values(presets)) {
      const { maxPerCampaign, maxPer12Months, transferLockupDays } = preset.rules;
      for (const language of LANGUAGES) {
        const faq = readFileSync(join(REPO_ROOT, `legal/faq/${preset.jurisdiction}.${language}.md`), "utf8");
        const { text } = renderTerms(PARAMS, { jurisdiction: preset.jurisdiction, language });
        for (const document of [faq, text]) {
          expect(document, `${preset.jurisdiction} ${language}`).to.include(usd(maxPerCampaign.value, language));
          if (maxPer12Months.value !== 0) expect(document).to.include(usd(maxPer12Months.value, language));
          if (transferLockupDays.value !== 0) {
            const days = language === "en" ? `${transferLockupDays.value} days` : `${transferLockupDays.value} jours`;
            expect(document, `${preset.jurisdiction} ${language} lock-up`).to.include(days);
          }
        }
      }
    }
  });

  it("rejects an invalid preset with an error naming the file and the field", () => {
    const file = "config/jurisdictions/US.json";
    const good = JSON.parse(readFileSync(join(REPO_ROOT, file), "utf8")) as Record<string, unknown>;
    const clone = () =>
      structuredClone(good) as Record<string, unknown> & { rules: Record<string, Record<string, unknown>> };
    expect(validateJurisdiction(clone(), file, "US").jurisdiction).to.equal("US");

    const cases: [string, (data: ReturnType<typeof clone>) => void, string][] = [
      [
        "empty source",
        (d) => (d.rules.maxPerCampaign.source = " "),
        "rules.maxPerCampaign.source must be a non-empty string",
      ],
      ["missing note", (d) => delete d.rules.allowed.note, "rules.allowed.note is missing"],
      [
        "fractional dollars",
        (d) => (d.rules.maxPer12Months.value = 12.5),
        "rules.maxPer12Months.value must be a non-negative",
      ],
      ["string boolean", (d) => (d.rules.allowed.value = "true"), "rules.allowed.value must be a boolean"],
      ["missing rule", (d) => delete d.rules.transferLockupDays, "rules.transferLockupDays is missing"],
      [
        "unknown rule",
        (d) => (d.rules.maxPerInvestor = d.rules.maxPerCampaign),
        "rules.maxPerInvestor is not a known field",
      ],
      ["unknown top-level key", (d) => (d.notes = "x"), "notes is not a known field"],
      ["wrong currency", (d) => (d.currency = "EUR"), 'currency must be "USD"'],
      ["bad date", (d) => (d.asOf = "2026-02-30"), "asOf must be a calendar date"],
      ["wrong country", (d) => (d.countries = ["CA"]), 'countries must be ["US"]'],
      ["lower-case country", (d) => (d.countries = ["us"]), "countries[0] must be an ISO 3166-1 alpha-2 code"],
      [
        "caps inverted",
        (d) => (d.rules.maxPerCampaign.value = 5_000),
        "rules.maxPerCampaign.value (5000) must not exceed",
      ],
      ["no disclaimer", (d) => (d.disclaimer = "Trust us."), "disclaimer must say"],
      [
        "override of an unlisted country",
        (d) => (d.overrides = { CA: {} }),
        "overrides.CA names a country not in countries",
      ],
    ];
    for (const [label, mutate, message] of cases) {
      const data = clone();
      mutate(data);
      const error = configError(() => validateJurisdiction(data, file, "US"));
      expect(error.message, label).to.include(`${file}: ${message}`);
      expect(error.file).to.equal(file);
    }
    expect(configError(() => validateJurisdiction(clone(), "config/jurisdictions/KR.json", "KR")).message).to.include(
      "config/jurisdictions/KR.json: jurisdiction must equal the file name (KR)",
    );
    const eu = JSON.parse(readFileSync(join(REPO_ROOT, "config/jurisdictions/EU.json"), "utf8")) as {
      countries: string[];
    };
    eu.countries = eu.countries.filter((country) => country !== "GR");
    expect(configError(() => validateJurisdiction(eu, "config/jurisdictions/EU.json", "EU")).message).to.include(
      "config/jurisdictions/EU.json: countries must list exactly the 27 EU member states (missing: GR",
    );
  });

  it("loadJurisdictions reports invalid JSON, a country in two presets and a missing preset by file", () => {
    const copy = (code: string) => readFileSync(join(REPO_ROOT, `config/jurisdictions/${code}.json`), "utf8");
    const all = Object.fromEntries(JURISDICTION_CODES.map((code) => [`config/jurisdictions/${code}.json`, copy(code)]));
    const broken = tempRoot({ ...all, "config/jurisdictions/NG.json": "{ not json" });
    const missing = tempRoot({ ...all, "config/jurisdictions/AR.json": "" });
    rmSync(join(missing, "config/jurisdictions/AR.json"));
    const duplicate = tempRoot({
      ...all,
      "config/jurisdictions/FR.json": copy("US")
        .replace('"jurisdiction": "US"', '"jurisdiction": "FR"')
        .replace('["US"]', '["FR"]'),
    });
    try {
      expect(configError(() => loadJurisdictions(broken)).message).to.match(
        /^config\/jurisdictions\/NG\.json: is not valid JSON/,
      );
      expect(configError(() => loadJurisdictions(missing)).message).to.equal(
        "config/jurisdictions/AR.json: is missing",
      );
      expect(configError(() => loadJurisdictions(duplicate)).message).to.equal(
        "config/jurisdictions/FR.json: countries[0] (FR) is already covered by config/jurisdictions/EU.json",
      );
    } finally {
      for (const root of [broken, missing, duplicate]) rmSync(root, { recursive: true, force: true });
    }
  });
});
