import type { StaffProductFragment } from "../../../client";
import { accountWithRoles, registerOk, staffAccount } from "../../helpers/accounts";
import {
  archiveProduct,
  createCategory,
  createProduct,
  createProductOk,
  updateProduct,
  updateVariant,
} from "../../helpers/catalog";
import { describeStaffOperations, type CallAs } from "../../helpers/authorization";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
let staff: string;
let admin: string;
let customer: string;
let product: StaffProductFragment;

beforeAll(async () => {
  [staff, admin, customer] = [
    (await staffAccount(t)).token,
    (await accountWithRoles(t, ["ADMIN"])).token,
    (await registerOk(t)).token,
  ];
  product = await createProductOk(t, staff, { name: "Guarded Product" });
});

/** Each staff mutation, called as `token`; every call is valid input, so only the caller decides. */
const mutations: Record<string, CallAs> = {
  createProduct: (token) => createProduct(t, token, { name: "Any Product" }),
  updateProduct: (token) => updateProduct(t, token, { id: product.id, description: "Changed." }),
  archiveProduct: (token) => archiveProduct(t, token, product.id),
  updateVariant: (token) => updateVariant(t, token, { id: product.variants[0]!.id, quantityAvailable: 9 }),
  createCategory: (token) => createCategory(t, token, { name: "Any Category" }),
};

describeStaffOperations(mutations, () => ({ staff, admin, customer }));

test("refused calls change nothing", async () => {
  const row = await t.db.prisma.product.findFirstOrThrow({ where: { slug: product.slug } });
  // Only the staff and admin calls above wrote: the description, and stock 9.
  expect(row.description).toBe("Changed.");
  expect(await t.db.prisma.product.count({ where: { name: "Any Product" } })).toBe(2);
  expect(await t.db.prisma.category.count({ where: { name: "Any Category" } })).toBe(2);
});
