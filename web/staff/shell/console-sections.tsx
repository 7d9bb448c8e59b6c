import { type ComponentType, type LazyExoticComponent, lazy } from "react";
import { type StaffRole, staffRoles } from "../../../common/staff/staff-auth.schema.ts";
import {
  IconBuilding,
  IconChat,
  IconClock24,
  IconCompass,
  IconEye,
  IconFile,
  IconHeart,
  IconInbox,
  IconPhone,
  IconShield,
  IconStethoscope,
  IconUser,
  IconWallet,
} from "../../ui/icons.tsx";
import { loadNamespaces, type StaffNamespace } from "../i18n.ts";
import type staffTexts from "../locales/shell.json";

type LazyPage = LazyExoticComponent<ComponentType>;

/**
 * A page in its own chunk, loaded the first time its route is opened, together with the locale
 * namespaces its components read (else each would suspend for them after the chunk came).
 */
function lazyPage<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
  texts: readonly StaffNamespace[],
): LazyPage {
  return lazy(async () => {
    const [module] = await Promise.all([load(), loadNamespaces(texts)]);
    return { default: pick(module) };
  });
}

/** A page under a section's path that not everyone who sees the section may open. */
interface SubPage {
  /** Relative to the section's path: `new`, `:id/edit`. */
  path: string;
  page: LazyPage;
  /** Who may open it; the section's roles when left out. */
  roles?: readonly StaffRole[];
}

interface SectionSpec {
  id: string;
  /** Under `/staff/`. */
  path: string;
  /** The menu label's key in the console's `nav` texts. */
  label: Exclude<keyof (typeof staffTexts)["nav"], "label">;
  icon: ComponentType<{ size?: number }>;
  /** Who sees it in the menu and may open it; anyone else who opens its address is told no. */
  roles: readonly StaffRole[];
  page: LazyPage;
  subPages?: readonly SubPage[];
}

const everyone = staffRoles;
const admins = ["admin"] as const;
const doctorsAndAdmins = ["doctor", "admin"] as const;
/** «Записи»: the operators who book by phone, and admins (the server's BOOKING_DESK). */
const bookingDesk = ["operator", "admin"] as const;

/**
 * The console's sections in the menu's order (a doctor's is below). The routes, the side menu,
 * the role guards and each role's start page all come from this list.
 */
