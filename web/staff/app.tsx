import { BrowserRouter, Route, Routes } from "react-router";
import { UiProvider } from "../ui/ui-provider.tsx";
import { AuditLogPage } from "./audit/audit-log.page.tsx";
import { SignInPage } from "./auth/sign-in.page.tsx";
import { CalendarPage } from "./calendar/calendar.page.tsx";
import { CallbacksPage } from "./contact/callbacks.page.tsx";
import { MessagesPage } from "./contact/messages.page.tsx";
import { ContractCardPage } from "./contracts/contract-card.page.tsx";
import { ContractsPage } from "./contracts/contracts.page.tsx";
import { IntegrationPage } from "./integration/integration.page.tsx";
import { MembersPage } from "./members/members.page.tsx";
import { StaffNotFoundPage } from "./not-found/not-found.page.tsx";
import { OverviewPage } from "./overview/overview.page.tsx";
import { ProfilePage } from "./profile/profile.page.tsx";
import { EditProgramPage, NewProgramPage } from "./programs/program-form.page.tsx";
import { ProgramsPage } from "./programs/programs.page.tsx";
import { RegistryPage } from "./registry/registry.page.tsx";
import { ReplacementsPage } from "./replacements/replacements.page.tsx";
import { ServiceTypesPage } from "./service-types/service-types.page.tsx";
import { AdminOnly } from "./shell/admin-only.tsx";
import { StaffLayout, StartPage } from "./shell/staff.layout.tsx";

export function App() {
  return (
    <UiProvider>
      <BrowserRouter>
        <Routes>
          <Route path="staff">
            <Route path="sign-in" element={<SignInPage />} />
            <Route element={<StaffLayout />}>
              <Route index element={<StartPage />} />
              <Route path="overview" element={<OverviewPage />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route path="callbacks" element={<CallbacksPage />} />
              <Route path="messages" element={<MessagesPage />} />
              <Route path="contracts" element={<ContractsPage />} />
              <Route path="contracts/:id" element={<ContractCardPage />} />
              <Route path="replacements" element={<ReplacementsPage />} />
              <Route path="programs" element={<ProgramsPage />} />
              <Route
                path="programs/new"
                element={
                  <AdminOnly>
                    <NewProgramPage />
                  </AdminOnly>
                }
              />
              <Route
                path="programs/:id/edit"
                element={
                  <AdminOnly>
                    <EditProgramPage />
                  </AdminOnly>
                }
              />
              <Route
                path="service-types"
                element={
                  <AdminOnly>
                    <ServiceTypesPage />
                  </AdminOnly>
                }
              />
              <Route
                path="audit"
                element={
                  <AdminOnly>
                    <AuditLogPage />
                  </AdminOnly>
                }
              />
              <Route
                path="members"
                element={
                  <AdminOnly>
                    <MembersPage />
                  </AdminOnly>
                }
              />
              <Route
                path="registry"
                element={
                  <AdminOnly>
                    <RegistryPage />
                  </AdminOnly>
                }
              />
              <Route
                path="integration"
                element={
                  <AdminOnly>
                    <IntegrationPage />
                  </AdminOnly>
                }
              />
              <Route
                path="calendar"
                element={
                  <AdminOnly>
                    <CalendarPage />
                  </AdminOnly>
                }
              />
              <Route path="*" element={<StaffNotFoundPage />} />
            </Route>
          </Route>
          <Route path="*" element={<StaffNotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </UiProvider>
  );
}
