import "i18next";
import type { CabinetResources } from "./cabinet/i18n.ts";
import type { StaffResources } from "./staff/i18n.ts";

/**
 * Typed translation keys for both apps. The augmentation is global, so it holds the namespaces of
 * both; the staff console always names its namespace ("staff") explicitly.
 */
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: CabinetResources["ru"] & StaffResources["ru"];
  }
}