export const consoleSections = [
  {
    id: "overview",
    path: "overview",
    label: "overview",
    icon: IconCompass,
    roles: everyone,
    page: lazyPage(
      () => import("../overview/overview.page.tsx"),
      (m) => m.OverviewPage,
      ["staffOverview", "staffAppointments"],
    ),
  },
  {
    id: "profile",
    path: "profile",
    label: "profile",
    icon: IconUser,
    roles: everyone,
    page: lazyPage(
      () => import("../profile/profile.page.tsx"),
      (m) => m.ProfilePage,
      ["staffProfile", "staffAuth"],
    ),
  },
  {
    id: "chats",
    path: "chats",
    label: "chats",
    icon: IconStethoscope,
    roles: doctorsAndAdmins,
    page: lazyPage(
      () => import("../chat/chats.page.tsx"),
      (m) => m.ChatsPage,
      ["staffChat"],
    ),
    subPages: [
      {
        path: ":id",
        page: lazyPage(
          () => import("../chat/chat.page.tsx"),
          (m) => m.ChatPage,
          ["staffChat"],
        ),
      },
    ],
  },
  {
    id: "callbacks",
    path: "callbacks",
    label: "callbacks",
    icon: IconPhone,
    roles: everyone,
    page: lazyPage(
      () => import("../contact/callbacks.page.tsx"),
      (m) => m.CallbacksPage,
      ["staffContact"],
    ),
  },
  {
    id: "messages",
    path: "messages",
    label: "messages",
    icon: IconChat,
    roles: everyone,
    page: lazyPage(
      () => import("../contact/messages.page.tsx"),
      (m) => m.MessagesPage,
      ["staffContact"],
    ),
  },
  {
    id: "appointments",
    path: "appointments",
    label: "appointments",
    icon: IconClock24,
    roles: bookingDesk,
    page: lazyPage(
      () => import("../appointments/appointments.page.tsx"),
      (m) => m.AppointmentsPage,
      ["staffAppointments"],
    ),
  },
  {
    // Operators read the clinics they book by phone; only admins change them (the server's
    // ADMIN_ONLY on every change), as with «Программы».
    id: "clinics",
    path: "clinics",
    label: "clinics",
    icon: IconBuilding,
    roles: bookingDesk,
    page: lazyPage(
      () => import("../clinics/clinics.page.tsx"),
      (m) => m.ClinicsPage,
      ["staffClinics"],
    ),
    subPages: [
      {
        path: "new",
        roles: admins,
        page: lazyPage(
          () => import("../clinics/clinic-form.page.tsx"),
          (m) => m.NewClinicPage,
          ["staffClinics"],
        ),
      },
      {
        path: "networks",
        page: lazyPage(
          () => import("../clinics/networks.page.tsx"),
          (m) => m.NetworksPage,
          ["staffClinics"],
        ),
      },
      {
        path: ":id",
        page: lazyPage(
          () => import("../clinics/clinic-card.page.tsx"),
          (m) => m.ClinicCardPage,
          ["staffClinics"],
        ),
      },
      {
        path: ":id/edit",
        roles: admins,
        page: lazyPage(
          () => import("../clinics/clinic-form.page.tsx"),
          (m) => m.EditClinicPage,
          ["staffClinics"],
        ),
      },
      {
        path: ":id/doctors/:doctorId",
        page: lazyPage(
          () => import("../clinics/doctor-schedule.page.tsx"),
          (m) => m.DoctorSchedulePage,
          ["staffClinics"],
        ),
      },
    ],
  },
  {
    id: "contracts",
    path: "contracts",
    label: "contracts",
    icon: IconFile,
    roles: everyone,
    page: lazyPage(
      () => import("../contracts/contracts.page.tsx"),
      (m) => m.ContractsPage,
      ["staffContracts"],
    ),
    subPages: [
      {
        path: ":id",
        page: lazyPage(
          () => import("../contracts/contract-card.page.tsx"),
          (m) => m.ContractCardPage,
          ["staffContracts"],
        ),
      },
    ],
  },
  {
    // «Заказы и платежи»: operators and admins read; only admins refund and export (the server's
    // ADMIN_ONLY), so the card shows those buttons to admins alone.
    id: "orders",
    path: "orders",
    label: "orders",
    icon: IconWallet,
    roles: bookingDesk,
    page: lazyPage(
      () => import("../orders/orders.page.tsx"),
      (m) => m.OrdersPage,
      ["staffOrders"],
    ),
    subPages: [
      {
        path: ":id",
        page: lazyPage(
          () => import("../orders/order-card.page.tsx"),
          (m) => m.OrderCardPage,
          ["staffOrders"],
        ),
      },
    ],
  },
  {
    id: "replacements",
    path: "replacements",
    label: "replacements",
    icon: IconInbox,
    roles: everyone,
    page: lazyPage(
      () => import("../replacements/replacements.page.tsx"),
      (m) => m.ReplacementsPage,
      ["staffReplacements", "staffContracts"],
    ),
  },
  {
    // Requests to change a client's name, birth date or (lost) phone: operators decide them.
    id: "personalData",
    path: "personal-data",
    label: "personalData",
    icon: IconUser,
    roles: bookingDesk,
    page: lazyPage(
      () => import("../personal-data/personal-data.page.tsx"),
      (m) => m.PersonalDataPage,
      ["staffPersonalData"],
    ),
  },
  {
    // Requests under 152-FZ with their legal deadline: operators and admins answer them.
    id: "privacyRequests",
    path: "privacy-requests",
    label: "privacyRequests",
    icon: IconShield,
    roles: bookingDesk,
    page: lazyPage(
      () => import("../privacy-requests/privacy-requests.page.tsx"),
      (m) => m.PrivacyRequestsPage,
      ["staffPrivacyRequests"],
    ),
  },
  {
    id: "programs",
    path: "programs",
    label: "programs",
    icon: IconHeart,
    roles: everyone,
    page: lazyPage(
      () => import("../programs/programs.page.tsx"),
      (m) => m.ProgramsPage,
      ["staffPrograms"],
    ),
    subPages: [
      {
        path: "new",
        roles: admins,
        page: lazyPage(
          () => import("../programs/program-form.page.tsx"),
          (m) => m.NewProgramPage,
          ["staffPrograms"],
        ),
      },
      {
        path: ":id/edit",
        roles: admins,
        page: lazyPage(
          () => import("../programs/program-form.page.tsx"),
          (m) => m.EditProgramPage,
          ["staffPrograms"],
        ),
      },
    ],
  },
  {
    id: "serviceTypes",
    path: "service-types",
    label: "serviceTypes",
    icon: IconStethoscope,
    roles: admins,
    page: lazyPage(
      () => import("../service-types/service-types.page.tsx"),
      (m) => m.ServiceTypesPage,
      ["staffServiceTypes"],
    ),
  },
  {
    id: "audit",
    path: "audit",
    label: "audit",
    icon: IconEye,
    roles: admins,
    page: lazyPage(
      () => import("../audit/audit-log.page.tsx"),
      (m) => m.AuditLogPage,
      ["staffAudit", "staffReplacements"],
    ),
  },
  {
    id: "registry",
    path: "registry",
    label: "registry",
    icon: IconFile,
    roles: admins,
    page: lazyPage(
      () => import("../registry/registry.page.tsx"),
      (m) => m.RegistryPage,
      ["staffRegistry"],
    ),
  },
  {
    // A clinic's price list or doctors from CSV/XLSX (the «Клиники» section links here).
    id: "clinicImport",
    path: "clinics/import",
    label: "clinicImport",
    icon: IconFile,
    roles: admins,
    page: lazyPage(
      () => import("../clinics/import/clinic-import.page.tsx"),
      (m) => m.ClinicImportPage,
      ["staffClinicImport"],
    ),
  },
  {
    id: "integration",
    path: "integration",
    label: "integration",
    icon: IconShield,
    roles: admins,
    page: lazyPage(
      () => import("../integration/integration.page.tsx"),
      (m) => m.IntegrationPage,
      ["staffIntegration"],
    ),
  },
  {
    id: "calendar",
    path: "calendar",
    label: "calendar",
    icon: IconClock24,
    roles: admins,
    page: lazyPage(
      () => import("../calendar/calendar.page.tsx"),
      (m) => m.CalendarPage,
      ["staffCalendar"],
    ),
  },
  {
    id: "members",
    path: "members",
    label: "members",
    icon: IconShield,
    roles: admins,
    page: lazyPage(
      () => import("../members/members.page.tsx"),
      (m) => m.MembersPage,
      ["staffMembers"],
    ),
  },
] as const satisfies readonly SectionSpec[];

