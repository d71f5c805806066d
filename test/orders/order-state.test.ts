import { GraphQLError } from "graphql";
import {
  nextStatus,
  requireNextStatus,
  returnsStock,
  type OrderEvent,
} from "../../src/modules/order/order-state";
import type { OrderStatus } from "./order-flows";

/** The lifecycle, written out independently of src: every (status, event) pair not listed is illegal. */
const legal: Record<string, OrderStatus> = {
  "PENDING_PAYMENT PAYMENT_SUCCEEDED": "PAID",
  "PENDING_PAYMENT CANCEL": "CANCELLED",
  "PAID FULFIL": "FULFILLED",
  "PAID REFUND": "REFUNDED",
};

const statuses: OrderStatus[] = ["PENDING_PAYMENT", "PAID", "FULFILLED", "CANCELLED", "REFUNDED"];
const events: OrderEvent[] = ["PAYMENT_SUCCEEDED", "FULFIL", "CANCEL", "REFUND"];
const pairs = statuses.flatMap((from) => events.map((event): [OrderStatus, OrderEvent] => [from, event]));
const legalPairs = pairs.filter(([from, event]) => legal[`${from} ${event}`] !== undefined);
const illegalPairs = pairs.filter(([from, event]) => legal[`${from} ${event}`] === undefined);

test("the table covers every pair: 4 legal, 16 illegal", () => {
  expect([legalPairs.length, illegalPairs.length]).toEqual([4, 16]);
});

describe.each(legalPairs)("%s + %s (legal)", (from, event) => {
  const to = legal[`${from} ${event}`];

  test(`nextStatus moves to ${to}`, () => {
    expect(nextStatus(from, event)).toBe(to);
  });

  test("requireNextStatus agrees", () => {
    expect(requireNextStatus(from, event)).toBe(to);
  });
});

describe.each(illegalPairs)("%s + %s (illegal)", (from, event) => {
  test("nextStatus is null", () => {
    expect(nextStatus(from, event)).toBeNull();
  });

  test("requireNextStatus throws CONFLICT naming the status", () => {
    let thrown: unknown;
    try {
      requireNextStatus(from, event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions.code).toBe("CONFLICT");
    expect((thrown as GraphQLError).message).toContain(from);
  });
});

test("final states accept no event at all", () => {
  for (const from of ["FULFILLED", "CANCELLED", "REFUNDED"] as const) {
    expect(events.map((event) => nextStatus(from, event))).toEqual([null, null, null, null]);
  }
});

test("only CANCEL and REFUND return stock", () => {
  expect(events.filter(returnsStock).sort()).toEqual(["CANCEL", "REFUND"]);
});
