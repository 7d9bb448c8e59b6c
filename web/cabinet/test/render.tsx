import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import type { ClientProfile } from "../../../common/identity/session.schema.ts";
import { UiProvider } from "../../ui/ui-provider.tsx";
import { cabinetNamespaces, loadNamespaces } from "../i18n.ts";
import { SignedInClientContext } from "../identity/session.ts";

// The app loads a feature's texts with its chunk; a screen rendered alone needs them all at hand.
await loadNamespaces(cabinetNamespaces);

/** The demo client, as the cabinet's guard provides it. */
export const demoClient: ClientProfile = {
  id: "00000000-0000-4000-8000-000000000001",
  phone: "+79261111111",
  email: "client@example.ru",
  lastName: "Иванов",
  firstName: "Евгений",
  patronymic: "Александрович",
  birthDate: "1985-05-20",
};

/** Where the screen navigated to: its path and the state it passed. */
function Landed() {
  const location = useLocation();
  return (
    <output data-testid="landed" data-state={JSON.stringify(location.state ?? null)}>
      {location.pathname}
      {location.search}
    </output>
  );
}

/**
 * Renders a cabinet screen as the app does (Russian texts, theme, query client, router, signed-in
 * client) at `path` (matched by `route`, a pattern with parameters, when given); any other path it navigates to renders a marker that `landed()` reads.
 */
export function renderScreen(
  ui: ReactElement,
  { path = "/", route = path }: { path?: string; route?: string } = {},
) {
  const user = userEvent.setup();
  const view = render(
    <UiProvider>
      <SignedInClientContext value={demoClient}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={ui} />
            <Route path="*" element={<Landed />} />
          </Routes>
        </MemoryRouter>
      </SignedInClientContext>
    </UiProvider>,
  );
  const landed = () => {
    const marker = view.queryByTestId("landed");
    return marker
      ? { path: marker.textContent, state: JSON.parse(marker.dataset.state ?? "null") as unknown }
      : null;
  };
  return { ...view, user, landed };
}

/** A JSON answer as the server sends it; problem+json for an error status. */
export function jsonAnswer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}
