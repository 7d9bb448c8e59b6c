import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, matchRoutes, type RouteObject, useLocation, useRoutes } from "react-router";
import { PageLoader } from "../ui/page-loader.tsx";
import { ThemeProvider } from "../ui/theme-provider.tsx";
import { type CabinetNamespace, loadNamespaces } from "./i18n.ts";
import { LandingPage } from "./landing/landing.page.tsx";

/**
 * A screen in its own chunk, loaded with the locale namespaces its components read (else each
 * would suspend for them after the chunk came). `preload` starts both and is safe to call again.
 */
function lazyScreen<M, P extends object>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType<P>,
  texts: readonly CabinetNamespace[] = [],
) {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () => {
    loading ??= Promise.all([load(), loadNamespaces(texts)]).then(([module]) => ({
      default: pick(module),
    }));
    return loading;
  };
  return Object.assign(lazy(preload), { preload });
}

const DataLayout = lazyScreen(
  () => import("./shell/data.layout.tsx"),
  (m) => m.DataLayout,
);
const AuthLayout = lazyScreen(
  () => import("./identity/auth.layout.tsx"),
  (m) => m.AuthLayout,
  ["identity"],
);
const SignInPage = lazyScreen(
  () => import("./identity/sign-in.page.tsx"),
  (m) => m.SignInPage,
  ["identity"],
);
const RegisterPage = lazyScreen(
  () => import("./identity/register.page.tsx"),
  (m) => m.RegisterPage,
  ["identity"],
);
const RecoveryPage = lazyScreen(
  () => import("./identity/recovery.page.tsx"),
  (m) => m.RecoveryPage,
  ["identity"],
);
const CabinetLayout = lazyScreen(
  () => import("./shell/cabinet.layout.tsx"),
  (m) => m.CabinetLayout,
  ["cabinet", "identity"],
);
const HomePage = lazyScreen(
  () => import("./home/home.page.tsx"),
  (m) => m.HomePage,
  ["contact", "appointments", "shop"],
);
const SharedCardPage = lazyScreen(
  () => import("./medcard-share/shared-card.page.tsx"),
  (m) => m.SharedCardPage,
  ["medcardShare"],
);
const DataReadsPage = lazyScreen(
  () => import("./profile/data-reads.page.tsx"),
  (m) => m.DataReadsPage,
  ["privacy", "cabinet"],
);
const DataExportPage = lazyScreen(
  () => import("./privacy-export/data-export.page.tsx"),
  (m) => m.DataExportPage,
  ["dataExport"],
);
const PrivacyPage = lazyScreen(
  () => import("./privacy/privacy.page.tsx"),
  (m) => m.PrivacyPage,
  ["dataRights", "cabinet"],
);
const MedcardPage = lazyScreen(
  () => import("./medcard/medcard.page.tsx"),
  (m) => m.MedcardPage,
  ["medcard", "cabinet"],
);
const ChatPage = lazyScreen(
  () => import("./chat/chat.page.tsx"),
  (m) => m.ChatPage,
  ["chat", "contracts"],
);
const NewChatPage = lazyScreen(
  () => import("./chat/new-chat.page.tsx"),
  (m) => m.NewChatPage,
  ["chat", "contracts"],
);
const ConversationPage = lazyScreen(
  () => import("./chat/conversation.page.tsx"),
  (m) => m.ConversationPage,
  ["chat", "contracts"],
);
const ProfilePage = lazyScreen(
  () => import("./profile/profile.page.tsx"),
  (m) => m.ProfilePage,
  ["cabinet", "privacy", "dataRights"],
);
const PersonalDataPage = lazyScreen(
  () => import("./profile/personal-data.page.tsx"),
  (m) => m.PersonalDataPage,
  ["personal", "cabinet"],
);
const SecurityPage = lazyScreen(
  () => import("./profile/security.page.tsx"),
  (m) => m.SecurityPage,
  ["cabinet"],
);
const NotificationsPage = lazyScreen(
  () => import("./notifications/notifications.page.tsx"),
  (m) => m.NotificationsPage,
  ["notifications"],
);
const NotificationSettingsPage = lazyScreen(
  () => import("./notifications/notification-settings.page.tsx"),
  (m) => m.NotificationSettingsPage,
  ["notifications", "cabinet"],
);
const ContractsPage = lazyScreen(
  () => import("./contracts/contracts.page.tsx"),
  (m) => m.ContractsPage,
  ["contracts", "shop"],
);
const AddContractPage = lazyScreen(
  () => import("./contracts/add-contract.page.tsx"),
  (m) => m.AddContractPage,
  ["contracts"],
);
const ContractPage = lazyScreen(
  () => import("./contracts/contract.page.tsx"),
  (m) => m.ContractPage,
  ["contracts", "contact", "booking"],
);
const PersonChangePage = lazyScreen(
  () => import("./contracts/person-change.page.tsx"),
  (m) => m.PersonChangePage,
  ["contracts"],
);
const PrintPage = lazyScreen(
  () => import("./contracts/print.page.tsx"),
  (m) => m.PrintPage,
  ["contracts"],
);
const CallbackPage = lazyScreen(
  () => import("./contact/callback.page.tsx"),
  (m) => m.CallbackPage,
  ["contact", "contracts"],
);
const MessagePage = lazyScreen(
  () => import("./contact/message.page.tsx"),
  (m) => m.MessagePage,
  ["contact", "contracts"],
);
const MessagesPage = lazyScreen(
  () => import("./contact/messages.page.tsx"),
  (m) => m.MessagesPage,
  ["contact"],
);
const ProcedurePage = lazyScreen(
  () => import("./contracts/procedure.page.tsx"),
  (m) => m.ProcedurePage,
  ["contracts"],
);
const VerifyPage = lazyScreen(
  () => import("./verification/verify.page.tsx"),
  (m) => m.VerifyPage,
  ["contracts"],
);
const AppointmentsPage = lazyScreen(
  () => import("./appointments/appointments.page.tsx"),
  (m) => m.AppointmentsPage,
  ["appointments", "contracts", "cabinet"],
);
const AppointmentPage = lazyScreen(
  () => import("./appointments/appointment.page.tsx"),
  (m) => m.AppointmentPage,
  ["appointments", "contracts"],
);
const BookingPage = lazyScreen(
  () => import("./booking/booking.page.tsx"),
  (m) => m.BookingPage,
  ["booking", "appointments", "contact"],
);
const BookingDonePage = lazyScreen(
  () => import("./booking/done.page.tsx"),
  (m) => m.BookingDonePage,
  ["booking", "appointments", "contracts"],
);
const CataloguePage = lazyScreen(
  () => import("./shop/catalogue.page.tsx"),
  (m) => m.CataloguePage,
  ["shop", "contracts"],
);
const CheckoutPage = lazyScreen(
  () => import("./shop/checkout.page.tsx"),
  (m) => m.CheckoutPage,
  ["shop", "contracts"],
);
const OrderReturnPage = lazyScreen(
  () => import("./shop/order-return.page.tsx"),
  (m) => m.OrderReturnPage,
  ["shop", "contracts"],
);
const PaymentsPage = lazyScreen(
  () => import("./shop/payments.page.tsx"),
  (m) => m.PaymentsPage,
  ["shop", "contracts", "cabinet"],
);
const DmsPage = lazyScreen(
  () => import("./landing/dms.page.tsx"),
  (m) => m.DmsPage,
);
const CompaniesPage = lazyScreen(
  () => import("./landing/companies.page.tsx"),
  (m) => m.CompaniesPage,
);
const NotFoundPage = lazyScreen(
  () => import("./not-found/not-found.page.tsx"),
  (m) => m.NotFoundPage,
);

