import { describe, expect, it } from "vitest";
import {
  cabinetUrl,
  notificationOfPush,
  readMarkPath,
  tapOf,
  windowForTap,
} from "./push-events.ts";

const origin = "https://lk.rms.example";
const id = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const fallback = { title: "РМС: новое уведомление", body: "Откройте личный кабинет." };

describe("what the cabinet's worker shows for a push", () => {
  it("shows the payload's title and text, tagged by the notification's id, opening its address", () => {
    const shown = notificationOfPush(
      {
        notificationId: id,
        title: "Врач ответил в чате",
        body: "Откройте чат",
        url: "/cabinet/chat/c1",
      },
      origin,
      fallback,
    );
    expect(shown.title).toBe("Врач ответил в чате");
    expect(shown.options).toMatchObject({
      body: "Откройте чат",
      tag: id,
      lang: "ru",
      data: { notificationId: id, url: "/cabinet/chat/c1" },
    });
  });

  it("still shows a notification, opening the centre, when the payload cannot be read", () => {
    for (const payload of [null, "text", { body: "no title" }, { title: "" }]) {
      const shown = notificationOfPush(payload, origin, fallback);
      expect(shown.title).toBe(fallback.title);
      expect(shown.options.body).toBe(fallback.body);
      expect(shown.options.data.url).toBe("/cabinet/notifications");
    }
  });

  it("never leads outside the cabinet: another site, the staff console or a script opens the centre", () => {
    expect(cabinetUrl("https://evil.example/cabinet", origin)).toBe("/cabinet/notifications");
    expect(cabinetUrl("//evil.example/cabinet", origin)).toBe("/cabinet/notifications");
    expect(cabinetUrl("/staff/chats", origin)).toBe("/cabinet/notifications");
    expect(cabinetUrl("javascript:alert(1)", origin)).toBe("/cabinet/notifications");
    expect(cabinetUrl("/cabinetx", origin)).toBe("/cabinet/notifications");
    expect(cabinetUrl("/cabinet/appointments/a1?x=1#y", origin)).toBe(
      "/cabinet/appointments/a1?x=1#y",
    );
  });

  it("gives no tag to a push without a notification id, so it replaces nothing", () => {
    const shown = notificationOfPush(
      { title: "Т", body: "", url: "/cabinet", notificationId: "x" },
      origin,
      fallback,
    );
    expect(shown.options.tag).toBeUndefined();
    expect(shown.options.data.notificationId).toBeNull();
  });
});

describe("a tap on the worker's notification", () => {
  it("marks the tapped notification read at its own address", () => {
    const tap = tapOf({ notificationId: id, url: "/cabinet/appointments/a1" }, origin);
    expect(tap).toEqual({ notificationId: id, url: "/cabinet/appointments/a1" });
    expect(readMarkPath(id)).toBe(`/api/notifications/${id}/read`);
    expect(tapOf(undefined, origin)).toEqual({
      notificationId: null,
      url: "/cabinet/notifications",
    });
  });

  it("brings forward a window already at the address, else sends a cabinet window there, else none", () => {
    const landing = { url: `${origin}/` };
    const home = { url: `${origin}/cabinet` };
    const appointment = { url: `${origin}/cabinet/appointments/a1` };
    expect(windowForTap([landing, home, appointment], "/cabinet/appointments/a1", origin)).toEqual({
      window: appointment,
      navigate: false,
    });
    expect(windowForTap([landing, home], "/cabinet/appointments/a1", origin)).toEqual({
      window: home,
      navigate: true,
    });
    expect(windowForTap([landing, { url: `${origin}/staff` }], "/cabinet", origin)).toBeNull();
  });
});
