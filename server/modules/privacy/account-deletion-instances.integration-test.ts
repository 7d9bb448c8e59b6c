import { describe, expect, it } from "vitest";
import { createTestClient, latestSmsCode, signInClient } from "../../test/factories.ts";
import { type Instance, setupInstances } from "../../test/two-instances.ts";

// Sessions live in the database: an account deleted through one instance is signed out on every
// other at its next request. PostgreSQL only (the embedded database is one process's).

describe.skipIf(!process.env.TEST_DATABASE_URL)("account deletion across two instances", () => {
  const instances = setupInstances();

  it("ends the account's session held on the other instance", async () => {
    const [one, two] = instances.list as [Instance, Instance];
    const client = await createTestClient(one.database.db);
    const onOne = await signInClient(one.app, client);
    const onTwo = await signInClient(two.app, client);
    const read = (instance: Instance, cookie: string) =>
      instance.app.inject({
        method: "GET",
        url: "/api/profile/personal-data",
        cookies: { rms_session: cookie },
      });
    expect((await read(two, onTwo)).statusCode).toBe(200);

    const sent = await one.app.inject({
      method: "POST",
      url: "/api/privacy/account-deletion/code",
      cookies: { rms_session: onOne },
    });
    expect(sent.statusCode).toBe(202);
    const code = await latestSmsCode(one.app, client.phone);
    const deleted = await one.app.inject({
      method: "POST",
      url: "/api/privacy/account-deletion",
      payload: { code },
      cookies: { rms_session: onOne },
    });
    expect(deleted.statusCode).toBe(200);

    expect((await read(two, onTwo)).statusCode).toBe(401);
    const again = await two.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone: client.phone, password: client.password },
    });
    expect(again.statusCode).toBe(401);
  });
});
