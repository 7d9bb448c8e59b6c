import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { MAX_ATTACHMENTS_BYTES } from "../../../common/contact/contact.schema.ts";
import { renderScreen } from "../test/render.tsx";
import { MessageForm } from "./message.page.tsx";

const contractId = "00000000-0000-4000-8000-0000000000c1";
const tooLarge = "Общий размер файлов не должен превышать 25 МБ. Удалите часть файлов.";
const back = { to: `/cabinet/contracts/${contractId}`, label: "Сертификат" };

/** Records what the form posts; it never answers, the tests only look at what went out. */
class RecordingXhr {
  static sent: { method: string; path: string; body: FormData }[] = [];
  upload = {};
  withCredentials = false;
  private method = "";
  private path = "";
  open(method: string, path: string) {
    this.method = method;
    this.path = path;
  }
  setRequestHeader() {}
  getResponseHeader() {
    return null;
  }
  abort() {}
  send(body: FormData) {
    RecordingXhr.sent.push({ method: this.method, path: this.path, body });
  }
}

/** A file of the given size without holding its bytes. */
function fileOf(name: string, size: number): File {
  const file = new File(["%PDF-1.4"], name, { type: "application/pdf" });
  Object.defineProperty(file, "size", { value: size });
  return file;
}

function renderForm() {
  RecordingXhr.sent = [];
  vi.stubGlobal("XMLHttpRequest", RecordingXhr);
  const view = renderScreen(<MessageForm contractId={contractId} back={back} />, {
    path: `/cabinet/contracts/${contractId}/message`,
  });
  const fileInput = view.container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!fileInput) throw new Error("the form has no file input");
  return { ...view, fileInput };
}

describe("«Отправить сообщение»", () => {
  it("refuses files over 25 MB in all before a byte is sent", async () => {
    const { user, fileInput } = renderForm();
    const half = MAX_ATTACHMENTS_BYTES / 2;

    await user.upload(fileInput, [fileOf("scan-1.pdf", half), fileOf("scan-2.pdf", half + 1)]);
    await user.type(screen.getByRole("textbox", { name: /Сообщение/ }), "Прошу вернуть деньги");
    await user.click(screen.getByRole("button", { name: "Отправить" }));

    expect(screen.getByRole("alert").textContent).toBe(tooLarge);
    expect(RecordingXhr.sent).toEqual([]);
  });

  it("sends the e-mail, the text and files of exactly 25 MB in all", async () => {
    const { user, fileInput } = renderForm();
    const half = MAX_ATTACHMENTS_BYTES / 2;

    await user.upload(fileInput, [fileOf("scan-1.pdf", half), fileOf("scan-2.pdf", half)]);
    await user.type(screen.getByRole("textbox", { name: /Сообщение/ }), "Прошу вернуть деньги");
    await user.click(screen.getByRole("button", { name: "Отправить" }));

    expect(screen.queryByText(tooLarge)).toBeNull();
    expect(RecordingXhr.sent).toHaveLength(1);
    const [request] = RecordingXhr.sent;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe(`/api/contracts/${contractId}/messages`);
    expect(request?.body.get("email")).toBe("client@example.ru");
    expect(request?.body.get("message")).toBe("Прошу вернуть деньги");
    expect(request?.body.getAll("files").map((file) => (file as File).name)).toEqual([
      "scan-1.pdf",
      "scan-2.pdf",
    ]);
  });

  it("lets the client take a file off to come back under the limit", async () => {
    const { user, fileInput } = renderForm();

    await user.upload(fileInput, [
      fileOf("scan-1.pdf", MAX_ATTACHMENTS_BYTES),
      fileOf("photo.pdf", 1024),
    ]);
    expect(screen.getByText(tooLarge)).toBeTruthy();

    await user.click(screen.getByRole("button", { name: /photo\.pdf/ }));

    expect(screen.queryByText(tooLarge)).toBeNull();
  });
});
