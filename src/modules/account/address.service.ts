import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { badUserInput, notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import type { AddressInput } from "./account.inputs";
import { normalizeAddress } from "./address-normalize";
import type { AddressRow } from "./address.type";

/** An address book is for shipping, not storage: a bound keeps one account from filling the table. */
export const maxAddressesPerUser = 50;

/** The signed-in customer's address book. */
export class AddressService {
  constructor(private readonly prisma: PrismaClient) {}

  async add(ctx: RequestContext, input: AddressInput): Promise<AddressRow> {
    const userId = ctx.viewer.userId!;
    const count = await this.prisma.address.count({ where: { userId } });
    if (count >= maxAddressesPerUser) {
      throw badUserInput(`An address book holds at most ${maxAddressesPerUser} addresses; delete one first.`);
    }
    return this.prisma.address.create({ data: { userId, ...normalizeAddress(input) } });
  }

  /** Deletes one of the viewer's addresses; another customer's id is NOT_FOUND, as if absent. */
  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const key = keyFromGlobalId(id, "Address", "id");
    const { count } = await this.prisma.address.deleteMany({
      where: { id: key, userId: ctx.viewer.userId! },
    });
    if (count === 0) throw notFound("Address");
    return true;
  }
}
