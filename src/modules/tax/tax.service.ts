import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { isUniqueViolation } from "../../db/errors";
import { transactionOf, type Transactions } from "../../db/transactions";
import { conflict, notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { recordCreation, recordUpdate } from "../audit/record-audit";
import { formatPercent, parsePercent } from "../pricing/percent";
import type { CreateTaxClassInput, SetTaxRateInput } from "./tax.inputs";
import { taxClassSelect, type TaxClassRow } from "./tax-class.type";

/** Staff administration of tax classes and their rates. */
export class TaxService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
  ) {}

  /** Every class, the default first, then by name. */
  listTaxClasses(_ctx: RequestContext): Promise<TaxClassRow[]> {
    return this.prisma.taxClass.findMany({
      select: taxClassSelect,
      orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    });
  }

  /** A new class; a new default takes the place of the previous one. */
  async createTaxClass(ctx: RequestContext, input: CreateTaxClassInput): Promise<TaxClassRow> {
    const name = input.name.trim();
    const isDefault = input.isDefault ?? false;
    try {
      return await this.transactions.withTransaction(ctx, async (ctx) => {
        const tx = transactionOf(ctx);
        if (await tx.taxClass.findUnique({ where: { name }, select: { id: true } }))
          throw conflict(`A tax class named "${name}" already exists.`, "name");
        if (input.isDefault)
          await tx.taxClass.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
        const taxClass = await tx.taxClass.create({ data: { name, isDefault }, select: taxClassSelect });
        await recordCreation(
          ctx,
          "tax_class.create",
          { type: "TaxClass", key: taxClass.id },
          { name, isDefault },
        );
        return taxClass;
      });
    } catch (error) {
      if (isUniqueViolation(error, "name"))
        throw conflict(`A tax class named "${name}" was created meanwhile.`, "name");
      if (isUniqueViolation(error))
        throw conflict("Another default tax class was set meanwhile; try again.", "isDefault");
      throw error;
    }
  }

  /** Creates or replaces the class's rate for the country (and region), and records what it replaced. */
  async setTaxRate(ctx: RequestContext, input: SetTaxRateInput): Promise<TaxClassRow> {
    const taxClassId = keyFromGlobalId(input.taxClassId, "TaxClass", "taxClassId");
    const rateBasisPoints = parsePercent(input.rate, "rate", { min: 0, max: 100 });
    const country = input.country.toUpperCase();
    const region = input.region?.trim().toUpperCase() ?? null;
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      // Rate changes of one class queue on its row, so each audit entry's "from" is the rate it replaced.
      const [locked] = await tx.$queryRaw<unknown[]>`
        SELECT id FROM tax_classes WHERE id = ${taxClassId}::uuid FOR UPDATE`;
      if (!locked) throw notFound("Tax class");
      const [replaced] = await tx.$queryRaw<{ rate: number }[]>`
        SELECT rate_basis_points AS rate FROM tax_rates
        WHERE tax_class_id = ${taxClassId}::uuid AND country = ${country}
          AND coalesce(region, '') = coalesce(${region}::text, '')`;
      // The unique index is on coalesce(region, ''), which Prisma's upsert cannot target.
      await tx.$executeRaw`
        INSERT INTO tax_rates (tax_class_id, country, region, rate_basis_points, updated_at)
        VALUES (${taxClassId}::uuid, ${country}, ${region}, ${rateBasisPoints}, now())
        ON CONFLICT (tax_class_id, country, (coalesce(region, '')))
        DO UPDATE SET rate_basis_points = EXCLUDED.rate_basis_points, updated_at = now()`;
      const taxClass = await tx.taxClass.findUniqueOrThrow({
        where: { id: taxClassId },
        select: taxClassSelect,
      });
      const previous = replaced?.rate ?? null;
      // A field per place: "rates.DE", "rates.US-NY".
      const field = `rates.${region === null ? country : `${country}-${region}`}`;
      await recordUpdate(
        ctx,
        "tax_rate.set",
        { type: "TaxClass", key: taxClassId },
        { [field]: previous === null ? null : formatPercent(previous) },
        { [field]: formatPercent(rateBasisPoints) },
      );
      return taxClass;
    });
  }
}
