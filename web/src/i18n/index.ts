/**
 * i18next set up with the five bundled locales (en, fr, ko, es, pt). The language is the one saved by the switcher,
 * else the browser's when supported, else English. Values are escaped by React, not by i18next.
 */
import i18next, { type i18n } from "i18next";

import { en } from "./locales/en.ts";
import { es } from "./locales/es.ts";
import { fr } from "./locales/fr.ts";
import { ko } from "./locales/ko.ts";
import { pt } from "./locales/pt.ts";

/** Supported languages with their names in their own language, in switcher order. */
export const LANGUAGES = [
  { code: "en", name: "English", intl: "en-US", rainbowKit: "en-US" },
  { code: "fr", name: "Français", intl: "fr-FR", rainbowKit: "fr-FR" },
  { code: "ko", name: "한국어", intl: "ko-KR", rainbowKit: "ko-KR" },
  { code: "es", name: "Español", intl: "es-ES", rainbowKit: "es-419" },
  { code: "pt", name: "Português", intl: "pt-BR", rainbowKit: "pt-BR" },
] as const;

/** A supported language code. */
export type Language = (typeof LANGUAGES)[number]["code"];

/** Every locale's messages, by language. */
export const RESOURCES = { en, fr, ko, es, pt } as const;

const STORAGE_KEY = "encore.language";

/** The language to start with: saved choice, else browser language, else English. */
export function initialLanguage(saved: string | null, browser: readonly string[]): Language {
  const supported = (code: string | null | undefined): code is Language =>
    LANGUAGES.some((language) => language.code === code);
  if (supported(saved)) return saved;
  for (const tag of browser) {
    const base = tag.split("-")[0];
    if (supported(base)) return base;
  }
  return "en";
}

/**
 * Creates an initialized i18next instance.
 *
 * @param language - Starting language.
 */
export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: "en",
    resources: Object.fromEntries(
      Object.entries(RESOURCES).map(([code, messages]) => [code, { translation: messages }]),
    ),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** Saves the switcher's choice for the next visit. */
export function saveLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
}

/** The saved language, if any. */
export function savedLanguage(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

/** Intl locale of a language (e.g. `fr` → `fr-FR`). */
export function intlLocale(language: string): string {
  return LANGUAGES.find((entry) => entry.code === language)?.intl ?? "en-US";
}