type Preloadable = { preload: () => Promise<unknown> };

/** A route whose chunks (`handle`) start loading as soon as its address is known. */
function route(
  path: string | undefined,
  screen: Preloadable,
  element: ReactNode,
  children?: RouteObject[],
): RouteObject {
  const handle = { preload: screen.preload };
  return path === undefined
    ? { element, handle, children }
    : path === ""
      ? { index: true, element, handle }
      : { path, element, handle, children };
}

/** A page inside its frame: while its chunk loads, the header and menu stay. */
function InFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<PageLoader label={t("page.loading")} />}>{children}</Suspense>;
}

const page = (screen: Preloadable, element: ReactNode, path: string) =>
  route(path, screen, <InFrame>{element}</InFrame>);

const routes: RouteObject[] = [
  { index: true, element: <LandingPage /> },
  route(undefined, DataLayout, <DataLayout />, [
    {
      path: "cabinet",
      children: [
        route(undefined, AuthLayout, <AuthLayout />, [
          page(SignInPage, <SignInPage />, "sign-in"),
          page(RegisterPage, <RegisterPage />, "register"),
          page(RecoveryPage, <RecoveryPage />, "recovery"),
        ]),
        route(undefined, CabinetLayout, <CabinetLayout />, [
          page(HomePage, <HomePage />, ""),
          page(MedcardPage, <MedcardPage />, "medcard"),
          page(ChatPage, <ChatPage />, "chat"),
          page(NewChatPage, <NewChatPage />, "chat/new"),
          page(ConversationPage, <ConversationPage />, "chat/:id"),
          page(ProfilePage, <ProfilePage />, "profile"),
          page(SecurityPage, <SecurityPage />, "profile/security"),
          page(PersonalDataPage, <PersonalDataPage />, "profile/personal-data"),
          page(PaymentsPage, <PaymentsPage />, "profile/payments"),
          page(DataReadsPage, <DataReadsPage />, "profile/data-reads"),
          page(PrivacyPage, <PrivacyPage />, "profile/privacy"),
          page(DataExportPage, <DataExportPage />, "profile/export"),
          page(NotificationsPage, <NotificationsPage />, "notifications"),
          page(NotificationSettingsPage, <NotificationSettingsPage />, "profile/notifications"),
          page(CheckoutPage, <CheckoutPage />, "shop/:programId"),
          page(OrderReturnPage, <OrderReturnPage />, "orders/:id/return"),
          page(ContractsPage, <ContractsPage />, "contracts"),
          page(AddContractPage, <AddContractPage />, "contracts/add"),
          page(ContractPage, <ContractPage />, "contracts/:id"),
          page(PersonChangePage, <PersonChangePage mode="add" />, "contracts/:id/add-patient"),
          page(
            PersonChangePage,
            <PersonChangePage mode="replace" />,
            "contracts/:id/replace-patient",
          ),
          page(PrintPage, <PrintPage />, "contracts/:id/print"),
          page(CallbackPage, <CallbackPage />, "contracts/:id/callback"),
          page(MessagePage, <MessagePage />, "contracts/:id/message"),
          page(MessagesPage, <MessagesPage />, "messages"),
          page(AppointmentsPage, <AppointmentsPage />, "appointments"),
          page(AppointmentPage, <AppointmentPage />, "appointments/:id"),
          page(BookingPage, <BookingPage />, "booking"),
          page(BookingDonePage, <BookingDonePage />, "booking/done/:id"),
          page(ProcedurePage, <ProcedurePage />, "programs/:id/procedure"),
        ]),
      ],
    },
    page(VerifyPage, <VerifyPage />, "verify"),
    page(SharedCardPage, <SharedCardPage />, "medcard-share/:token"),
    page(CataloguePage, <CataloguePage />, "shop"),
    page(DmsPage, <DmsPage />, "dms"),
    page(CompaniesPage, <CompaniesPage />, "companies"),
  ]),
  page(NotFoundPage, <NotFoundPage />, "*"),
];

/**
 * Starts every chunk an address needs at once — the layouts and the page — so that they do not
 * load one after another as each renders its outlet. Called while rendering: it only warms caches.
 */
function preloadScreen(pathname: string): void {
  for (const match of matchRoutes(routes, pathname) ?? []) {
    const handle: unknown = match.route.handle;
    if (typeof handle === "object" && handle !== null && "preload" in handle) {
      if (typeof handle.preload === "function") void handle.preload();
    }
  }
}

function CabinetRoutes() {
  const location = useLocation();
  preloadScreen(location.pathname);
  return useRoutes(routes);
}

export function App() {
  return (
    <ThemeProvider>
      <BrowserRouter>
        {/* The frame of the first screen after the landing waits here for its chunk, on the blank
            page the browser showed before any script ran: a spinner here would flash in the
            middle of the screen just before the header takes its place. */}
        <Suspense fallback={null}>
          <CabinetRoutes />
        </Suspense>
      </BrowserRouter>
    </ThemeProvider>
  );
}
