import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import staffContact from "./locales/contact.json";
import staffContracts from "./locales/contracts.json";
import staffImport from "./locales/import.json";
import staff from "./locales/ru.json";

/**
 * The console has its own bundle and its own strings; Russian only for now. Namespaces are named
 * apart from the cabinet's, as i18next's typed keys hold both apps' namespaces.
 */
export const resources = { ru: { staff, staffContracts, staffImport, staffContact } } as const;
export const defaultNS = "staff";

void i18n.use(initReactI18next).init({
  lng: "ru",
  fallbackLng: "ru",
  supportedLngs: ["ru"],
  ns: ["staff", "staffContracts", "staffImport", "staffContact"],
  defaultNS,
  resources,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18n };
