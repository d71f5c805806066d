// The module object itself (not a namespace copy), so a spy on it is what src calls.
import crypto from "node:crypto";
import { WebhookRejectedError } from "../../src/modules/payment/payment-gateway";
import {
  signatureHeader,
  signWebhook,
  verifyWebhookSignature,
} from "../../src/modules/payment/webhook-signature";

/** `Bazaar-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`, checked within a window. */

const secret = "whsec_unit";
const body = Buffer.from(
  JSON.stringify({
    id: "evt_1",
    type: "payment.succeeded",
    providerRef: "pi_1",
    amount: 1999,
    currencyCode: "USD",
  }),
);
const now = Date.UTC(2030, 0, 1, 12, 0, 0);
const tolerance = 300;

function verify(
  header: string | undefined,
  options: { body?: Buffer; secret?: string; at?: number } = {},
): void {
  verifyWebhookSignature(
    options.secret ?? secret,
    header,
    options.body ?? body,
    tolerance,
    options.at ?? now,
  );
}

/** The rejection's message, or "accepted". */
function outcome(run: () => void): string {
  try {
    run();
    return "accepted";
  } catch (error) {
    // Every refusal must be a WebhookRejectedError: the route answers only those with 400.
    expect(error).toBeInstanceOf(WebhookRejectedError);
    return (error as Error).message;
  }
}

afterEach(() => {
  jest.restoreAllMocks();
});

test("the header name is lower-case, as Node presents incoming headers", () => {
  expect(signatureHeader).toBe("bazaar-signature");
});

test("signWebhook writes t (whole seconds) and v1 = HMAC-SHA256(secret, t.body), recomputed independently", () => {
  const header = signWebhook(secret, body, now + 999);
  const t = Math.floor(now / 1000);
  const expected = crypto
    .createHmac("sha256", secret)
    .update(`${t}.${body.toString("utf8")}`)
    .digest("hex");
  expect(header).toBe(`t=${t},v1=${expected}`);
  // A string body signs the same as its bytes.
  expect(signWebhook(secret, body.toString("utf8"), now)).toBe(header);
});

test("a fresh signature round-trips; spaces after the comma are tolerated", () => {
  const header = signWebhook(secret, body, now);
  expect(outcome(() => verify(header))).toBe("accepted");
  expect(outcome(() => verify(header.replace(",", ", ")))).toBe("accepted");
  expect(outcome(() => verify(header.split(",").reverse().join(",")))).toBe("accepted");
});

test.each([
  ["signed just now", 0, "accepted"],
  ["exactly the tolerance ago", -tolerance, "accepted"],
  ["one second past the tolerance", -(tolerance + 1), "timestamp outside the tolerance window"],
  ["an hour ago", -3600, "timestamp outside the tolerance window"],
  ["exactly the tolerance ahead", tolerance, "accepted"],
  ["one second too far in the future", tolerance + 1, "timestamp outside the tolerance window"],
])("timestamp %s (%d s) → %s", (_label, offsetSeconds, expected) => {
  const header = signWebhook(secret, body, now + offsetSeconds * 1000);
  expect(outcome(() => verify(header))).toBe(expected);
});

test("a tampered body, a wrong secret, or a changed timestamp is a signature mismatch", () => {
  const header = signWebhook(secret, body, now);
  const tampered = Buffer.from(body.toString("utf8").replace("1999", "1"));
  expect(outcome(() => verify(header, { body: tampered }))).toBe("signature mismatch");
  expect(outcome(() => verify(header, { body: Buffer.concat([body, Buffer.from(" ")]) }))).toBe(
    "signature mismatch",
  );
  expect(outcome(() => verify(header, { secret: "whsec_other" }))).toBe("signature mismatch");
  const t = Math.floor(now / 1000);
  expect(outcome(() => verify(header.replace(`t=${t}`, `t=${t + 1}`)))).toBe("signature mismatch");
  // A stale delivery cannot be freshened by editing t: the signature covers it.
  const old = signWebhook(secret, body, now - 3600_000);
  expect(outcome(() => verify(old.replace(/t=\d+/, `t=${t}`)))).toBe("signature mismatch");
});

test.each([
  ["missing", undefined],
  ["empty", ""],
  ["no v1", "t=1893499200"],
  ["no t", `v1=${"a".repeat(64)}`],
  ["t not a number", `t=abc,v1=${"a".repeat(64)}`],
  ["t fractional", `t=1893499200.5,v1=${"a".repeat(64)}`],
  ["v1 too short (63)", `t=1893499200,v1=${"a".repeat(63)}`],
  ["v1 too long (66)", `t=1893499200,v1=${"a".repeat(66)}`],
  ["v1 not hex", `t=1893499200,v1=${"g".repeat(64)}`],
  ["v1 empty", "t=1893499200,v1="],
  ["another scheme only", `t=1893499200,v0=${"a".repeat(64)}`],
])("a malformed header (%s) is rejected before any comparison", (_label, header) => {
  const compare = jest.spyOn(crypto, "timingSafeEqual");
  expect(outcome(() => verify(header))).toBe("malformed signature header");
  expect(compare).not.toHaveBeenCalled();
});

test("well-formed signatures are compared with timingSafeEqual over equal-length buffers", () => {
  const compare = jest.spyOn(crypto, "timingSafeEqual");
  const header = signWebhook(secret, body, now);
  verify(header);
  const wrong = header.replace(/v1=./, (match) => (match.endsWith("0") ? "v1=1" : "v1=0"));
  expect(outcome(() => verify(wrong))).toBe("signature mismatch");
  expect(compare).toHaveBeenCalledTimes(2);
  for (const [a, b] of compare.mock.calls) {
    expect([a.byteLength, b.byteLength]).toEqual([32, 32]);
  }
});

test("a wrong-length signature never reaches the comparison (which would throw a RangeError, not a rejection)", () => {
  const compare = jest.spyOn(crypto, "timingSafeEqual");
  const header = signWebhook(secret, body, now);
  for (const v1 of [header.slice(0, -2), `${header}ab`]) {
    expect(outcome(() => verify(v1))).toBe("malformed signature header");
  }
  expect(compare).not.toHaveBeenCalled();
  // (Node's own RangeError, from another realm than the test's: matched by message.)
  expect(() => crypto.timingSafeEqual(Buffer.alloc(32), Buffer.alloc(31))).toThrow(/same byte length/);
});
