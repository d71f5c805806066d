import { GraphQLScalarType, Kind } from "graphql";
import { badUserInput } from "./errors";

function parseDateTime(value: unknown): Date {
  if (typeof value !== "string") throw badUserInput("DateTime must be an ISO-8601 string.");
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badUserInput(`"${value}" is not an ISO-8601 date-time.`);
  return date;
}

/** ISO-8601 in UTC. Named `DateTime` as the public schema has it (type-graphql's is `DateTimeISO`). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "ISO-8601 date-time in UTC, e.g. 2026-11-25T07:00:00.000Z",
  serialize(value) {
    if (!(value instanceof Date)) throw new TypeError("DateTime can only serialize Date values");
    return value.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badUserInput("DateTime must be an ISO-8601 string.");
    return parseDateTime(ast.value);
  },
});

const decimalPattern = /^-?\d{1,15}(\.\d{1,15})?$/;

function parseDecimal(value: unknown): string {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || !decimalPattern.test(text.trim())) {
    throw badUserInput(`${JSON.stringify(value)} is not a decimal number such as "19.99".`);
  }
  return text.trim();
}

/**
 * Exact decimals as strings ("19.99"), never floats. Inputs stay strings: each use decides
 * its own precision (money is converted to integer minor units by the money module).
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description: 'A decimal number as a string, e.g. "19.99" (never a float)',
  serialize(value) {
    if (typeof value !== "string") throw new TypeError("Decimal can only serialize strings");
    return value;
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) {
      throw badUserInput('Decimal must be a string such as "19.99".');
    }
    return parseDecimal(ast.value);
  },
});
