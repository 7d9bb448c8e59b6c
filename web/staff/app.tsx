import { BrowserRouter, Route, Routes } from "react-router";
import { UiProvider } from "../ui/ui-provider.tsx";
import { SignInPage } from "./auth/sign-in.page.tsx";
import { MembersPage } from "./members/members.page.tsx";
import { StaffNotFoundPage } from "./not-found/not-found.page.tsx";
import { OverviewPage } from "./overview/overview.page.tsx";
import { ProfilePage } from "./profile/profile.page.tsx";
import { AdminOnly } from "./shell/admin-only.tsx";
import { StaffLayout } from "./shell/staff.layout.tsx";

export function App() {
  return (
    <UiProvider>
      <BrowserRouter>
        <Routes>
          <Route path="staff">
            <Route path="sign-in" element={<SignInPage />} />
            <Route element={<StaffLayout />}>
              <Route index element={<OverviewPage />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route
                path="members"
                element={
                  <AdminOnly>
                    <MembersPage />
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