export type SectionId = (typeof consoleSections)[number]["id"];
export type ConsoleSection = SectionSpec & { id: SectionId };

/**
 * A doctor answers clients first: the chats, the messages, then the call-backs, then the
 * contracts whose appeals they record. The replacement queue, which a doctor may read but not
 * decide, comes last. Every other role's menu is the list's order.
 */
const doctorOrder: readonly SectionId[] = [
  "chats",
  "messages",
  "callbacks",
  "contracts",
  "overview",
  "programs",
  "replacements",
  "profile",
];

/** The console address of a section. */
export function sectionPath(id: SectionId): string {
  const section = consoleSections.find((candidate) => candidate.id === id);
  return `/staff/${section?.path ?? ""}`;
}

export const OVERVIEW_PATH = sectionPath("overview");

/** Whether a role may open a section or one of its pages. */
export function mayOpen(roles: readonly StaffRole[], role: StaffRole): boolean {
  return roles.includes(role);
}

/** The side menu of a role, in its order. */
export function menuSections(role: StaffRole): readonly ConsoleSection[] {
  const own: readonly ConsoleSection[] = consoleSections.filter((section) =>
    mayOpen(section.roles, role),
  );
  if (role !== "doctor") return own;
  return doctorOrder.flatMap((id) => own.filter((section) => section.id === id));
}

/** Where `/staff` (and so the sign-in) leads: the first section of the role's menu. */
export function startPath(role: StaffRole): string {
  return sectionPath(menuSections(role)[0]?.id ?? "overview");
}
