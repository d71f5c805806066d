import { IsISO31661Alpha2, IsOptional, Length, Matches, MaxLength, ValidateIf } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { passwordLength } from "../../auth/passwords";

const passwordRule = `between ${passwordLength.min} and ${passwordLength.max} characters`;
const notBlank = /\S/;

/** Emails are checked and normalised by the service (trimmed first), so only length here. */
const emailMaxLength = 254;

@InputType({ description: "A new customer account." })
export class RegisterInput {
  @Field({ description: "Sign-in email; normalised (trimmed, lower-cased, Unicode NFKC)." })
  @MaxLength(emailMaxLength)
  email: string;

  @Field({ description: `Password, ${passwordRule}.` })
  @Length(passwordLength.min, passwordLength.max, { message: `password must be ${passwordRule}` })
  password: string;

  @Field({ description: "Display name, 1 to 100 characters." })
  @Length(1, 100)
  @Matches(notBlank, { message: "name must not be blank" })
  name: string;

  @Field(() => ID, { nullable: true, description: "A guest cart to take over as the new customer's cart." })
  cartId?: string | null;
}

@InputType({ description: "Credentials for a new session." })
export class LoginInput {
  @Field()
  @MaxLength(emailMaxLength)
  email: string;

  @Field()
  @MaxLength(passwordLength.max, { message: `password must be ${passwordRule}` })
  password: string;

  @Field(() => ID, { nullable: true, description: "A guest cart whose lines merge into the customer's cart." })
  cartId?: string | null;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @MaxLength(passwordLength.max, { message: `currentPassword must be ${passwordRule}` })
  currentPassword: string;

  @Field({ description: `The new password, ${passwordRule}.` })
  @Length(passwordLength.min, passwordLength.max, { message: `newPassword must be ${passwordRule}` })
  newPassword: string;
}

@InputType()
export class RequestPasswordResetInput {
  @Field()
  @MaxLength(emailMaxLength)
  email: string;
}

@InputType()
export class ResetPasswordInput {
  @Field({ description: "The one-time token from the reset email." })
  @MaxLength(200)
  token: string;

  @Field({ description: `The new password, ${passwordRule}.` })
  @Length(passwordLength.min, passwordLength.max, { message: `newPassword must be ${passwordRule}` })
  newPassword: string;
}

@InputType({ description: "A postal address." })
export class AddressInput {
  @Field()
  @Length(1, 200)
  @Matches(notBlank, { message: "fullName must not be blank" })
  fullName: string;

  @Field()
  @Length(1, 200)
  @Matches(notBlank, { message: "line1 must not be blank" })
  line1: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  line2?: string | null;

  @Field()
  @Length(1, 100)
  @Matches(notBlank, { message: "city must not be blank" })
  city: string;

  @Field()
  @Length(1, 20)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, { message: "postalCode may hold letters, digits, spaces and dashes" })
  postalCode: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  region?: string | null;

  @Field({ description: "ISO 3166-1 alpha-2, e.g. DE" })
  @IsISO31661Alpha2({ message: "country must be an ISO 3166-1 alpha-2 code such as DE" })
  country: string;

  @Field(() => String, { nullable: true })
  // Blank means "no phone" (stored as null), like the other optional parts.
  @ValidateIf((address: AddressInput) => typeof address.phone === "string" && address.phone.trim() !== "")
  @Matches(/^\+?[0-9 ()./-]{4,30}$/, { message: "phone must be a phone number" })
  phone?: string | null;
}
