import i18n, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";
import type staffAppointments from "./locales/appointments.json";
import type staffAudit from "./locales/audit.json";
import type staffAuth from "./locales/auth.json";
import type staffCalendar from "./locales/calendar.json";
import type staffChat from "./locales/chat.json";
import type staffClinicImport from "./locales/clinic-import.json";
import type staffClinics from "./locales/clinics.json";
import type staffContact from "./locales/contact.json";
import type staffContracts from "./locales/contracts.json";
import type staffIntegration from "./locales/integration.json";
import type staffMedcard from "./locales/medcard.json";
import type staffMembers from "./locales/members.json";
import type staffOrders from "./locales/orders.json";
import type staffOverview from "./locales/overview.json";
import type staffPersonalData from "./locales/personal-data.json";
import type staffPrivacyRequests from "./locales/privacy-requests.json";
import type staffProfile from "./locales/profile.json";
import type staffPrograms from "./locales/programs.json";
import type staffRegistry from "./locales/registry.json";
import type staffReplacements from "./locales/replacements.json";
import type staffServiceTypes from "./locales/service-types.json";
import staff from "./locales/shell.json";

/**
 * The console's namespaces, one a feature; Russian only for now. They are named apart from the
 * cabinet's, as i18next's typed keys (web/i18next.d.ts) hold both apps' namespaces.
 */
export interface StaffResources {
  ru: {
    staff: typeof staff;
    staffAppointments: typeof staffAppointments;
    staffAudit: typeof staffAudit;
    staffAuth: typeof staffAuth;
    staffCalendar: typeof staffCalendar;
    staffChat: typeof staffChat;
    staffClinicImport: typeof staffClinicImport;
    staffClinics: typeof staffClinics;
    staffContact: typeof staffContact;
    staffContracts: typeof staffContracts;
    staffIntegration: typeof staffIntegration;
    staffMedcard: typeof staffMedcard;
    staffMembers: typeof staffMembers;
    staffOrders: typeof staffOrders;
    staffOverview: typeof staffOverview;
    staffPersonalData: typeof staffPersonalData;
    staffPrivacyRequests: typeof staffPrivacyRequests;
    staffProfile: typeof staffProfile;
    staffPrograms: typeof staffPrograms;
    staffRegistry: typeof staffRegistry;
    staffReplacements: typeof staffReplacements;
    staffServiceTypes: typeof staffServiceTypes;
  };
}
export type StaffNamespace = keyof StaffResources["ru"];

/** Each feature's texts in their own chunk, fetched with the feature's first page. */
const loaders: Record<Exclude<StaffNamespace, "staff">, () => Promise<{ default: object }>> = {
  staffAppointments: () => import("./locales/appointments.json"),
  staffAudit: () => import("./locales/audit.json"),
  staffAuth: () => import("./locales/auth.json"),
  staffCalendar: () => import("./locales/calendar.json"),
  staffChat: () => import("./locales/chat.json"),
  staffClinicImport: () => import("./locales/clinic-import.json"),
  staffClinics: () => import("./locales/clinics.json"),
  staffContact: () => import("./locales/contact.json"),
  staffContracts: () => import("./locales/contracts.json"),
  staffIntegration: () => import("./locales/integration.json"),
  staffMedcard: () => import("./locales/medcard.json"),
  staffMembers: () => import("./locales/members.json"),
  staffOrders: () => import("./locales/orders.json"),
  staffOverview: () => import("./locales/overview.json"),
  staffPersonalData: () => import("./locales/personal-data.json"),
  staffPrivacyRequests: () => import("./locales/privacy-requests.json"),
  staffProfile: () => import("./locales/profile.json"),
  staffPrograms: () => import("./locales/programs.json"),
  staffRegistry: () => import("./locales/registry.json"),
  staffReplacements: () => import("./locales/replacements.json"),
  staffServiceTypes: () => import("./locales/service-types.json"),
};

function isLoadable(ns: string): ns is keyof typeof loaders {
  return Object.hasOwn(loaders, ns);
}

/** Every namespace that loads with a feature (a component test renders a screen with them all). */
export const featureNamespaces: readonly StaffNamespace[] = Object.keys(loaders).filter(isLoadable);

const featureTexts: BackendModule = {
  type: "backend",
  init() {},
  read(_language, ns, callback) {
    if (!isLoadable(ns)) return callback(new Error(`No console namespace «${ns}»`), false);
    loaders[ns]().then(
      (texts) => callback(null, texts.default),
      (error: unknown) =>
        callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

export const defaultNS = "staff";

// The frame's own texts (header, menu, errors, sign-in's absence of a page) are bundled; a
// component asking for a feature's namespace suspends until it has loaded.
void i18n
  .use(featureTexts)
  .use(initReactI18next)
  .init({
    lng: "ru",
    fallbackLng: "ru",
    supportedLngs: ["ru"],
    ns: ["staff"],
    defaultNS,
    resources: { ru: { staff } },
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });

/** Starts loading a feature's texts (a section's lazy page asks for them with its chunk). */
export function loadNamespaces(namespaces: readonly StaffNamespace[]): Promise<void> {
  return i18n.loadNamespaces([...namespaces]);
}

export { i18n };
