import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { sendNextReminderNow } from "../notifications/index.ts";

/**
 * POST /api/dev/appointments/:id/reminder: the appointment's next reminder sent now, as it
 * would go at its own moment, through the same dispatcher (the client's channels and quiet
 * hours apply). Reminders fall due a day or two hours before a visit, so without this a test
 * could never see one; like the outbox it answers only while no real SMS or e-mail provider is
 * configured, and it can only send what the client would get anyway, earlier.
 */
export const devReminderRoutes: FastifyPluginAsyncZod<{ enabled: boolean }> = async (
  app,
  { enabled },
) => {
  app.addHook("onRequest", async () => {
    if (!enabled) {
      throw new NotFoundError(
        "Напоминания вручную отправляются, только пока SMS и письма не отправляются.",
      );
    }
  });

  app.post(
    "/dev/appointments/:id/reminder",
    {
      schema: {
        tags: ["dev"],
        summary:
          "Отправить следующее напоминание о записи сейчас (пока SMS и письма не отправляются)",
        params: z.object({ id: z.uuid({ error: "Неверный номер записи" }) }),
        response: {
          200: z.object({ kind: z.enum(["day_before", "two_hours_before"]) }),
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
        hide: !enabled,
      },
    },
    async (request) => {
      const kind = await sendNextReminderNow(
        { db: app.database.db, notifier: app.notifier, publicOrigin: app.config.publicOrigin },
        request.params.id,
      );
      if (!kind) {
        throw new ConflictError(
          "У этой записи не осталось напоминаний: её нет, она отменена или до приёма меньше двух часов.",
        );
      }
      return { kind };
    },
  );
};
