import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { lazyModule } from "../../../lazy.ts";
import { renderSandboxPaymentPage, renderUnknownPaymentPage } from "./sandbox-page.ts";
import { SANDBOX_PAGE_PREFIX, type SandboxPaymentProvider } from "./sandbox-payment-provider.ts";

const loadQrCode = lazyModule(async () => (await import("qrcode")).default);

// Any string: an id that is not a payment's gets the page's own Russian message, not a 400.
const params = z.object({ id: z.string().max(64) });

/**
 * The sandbox's payment page, as a provider's hosted page would be: plain HTML and forms, no
 * script. Registered only while the sandbox is the provider (with ЮKassa the paths are 404).
 */
export const sandboxPageRoutes: FastifyPluginAsyncZod<{
  provider: SandboxPaymentProvider;
}> = async (app, { provider }) => {
  // The page's forms carry no fields: their body is read and ignored (only inside this plugin).
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 1024 },
    (_request, _body, done) => done(null, {}),
  );

  app.get(
    `${SANDBOX_PAGE_PREFIX}/:id`,
    { schema: { hide: true, params } },
    async (request, reply) => {
      const payment = await provider.findPayment(request.params.id);
      reply.type("text/html; charset=utf-8").header("cache-control", "no-store");
      if (!payment) return reply.code(404).send(renderUnknownPaymentPage());
      // The QR encodes the page's own address: scanning it on a phone opens this payment.
      const sbpQrDataUrl =
        payment.method === "sbp" && payment.status === "pending"
          ? await (await loadQrCode()).toDataURL(
              `${new URL(payment.returnUrl).origin}${SANDBOX_PAGE_PREFIX}/${payment.id}`,
              { margin: 1, width: 220 },
            )
          : null;
      return reply.send(renderSandboxPaymentPage(payment, { sbpQrDataUrl }));
    },
  );

  for (const action of ["pay", "decline"] as const) {
    app.post(
      `${SANDBOX_PAGE_PREFIX}/:id/${action}`,
      { schema: { hide: true, params } },
      async (request, reply) => {
        const changed = await provider[action](request.params.id);
        const payment = changed ?? (await provider.findPayment(request.params.id));
        if (!payment) {
          return reply.code(404).type("text/html; charset=utf-8").send(renderUnknownPaymentPage());
        }
        // Back to the shop's return page, which asks the shop (and it the provider) for the state.
        if (changed) return reply.redirect(payment.returnUrl, 303);
        return reply.redirect(`${SANDBOX_PAGE_PREFIX}/${payment.id}`, 303);
      },
    );
  }
};
