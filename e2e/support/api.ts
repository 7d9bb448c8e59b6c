/** The value of a Set-Cookie header's cookie, to call the API as that session. */
export function sessionCookie(res: Response, name: string): string {
  const header = res.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  if (!header) throw new Error(`no ${name} cookie: ${res.status}`);
  return header.split(";")[0] ?? "";
}

/**
 * Calls the test server's API as a browser on the same site would (with its Origin), as the
 * session of `cookie` when given. Arranges what a spec needs without clicking through it.
 */
export function apiRequest(
  base: string,
  path: string,
  init: { method?: string; cookie?: string; body?: unknown } = {},
): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: {
      // A POST without a body (take, cancel) sends no JSON type: Fastify refuses an empty JSON body.
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      origin: base,
      ...(init.cookie ? { cookie: init.cookie } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
