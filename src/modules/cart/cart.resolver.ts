import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  ResolverInterface,
  Root,
} from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { Money } from "../../graphql/money";
import { selectionOf } from "../../graphql/selection";
import { primeProduct } from "../catalog/product-look-ahead";
import { ProductVariantType } from "../catalog/variant.type";
import { applicableRule } from "../discount/discount-validity";
import { discountOffSubtotal } from "../pricing/discount-rule";
import {
  AddToCartInput,
  ApplyDiscountCodeInput,
  RemoveCartLineInput,
  UpdateCartLineInput,
} from "./cart.inputs";
import { primeCart, selectedCartRelations } from "./cart-look-ahead";
import { CartLineType, CartType } from "./cart.type";

/** The fields CartResolver resolves on CartType: ResolverInterface checks each method against them. */
interface CartFields {
  lines: CartLineType[];
  totalQuantity: number;
  subtotal: Money;
  discountCode: string | null;
  discountTotal: Money;
}

@Resolver(() => CartType)
export class CartResolver implements ResolverInterface<CartType & CartFields> {
  @Query(() => CartType, {
    nullable: true,
    description: "A cart by id: a guest cart, or the caller's own (anyone else's is NOT_FOUND).",
  })
  async cart(
    @Arg("id", () => ID, { description: "The cart's id, from createCart." }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CartType> {
    const relations = selectedCartRelations(ctx, selectionOf(info));
    return CartType.from(
      primeCart(ctx, await ctx.services.carts.getCartWithRelations(ctx.request, id, relations)),
    );
  }

  @Mutation(() => CartType, {
    description:
      "A guest or the caller's cart; a logged-in caller gets their own cart (guest lines merged on login).",
  })
  async createCart(@Ctx() ctx: Context): Promise<CartType> {
    return CartType.from(await ctx.services.carts.createCart(ctx.request));
  }

  @Mutation(() => CartType, { description: "Adds units of a variant (to its line, if the cart has one)." })
  async addToCart(
    @Arg("input", () => AddToCartInput, { description: "The cart, the variant and how many." })
    input: AddToCartInput,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CartType> {
    const { cart, lines, variants, products } = await ctx.services.carts.addToCart(
      ctx.request,
      input,
      selectedCartRelations(ctx, selectionOf(info)).products,
    );
    // The write read the answer too: the field resolvers find it in the loaders.
    ctx.loaders.linesByCartId.clear(cart.id).prime(cart.id, lines);
    for (const variant of variants) ctx.loaders.variantById.prime(variant.id, variant);
    for (const product of products) primeProduct(ctx, product);
    return CartType.from(cart);
  }

  @Mutation(() => CartType, { description: "Sets the quantity of a line." })
  async updateCartLine(
    @Arg("input", () => UpdateCartLineInput, { description: "The cart, the line and its new quantity." })
    input: UpdateCartLineInput,
    @Ctx() ctx: Context,
  ): Promise<CartType> {
    return CartType.from(await ctx.services.carts.updateCartLine(ctx.request, input));
  }

  @Mutation(() => CartType, { description: "Removes a line." })
  async removeCartLine(
    @Arg("input", () => RemoveCartLineInput, { description: "The cart and the line to remove." })
    input: RemoveCartLineInput,
    @Ctx() ctx: Context,
  ): Promise<CartType> {
    return CartType.from(await ctx.services.carts.removeCartLine(ctx.request, input));
  }

  @Authorized()
  @Mutation(() => CartType, {
    description: "Moves a guest cart's lines into the signed-in customer's cart and returns that cart.",
  })
  async mergeCart(
    @Arg("cartId", () => ID, { description: "The guest cart to merge (it is emptied)." }) cartId: string,
    @Ctx() ctx: Context,
  ): Promise<CartType> {
    return CartType.from(await ctx.services.carts.mergeIntoCustomerCart(ctx.request, cartId));
  }

  @Mutation(() => CartType, {
    description:
      "Unknown, inactive, not yet started, ended, used up, or the subtotal below its minimum: BAD_USER_INPUT naming code. Replaces a code already applied.",
  })
  async applyDiscountCode(
    @Arg("input", () => ApplyDiscountCodeInput, { description: "The cart and the code." })
    input: ApplyDiscountCodeInput,
    @Ctx() ctx: Context,
  ): Promise<CartType> {
    return CartType.from(await ctx.services.carts.applyDiscountCode(ctx.request, input));
  }

  @Mutation(() => CartType, { description: "Takes the cart's discount code off (none: nothing changes)." })
  async removeDiscountCode(
    @Arg("cartId", () => ID, { description: "The cart." }) cartId: string,
    @Ctx() ctx: Context,
  ): Promise<CartType> {
    return CartType.from(await ctx.services.carts.removeDiscountCode(ctx.request, cartId));
  }

  @FieldResolver(() => [CartLineType], { description: "Lines, oldest first." })
  async lines(@Root() cart: CartType, @Ctx() ctx: Context): Promise<CartLineType[]> {
    return (await ctx.loaders.linesByCartId.load(cart.key)).map((row) => CartLineType.from(row));
  }

  @FieldResolver(() => Int, { description: "Units over all lines." })
  async totalQuantity(@Root() cart: CartType, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.linesByCartId.load(cart.key)).reduce((sum, line) => sum + line.quantity, 0);
  }

  @FieldResolver(() => Money, {
    description: "Sum of the lines at current prices, before discounts (and shipping and tax).",
  })
  async subtotal(@Root() cart: CartType, @Ctx() ctx: Context): Promise<Money> {
    return Money.of(await subtotalAmount(cart, ctx), ctx.currencyCode);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The discount code applied to this cart (at most one), as created, or null.",
  })
  async discountCode(@Root() cart: CartType, @Ctx() ctx: Context): Promise<string | null> {
    if (cart.discountCodeKey === null) return null;
    return (await ctx.loaders.discountCodeById.load(cart.discountCodeKey))?.code ?? null;
  }

  @FieldResolver(() => Money, {
    description:
      "What the applied code takes off the subtotal now (0 when none, or when it no longer applies; FREE_SHIPPING codes show 0 here).",
  })
  async discountTotal(@Root() cart: CartType, @Ctx() ctx: Context): Promise<Money> {
    const [subtotal, code] = await Promise.all([
      subtotalAmount(cart, ctx),
      cart.discountCodeKey === null ? null : ctx.loaders.discountCodeById.load(cart.discountCodeKey),
    ]);
    const rule = applicableRule(code, subtotal, new Date());
    return Money.of(discountOffSubtotal(rule, subtotal), ctx.currencyCode);
  }
}

/** Sum of the cart's lines at current prices, minor units (through the request's loaders). */
async function subtotalAmount(cart: CartType, ctx: Context): Promise<number> {
  const lines = await ctx.loaders.linesByCartId.load(cart.key);
  const variants = await Promise.all(lines.map((line) => ctx.loaders.variantById.load(line.variantId)));
  // Every line has its variant: the foreign key deletes lines with their variant.
  return lines.reduce((sum, line, i) => sum + variants[i]!.priceAmount * line.quantity, 0);
}

/** The fields CartLineResolver resolves on CartLineType: ResolverInterface checks each method against them. */
interface CartLineFields {
  variant: ProductVariantType;
  unitPrice: Money;
  lineTotal: Money;
}

@Resolver(() => CartLineType)
export class CartLineResolver implements ResolverInterface<CartLineType & CartLineFields> {
  @FieldResolver(() => ProductVariantType, { description: "The variant in this line." })
  async variant(@Root() line: CartLineType, @Ctx() ctx: Context): Promise<ProductVariantType> {
    return ProductVariantType.from((await ctx.loaders.variantById.load(line.variantKey))!, ctx.currencyCode);
  }

  @FieldResolver(() => Money, { description: "The variant's CURRENT price." })
  async unitPrice(@Root() line: CartLineType, @Ctx() ctx: Context): Promise<Money> {
    return Money.of((await ctx.loaders.variantById.load(line.variantKey))!.priceAmount, ctx.currencyCode);
  }

  @FieldResolver(() => Money, { description: "unitPrice × quantity." })
  async lineTotal(@Root() line: CartLineType, @Ctx() ctx: Context): Promise<Money> {
    return Money.of(
      (await ctx.loaders.variantById.load(line.variantKey))!.priceAmount * line.quantity,
      ctx.currencyCode,
    );
  }
}
