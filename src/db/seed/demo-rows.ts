import type { DiscountType, OrderStatus, Role } from "../../generated/prisma/enums";
import type { NormalizedAddress } from "../../modules/account/address-normalize";

/**
 * The demo shop as plain rows, every column spelled out (ids included) so the generator
 * stays pure and the rows go to `createMany` unchanged. Aliases rather than interfaces
 * where a row is stored as JSON: only aliases satisfy Prisma's JSON input type.
 */

export type VariantOption = { name: string; value: string };

/** An order's address as checkout stores it. */
export type ShippingAddressSnapshot = NormalizedAddress;

export interface CategoryRow {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  position: number;
  createdAt: Date;
}

export interface ProductRow {
  id: string;
  name: string;
  slug: string;
  description: string;
  imageUrls: string[];
  categoryId: string;
  minPriceAmount: number;
  maxPriceAmount: number;
  inStock: boolean;
  ratingCount: number;
  ratingSum: number;
  ratingAverage: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface VariantRow {
  id: string;
  productId: string;
  sku: string;
  name: string;
  options: VariantOption[];
  priceAmount: number;
  quantityAvailable: number;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A user before hashing: the seed hashes `password` into `passwordHash` as it writes. */
export interface UserSeed {
  id: string;
  email: string;
  name: string;
  password: string;
  roles: Role[];
  createdAt: Date;
  updatedAt: Date;
}

export type AddressRow = ShippingAddressSnapshot & {
  id: string;
  userId: string;
  createdAt: Date;
};

export interface OrderRow {
  id: string;
  status: OrderStatus;
  email: string;
  userId: string;
  currencyCode: string;
  subtotalAmount: number;
  shippingAmount: number;
  totalAmount: number;
  shippingAddress: ShippingAddressSnapshot;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderLineRow {
  id: string;
  orderId: string;
  variantId: string;
  productId: string;
  productName: string;
  sku: string;
  quantity: number;
  unitPriceAmount: number;
  lineTotalAmount: number;
  position: number;
}

export interface ReviewRow {
  id: string;
  productId: string;
  userId: string;
  rating: number;
  title: string;
  body: string;
  authorName: string;
  createdAt: Date;
}

/** `value` in the units of DiscountCode.value (see prisma/schema.prisma). */
export interface DiscountCodeRow {
  id: string;
  code: string;
  type: DiscountType;
  value: number;
  minimumSubtotalAmount: number | null;
  usageLimitPerCustomer: number | null;
  createdAt: Date;
  updatedAt: Date;
}
