import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Route, Routes } from "react-router";
import { PageLoader } from "../ui/page-loader.tsx";
import { QueryStateTextsContext } from "../ui/query-states.tsx";
import { UiProvider } from "../ui/ui-provider.tsx";
import { SignInPage } from "./auth/sign-in.page.tsx";
import { forgetStaffSessionOn401 } from "./auth/staff-session.ts";
import { useConsoleQueryStateTexts } from "./errors.ts";
import { StaffNotFoundPage } from "./not-found/not-found.page.tsx";
import { consoleSections } from "./shell/console-sections.tsx";
import { RoleGuard } from "./shell/role-guard.tsx";
import { StaffLayout, StartPage } from "./shell/staff.layout.tsx";

/** Every section's routes, each behind its roles: the section's page and the pages under it. */
const sectionRoutes = consoleSections.flatMap((section) => [
  { path: section.path, roles: section.roles, Page: section.page },
  ...("subPages" in section
    ? section.subPages.map((sub) => ({
        path: `${section.path}/${sub.path}`,
        roles: "roles" in sub ? sub.roles : section.roles,
        Page: sub.page,
      }))
    : []),
]);

export function App() {
  const { t } = useTranslation("staff");
  const queryStateTexts = useConsoleQueryStateTexts();
  return (
    <UiProvider onRequestError={forgetStaffSessionOn401}>
      <QueryStateTextsContext value={queryStateTexts}>
        <BrowserRouter>
          {/* The sign-in page waits here for its texts; a section's page waits inside the frame. */}
          <Suspense fallback={<PageLoader label={t("page.loading")} />}>
            <Routes>
              <Route path="staff">
                <Route path="sign-in" element={<SignInPage />} />
                <Route element={<StaffLayout />}>
                  <Route index element={<StartPage />} />
                  {sectionRoutes.map(({ path, roles, Page }) => (
                    <Route
                      key={path}
                      path={path}
                      element={
                        <RoleGuard roles={roles}>
                          <Page />
                        </RoleGuard>
                      }
                    />
                  ))}
                  <Route path="*" element={<StaffNotFoundPage />} />
                </Route>
              </Route>
              <Route path="*" element={<StaffNotFoundPage />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </QueryStateTextsContext>
    </UiProvider>
  );
}
