import { z } from "zod";

/** The signed-in client as the cabinet sees them. */
export const clientProfileSchema = z
  .object({
    id: z.uuid(),
    phone: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
    email: z.string(),
  })
  .meta({ id: "ClientProfile" });

export const clientSessionSchema = z
  .object({ client: clientProfileSchema })
  .meta({ id: "ClientSession" });

export type ClientProfile = z.infer<typeof clientProfileSchema>;
export type ClientSession = z.infer<typeof clientSessionSchema>;
