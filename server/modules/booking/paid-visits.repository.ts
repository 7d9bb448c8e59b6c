import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { appointments, clinics, orderItems } from "../../db/schema/index.ts";

/**
 * Ends a paid visit's hold, once: confirmed (paid) or cancelled (its order expired), the hold's
 * end cleared in the same statement (the hold check ties the two). Null when it is not held.
 */
export async function endHold(
  tx: Db,
  appointmentId: string,
  to: "confirmed" | "cancelled",
  at: Date,
  cancelReason: string | null = null,
) {
  const [row] = await tx
    .update(appointments)
    .set({ status: to, holdExpiresAt: null, updatedAt: at, cancelReason })
    .where(and(eq(appointments.id, appointmentId), eq(appointments.status, "awaiting_payment")))
    .returning({ clientId: appointments.clientId, slotId: appointments.slotId });
  return row ?? null;
}

export async function findClinicCutoff(db: Db, clinicId: string): Promise<number | null> {
  const [row] = await db
    .select({ hours: clinics.cancellationCutoffHours })
    .from(clinics)
    .where(eq(clinics.id, clinicId));
  return row?.hours ?? null;
}

/**
 * Whether the appointment was paid in the app: it has an order item (the shop's table, read here
 * as decision 0013 allows, so that booking needs no import of the shop).
 */
export async function isPrepaid(db: Db, appointmentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: orderItems.id })
    .from(orderItems)
    .where(eq(orderItems.appointmentId, appointmentId))
    .limit(1);
  return row !== undefined;
}

/** The order that paid each of these appointments in the app, by appointment id. */
export async function listPrepaidOrders(db: Db, appointmentIds: string[]) {
  if (appointmentIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ appointmentId: orderItems.appointmentId, orderId: orderItems.orderId })
    .from(orderItems)
    .where(inArray(orderItems.appointmentId, appointmentIds));
  return new Map(
    rows.flatMap((row) => (row.appointmentId ? [[row.appointmentId, row.orderId]] : [])),
  );
}
