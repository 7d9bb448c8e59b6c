import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import cabinet from "./locales/ru/cabinet.json";
import common from "./locales/ru/common.json";
import contact from "./locales/ru/contact.json";
import contracts from "./locales/ru/contracts.json";
import identity from "./locales/ru/identity.json";
import landing from "./locales/ru/landing.json";

/** Russian first; every namespace is bundled, so the first render already has its text. */
export const resources = {
  ru: { common, landing, identity, cabinet, contracts, contact },
} as const;
export const defaultNS = "common";

void i18n.use(initReactI18next).init({
  lng: "ru",
  fallbackLng: "ru",
  supportedLngs: ["ru"],
  ns: ["common", "landing", "identity", "cabinet", "contracts", "contact"],
  defaultNS,
  resources,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18n };
