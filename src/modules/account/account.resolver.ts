import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import {
  ChangePasswordInput,
  LoginInput,
  RegisterInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
} from "./account.inputs";
import { AuthPayload } from "./auth-payload.type";
import { UserType } from "./user.type";

@Resolver()
export class AccountResolver {
  @Query(() => UserType, { nullable: true, description: "The signed-in user; null when anonymous." })
  async me(@Ctx() ctx: Context): Promise<UserType | null> {
    if (!ctx.request.viewer.userId) return null;
    const row = await ctx.loaders.userById.load(ctx.request.viewer.userId);
    return row && UserType.from(row);
  }

  @Mutation(() => AuthPayload, { description: "Creates a customer account and signs it in." })
  async register(
    @Arg("input", () => RegisterInput, { description: "The new account." }) input: RegisterInput,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return AuthPayload.from(await ctx.services.accounts.register(ctx.request, input));
  }

  @Mutation(() => AuthPayload, {
    description: "Wrong email or wrong password: the same UNAUTHENTICATED error, in the same time.",
  })
  async login(
    @Arg("input", () => LoginInput, { description: "Email and password." }) input: LoginInput,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return AuthPayload.from(await ctx.services.accounts.login(ctx.request, input));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Revokes the calling session." })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.accounts.logout(ctx.request);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Changes the password and signs out every other session." })
  changePassword(
    @Arg("input", () => ChangePasswordInput, { description: "The current password and the new one." })
    input: ChangePasswordInput,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.accounts.changePassword(ctx.request, input);
  }

  @Mutation(() => Boolean, { description: "Always true: never reveals whether the email exists." })
  requestPasswordReset(
    @Arg("input", () => RequestPasswordResetInput, { description: "The account's email." })
    input: RequestPasswordResetInput,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.passwordResets.request(ctx.request, input.email);
  }

  @Mutation(() => AuthPayload, {
    description: "Sets a new password with a one-time reset token; every other session ends.",
  })
  async resetPassword(
    @Arg("input", () => ResetPasswordInput, { description: "The emailed token and the new password." })
    input: ResetPasswordInput,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return AuthPayload.from(
      await ctx.services.passwordResets.reset(ctx.request, input.token, input.newPassword),
    );
  }
}
