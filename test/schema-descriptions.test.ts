import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLNamedType,
} from "graphql";
import { buildBazaarSchema } from "../src/schema";

/**
 * Clients learn the API from the schema (Sandbox, GraphiQL, editors, the SDK's hover docs):
 * every coordinate a client can name must say what it is for.
 */
function undescribed(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  const blank = (description: string | null | undefined): boolean => !description?.trim();
  const args = (coordinate: string, list: readonly GraphQLArgument[]): void => {
    for (const arg of list) if (blank(arg.description)) missing.push(`${coordinate}(${arg.name}:)`);
  };
  if (blank(type.description)) missing.push(type.name);
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
      args(`${type.name}.${field.name}`, field.args);
    }
  } else if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields()))
      if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
  } else if (isEnumType(type)) {
    for (const value of type.getValues())
      if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

test("every type, field, argument and enum value of the schema has a description", async () => {
  const schema = await buildBazaarSchema();
  const types = Object.values(schema.getTypeMap()).filter(
    (type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type),
  );
  expect(types.flatMap(undescribed)).toEqual([]);
});
