import "./i18n.ts";
import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";

const root = document.getElementById("root");
if (!root) throw new Error("The #root element is missing from index.html");

// The first render as a transition: React may yield to the browser between components, so a slow
// phone meets no single long task while the first screen is built (Lighthouse's blocking time).
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
