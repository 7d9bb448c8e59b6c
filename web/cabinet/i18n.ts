import i18n, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";
import type appointments from "./locales/ru/appointments.json";
import type booking from "./locales/ru/booking.json";
import type cabinet from "./locales/ru/cabinet.json";
import type chat from "./locales/ru/chat.json";
import common from "./locales/ru/common.json";
import type contact from "./locales/ru/contact.json";
import type contracts from "./locales/ru/contracts.json";
import type dataExport from "./locales/ru/data-export.json";
import type dataRights from "./locales/ru/data-rights.json";
import type identity from "./locales/ru/identity.json";
import landing from "./locales/ru/landing.json";
import type medcard from "./locales/ru/medcard.json";
import type medcardShare from "./locales/ru/medcard-share.json";
import type notifications from "./locales/ru/notifications.json";
import type personal from "./locales/ru/personal.json";
import type privacy from "./locales/ru/privacy.json";
import type shop from "./locales/ru/shop.json";

/** The cabinet's namespaces, one a feature (web/i18next.d.ts types their keys); Russian first. */
export interface CabinetResources {
  ru: {
    common: typeof common;
    landing: typeof landing;
    identity: typeof identity;
    cabinet: typeof cabinet;
    contracts: typeof contracts;
    contact: typeof contact;
    chat: typeof chat;
    booking: typeof booking;
    appointments: typeof appointments;
    shop: typeof shop;
    medcard: typeof medcard;
    medcardShare: typeof medcardShare;
    personal: typeof personal;
    privacy: typeof privacy;
    dataRights: typeof dataRights;
    notifications: typeof notifications;
    dataExport: typeof dataExport;
  };
}
export type CabinetNamespace = keyof CabinetResources["ru"];
export const defaultNS = "common";

/**
 * The texts of the screens after the landing, each in its own chunk, fetched with the first
 * screen that reads them; the landing's and the shared ones are bundled.
 */
const loaders: Record<
  Exclude<CabinetNamespace, "common" | "landing">,
  () => Promise<{ default: object }>
> = {
  identity: () => import("./locales/ru/identity.json"),
  cabinet: () => import("./locales/ru/cabinet.json"),
  contracts: () => import("./locales/ru/contracts.json"),
  contact: () => import("./locales/ru/contact.json"),
  chat: () => import("./locales/ru/chat.json"),
  booking: () => import("./locales/ru/booking.json"),
  appointments: () => import("./locales/ru/appointments.json"),
  shop: () => import("./locales/ru/shop.json"),
  medcard: () => import("./locales/ru/medcard.json"),
  medcardShare: () => import("./locales/ru/medcard-share.json"),
  personal: () => import("./locales/ru/personal.json"),
  privacy: () => import("./locales/ru/privacy.json"),
  dataRights: () => import("./locales/ru/data-rights.json"),
  notifications: () => import("./locales/ru/notifications.json"),
  dataExport: () => import("./locales/ru/data-export.json"),
};

/** Every namespace, bundled or not (tests load them all before rendering). */
export const cabinetNamespaces: readonly CabinetNamespace[] = [
  "common",
  "landing",
  ...(Object.keys(loaders) as (keyof typeof loaders)[]),
];

function isLoadable(ns: string): ns is keyof typeof loaders {
  return Object.hasOwn(loaders, ns);
}

const featureTexts: BackendModule = {
  type: "backend",
  init() {},
  read(_language, ns, callback) {
    if (!isLoadable(ns)) return callback(new Error(`No cabinet namespace «${ns}»`), false);
    loaders[ns]().then(
      (texts) => callback(null, texts.default),
      (error: unknown) =>
        callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

// A component asking for a namespace not loaded yet suspends until it is (every route below the
// landing renders inside a Suspense); a lazy screen asks for its namespaces with its chunk.
void i18n
  .use(featureTexts)
  .use(initReactI18next)
  .init({
    lng: "ru",
    fallbackLng: "ru",
    supportedLngs: ["ru"],
    ns: ["common", "landing"],
    defaultNS,
    resources: { ru: { common, landing } },
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });

/** Starts loading namespaces (a lazy screen asks for its own together with its chunk). */
export function loadNamespaces(namespaces: readonly CabinetNamespace[]): Promise<void> {
  return i18n.loadNamespaces([...namespaces]);
}

export { i18n };
