// Every component test starts from a clean page, with no stubbed global or spy left over.
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// Mantine's autosizing Textarea listens for web fonts loading; happy-dom has no document.fonts.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", { value: new EventTarget() });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
