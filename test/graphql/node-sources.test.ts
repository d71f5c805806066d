import { isObjectType } from "graphql";
import { nodeDirectory } from "../../src/nodes";
import { buildBazaarSchema } from "../../src/schema";

/**
 * `node(id)` answers BAD_USER_INPUT for a type without a node source: a new type that
 * implements Node but is missing from src/nodes.ts would silently break refetching.
 */
test("every object type implementing Node has a node source, and every source a type", async () => {
  const schema = await buildBazaarSchema();
  const nodeTypes = Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && type.getInterfaces().some((iface) => iface.name === "Node"))
    .map((type) => type.name)
    .sort();
  expect(nodeTypes.length).toBeGreaterThan(0);
  expect(nodeDirectory.typeNames().sort()).toEqual(nodeTypes);
});
