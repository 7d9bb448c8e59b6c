import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { QueryStateTextsContext } from "../../ui/query-states.tsx";
import { UiProvider } from "../../ui/ui-provider.tsx";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { featureNamespaces, i18n, loadNamespaces } from "../i18n.ts";

// The console loads a feature's texts with its section; a form rendered alone needs them at hand.
await loadNamespaces(featureNamespaces);

const t = i18n.getFixedT("ru", "staff");

/**
 * Renders a console form as the app does (Russian texts, theme, query client, router) at `path`,
 * under the route pattern `route` when the screen reads its parameters (`/staff/chats/:id`).
 */
export function renderConsoleForm(
  ui: ReactElement,
  { path = "/staff", route = path }: { path?: string; route?: string } = {},
) {
  const user = userEvent.setup();
  const texts = {
    retry: t("common.retry"),
    loadMore: t("common.loadMore"),
    errors: {
      network: t("errors.network"),
      unexpected: t("errors.unexpected"),
      tooManyRequests: t("errors.tooManyRequests"),
    },
  };
  const view = render(
    <UiProvider onRequestError={forgetStaffSessionOn401}>
      <QueryStateTextsContext value={texts}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={ui} />
          </Routes>
        </MemoryRouter>
      </QueryStateTextsContext>
    </UiProvider>,
  );
  return { ...view, user };
}

/** A JSON answer as the server sends it; problem+json for an error status. */
export function jsonAnswer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}
