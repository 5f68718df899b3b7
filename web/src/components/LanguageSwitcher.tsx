/** A select of the five languages; the choice is saved for the next visit. */
import { useTranslation } from "react-i18next";

import { LANGUAGES, saveLanguage, type Language } from "../i18n/index.ts";

/** Language picker. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      {t("app.language")}{" "}
      <select
        data-testid="language"
        value={i18n.language}
        onChange={(event) => {
          const language = event.target.value as Language;
          saveLanguage(language);
          void i18n.changeLanguage(language);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>
    </label>
  );
}
