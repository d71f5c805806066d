import type { Context } from "../context";
import { badUserInput } from "./errors";
import { parseGlobalId } from "./global-id";
import type { Node } from "./node";

/**
 * How one type answers `node(id)`: load the object by its key, or null when it does not
 * exist OR the viewer may not see it (the two must look the same).
 */
export interface NodeSource {
  typeName: string;
  load(ctx: Context, key: string): Promise<Node | null>;
}

/** Routes global ids to the domain that owns their type. */
export class NodeDirectory {
  private readonly sources: Map<string, NodeSource>;

  constructor(sources: NodeSource[]) {
    this.sources = new Map(sources.map((source) => [source.typeName, source]));
  }

  /** @throws BAD_USER_INPUT when `id` is not a global id of any known type. */
  async fetch(ctx: Context, id: string): Promise<Node | null> {
    const decoded = parseGlobalId(id);
    const source = decoded && this.sources.get(decoded.typeName);
    if (!decoded || !source) throw badUserInput("id is not a valid global id.", "id");
    return source.load(ctx, decoded.key);
  }

  /** The names of the types this directory answers for. */
  typeNames(): string[] {
    return [...this.sources.keys()];
  }
}
