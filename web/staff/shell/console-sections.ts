import type { StaffRole } from "../../../common/staff/staff-auth.schema.ts";

/** The console's sections, as the side menu lists them. */
export type ConsoleSection =
  | "overview"
  | "profile"
  | "callbacks"
  | "messages"
  | "contracts"
  | "replacements"
  | "programs"
  | "serviceTypes"
  | "audit"
  | "registry"
  | "integration"
  | "calendar"
  | "members";

export const OVERVIEW_PATH = "/staff/overview";

export const sectionPaths: Record<ConsoleSection, string> = {
  overview: OVERVIEW_PATH,
  profile: "/staff/profile",
  callbacks: "/staff/callbacks",
  messages: "/staff/messages",
  contracts: "/staff/contracts",
  replacements: "/staff/replacements",
  programs: "/staff/programs",
  serviceTypes: "/staff/service-types",
  audit: "/staff/audit",
  registry: "/staff/registry",
  integration: "/staff/integration",
  calendar: "/staff/calendar",
  members: "/staff/members",
};

const operatorMenu: ConsoleSection[] = [
  "overview",
  "profile",
  "callbacks",
  "messages",
  "contracts",
  "replacements",
  "programs",
];

/**
 * A doctor answers clients first: the messages, then the call-backs, then the contracts whose
 * appeals they record. The replacement queue, which a doctor may read but not decide, comes last.
 */
const doctorMenu: ConsoleSection[] = [
  "messages",
  "callbacks",
  "contracts",
  "overview",
  "programs",
  "replacements",
  "profile",
];

const adminMenu: ConsoleSection[] = [
  ...operatorMenu,
  "serviceTypes",
  "audit",
  "registry",
  "integration",
  "calendar",
  "members",
];

/** The side menu of a role, in its order. */
export function menuSections(role: StaffRole): ConsoleSection[] {
  if (role === "doctor") return doctorMenu;
  return role === "admin" ? adminMenu : operatorMenu;
}

/** Where `/staff` (and so the sign-in) leads: the first section of the role's menu. */
export function startPath(role: StaffRole): string {
  return sectionPaths[menuSections(role)[0] ?? "overview"];
}
