import "i18next";
import type { resources as cabinetResources } from "./cabinet/i18n.ts";
import type { resources as staffResources } from "./staff/i18n.ts";

/**
 * Typed translation keys for both apps. The augmentation is global, so it holds the namespaces of
 * both; the staff console always names its namespace ("staff") explicitly.
 */
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: (typeof cabinetResources)["ru"] & (typeof staffResources)["ru"];
  }
}
