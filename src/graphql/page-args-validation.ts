import { validateOrReject, type ValidationError, type ValidatorOptions } from "class-validator";
import { ArgumentValidationError } from "type-graphql";
import { maxPageSize, type ConnectionArgs } from "./connection";

/** How class-validator checks every argument (`buildSchema`'s `validate` setting). */
export const validatorSettings = {
  forbidUnknownValues: false,
  stopAtFirstError: true,
} satisfies ValidatorOptions;

/**
 * Validates the `first`/`after` of a connection field that repeats per parent (a listing of
 * 24 products asks for 24 review pages): class-validator costs far more than the check. A
 * page size within bounds, or none, passes at once; anything else goes through
 * class-validator exactly as type-graphql would, so every error stays the same.
 */
export async function validatePageArgs(args: ConnectionArgs): Promise<void> {
  const first = args.first;
  if (
    first === undefined ||
    first === null ||
    (Number.isInteger(first) && first >= 1 && first <= maxPageSize)
  )
    return;
  try {
    // type-graphql's own additions to the settings.
    await validateOrReject(args, { ...validatorSettings, skipMissingProperties: true });
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}
