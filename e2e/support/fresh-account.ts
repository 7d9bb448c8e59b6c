import { randomInt } from "node:crypto";

/** The 6-digit code in the newest message to a phone or an address, read from the dev outbox. */
export async function outboxCode(
  base: string,
  query: "phone" | "email",
  to: string,
): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const res = await fetch(`${base}/api/dev/outbox?${query}=${encodeURIComponent(to)}`);
    const messages = (await res.json()) as { text: string }[];
    const code = messages[0] ? /\b(\d{6})\b/.exec(messages[0].text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no code in the outbox for ${to}`);
}

export interface FreshPerson {
  lastName: string;
  firstName: string;
  patronymic: string;
  /** dd.mm.yyyy, as the registration form takes it. */
  birthDate: string;
}

/**
 * A fresh account registered through the API (code, verification, the form with every document
 * accepted), so that a spec changing an account leaves the demo client's data as others expect.
 */
export async function registerFreshAccount(
  base: string,
  person: FreshPerson,
  password: string,
): Promise<{ phone: string; password: string }> {
  const phone = `+79${String(randomInt(100_000_000, 999_999_999))}`;
  const headers = { "content-type": "application/json", origin: base };
  await fetch(`${base}/api/auth/registration/code`, {
    method: "POST",
    headers,
    body: JSON.stringify({ phone }),
  });
  const verified = await fetch(`${base}/api/auth/registration/verify`, {
    method: "POST",
    headers,
    body: JSON.stringify({ phone, code: await outboxCode(base, "phone", phone) }),
  });
  const { ticket } = (await verified.json()) as { ticket: string };
  const documents = (await (await fetch(`${base}/api/legal/documents`)).json()) as {
    documents: { slug: string; version: number }[];
  };
  const registered = await fetch(`${base}/api/auth/registration`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      ticket,
      ...person,
      email: `fresh.${randomInt(1e9)}@example.ru`,
      password,
      acceptedDocuments: documents.documents.map(({ slug, version }) => ({ slug, version })),
    }),
  });
  if (registered.status !== 201) {
    throw new Error(`registration answered ${registered.status}: ${await registered.text()}`);
  }
  return { phone, password };
}
