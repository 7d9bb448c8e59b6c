import { BrowserRouter, Route, Routes } from "react-router";
import { UiProvider } from "../ui/ui-provider.tsx";
import { StaffNotFoundPage } from "./not-found/not-found.page.tsx";
import { OverviewPage } from "./overview/overview.page.tsx";
import { StaffLayout } from "./shell/staff.layout.tsx";

export function App() {
  return (
    <UiProvider>
      <BrowserRouter>
        <Routes>
          <Route path="staff" element={<StaffLayout />}>
            <Route index element={<OverviewPage />} />
            <Route path="*" element={<StaffNotFoundPage />} />
          </Route>
          <Route path="*" element={<StaffNotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </UiProvider>
  );
}
