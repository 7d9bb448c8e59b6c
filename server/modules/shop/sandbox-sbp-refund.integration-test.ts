import { beforeAll, describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  type Buyer,
  certificateOrder,
  createBuyer,
  createProgramForSale,
  getOrder,
  postOrder,
  pressSandboxButton,
  sandboxPaymentId,
} from "./shop-test-fixtures.ts";

// The bank's «next day» is two seconds here, so the settling comes from the sandbox's own
// queued notification, long before its minutely upkeep would run.
const t = setupTestApp({ env: { PAYMENTS_SANDBOX_SBP_REFUND_SECONDS: "2" } });

let buyer: Buyer;
let programId: string;

beforeAll(async () => {
  buyer = await createBuyer(t.app, t.database.db);
  programId = (await createProgramForSale(t.database.db)).id;
});

describe("the sandbox's SBP refund", () => {
  it("is settled and told to the shop when its time comes, without the upkeep", async () => {
    const placed = await postOrder(
      t.app,
      buyer,
      await certificateOrder(t.app, programId, { method: "sbp" }),
    );
    expect(placed.statusCode, placed.body).toBe(201);
    const { orderId, confirmationUrl } = placed.json();
    await pressSandboxButton(t.app, sandboxPaymentId(confirmationUrl), "pay");
    await t.app.shop.whenNotified();
    const refund = await t.app.inject({
      method: "POST",
      url: `/api/orders/${orderId}/refund`,
      cookies: { rms_session: buyer.cookie },
    });
    expect(refund.json()).toMatchObject({ status: "paid", refunds: [{ status: "pending" }] });

    let order = (await getOrder(t.app, buyer, orderId)).json();
    for (let tries = 0; tries < 100 && order.status !== "refunded"; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      order = (await getOrder(t.app, buyer, orderId)).json();
    }
    expect(order).toMatchObject({ status: "refunded", refunds: [{ status: "succeeded" }] });
  });
});
