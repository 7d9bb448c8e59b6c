import { BrowserRouter, Route, Routes } from "react-router";
import { UiProvider } from "../ui/ui-provider.tsx";
import { ChatPage } from "./chat/chat.page.tsx";
import { CallbackPage } from "./contact/callback.page.tsx";
import { MessagePage } from "./contact/message.page.tsx";
import { MessagesPage } from "./contact/messages.page.tsx";
import { AddContractPage } from "./contracts/add-contract.page.tsx";
import { ContractPage } from "./contracts/contract.page.tsx";
import { ContractsPage } from "./contracts/contracts.page.tsx";
import { PersonChangePage } from "./contracts/person-change.page.tsx";
import { PrintPage } from "./contracts/print.page.tsx";
import { ProcedurePage } from "./contracts/procedure.page.tsx";
import { HomePage } from "./home/home.page.tsx";
import { AuthLayout } from "./identity/auth.layout.tsx";
import { RecoveryPage } from "./identity/recovery.page.tsx";
import { RegisterPage } from "./identity/register.page.tsx";
import { SignInPage } from "./identity/sign-in.page.tsx";
import { LandingPage } from "./landing/landing.page.tsx";
import { MedcardPage } from "./medcard/medcard.page.tsx";
import { NotFoundPage } from "./not-found/not-found.page.tsx";
import { ProfilePage } from "./profile/profile.page.tsx";
import { SecurityPage } from "./profile/security.page.tsx";
import { CabinetLayout } from "./shell/cabinet.layout.tsx";
import { VerifyPage } from "./verification/verify.page.tsx";

export function App() {
  return (
    <UiProvider>
      <BrowserRouter>
        <Routes>
          <Route index element={<LandingPage />} />
          <Route path="cabinet">
            <Route element={<AuthLayout />}>
              <Route path="sign-in" element={<SignInPage />} />
              <Route path="register" element={<RegisterPage />} />
              <Route path="recovery" element={<RecoveryPage />} />
            </Route>
            <Route element={<CabinetLayout />}>
              <Route index element={<HomePage />} />
              <Route path="medcard" element={<MedcardPage />} />
              <Route path="chat" element={<ChatPage />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route path="profile/security" element={<SecurityPage />} />
              <Route path="contracts" element={<ContractsPage />} />
              <Route path="contracts/add" element={<AddContractPage />} />
              <Route path="contracts/:id" element={<ContractPage />} />
              <Route path="contracts/:id/add-patient" element={<PersonChangePage mode="add" />} />
              <Route
                path="contracts/:id/replace-patient"
                element={<PersonChangePage mode="replace" />}
              />
              <Route path="contracts/:id/print" element={<PrintPage />} />
              <Route path="contracts/:id/callback" element={<CallbackPage />} />
              <Route path="contracts/:id/message" element={<MessagePage />} />
              <Route path="messages" element={<MessagesPage />} />
              <Route path="programs/:id/procedure" element={<ProcedurePage />} />
            </Route>
          </Route>
          <Route path="verify" element={<VerifyPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </UiProvider>
  );
}
