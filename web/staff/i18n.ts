import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import staff from "./locales/ru.json";

/** The console has its own bundle and its own strings; Russian only for now. */
export const resources = { ru: { staff } } as const;
export const defaultNS = "staff";

void i18n.use(initReactI18next).init({
  lng: "ru",
  fallbackLng: "ru",
  supportedLngs: ["ru"],
  ns: ["staff"],
  defaultNS,
  resources,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18n };
