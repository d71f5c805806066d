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
  @Field({ description: "Sign-in email (normalised as at registration)." })
  @MaxLength(emailMaxLength)
  email: string;

  @Field({ description: "The account's password." })
  @MaxLength(passwordLength.max, { message: `password must be ${passwordRule}` })
  password: string;

  @Field(() => ID, {
    nullable: true,
    description: "A guest cart whose lines merge into the customer's cart.",
  })
  cartId?: string | null;
}

@InputType({ description: "A password change by the signed-in user." })
export class ChangePasswordInput {
  @Field({ description: "The password in use now." })
  @MaxLength(passwordLength.max, { message: `currentPassword must be ${passwordRule}` })
  currentPassword: string;

  @Field({ description: `The new password, ${passwordRule}.` })
  @Length(passwordLength.min, passwordLength.max, { message: `newPassword must be ${passwordRule}` })
  newPassword: string;
}

@InputType({ description: "Asks for a password-reset email." })
export class RequestPasswordResetInput {
  @Field({ description: "The account's sign-in email." })
  @MaxLength(emailMaxLength)
  email: string;
}

@InputType({ description: "A new password, set with the token from a reset email." })
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
  @Field({ description: "Recipient's full name, 1 to 200 characters." })
  @Length(1, 200)
  @Matches(notBlank, { message: "fullName must not be blank" })
  fullName: string;

  @Field({ description: "Street and number, 1 to 200 characters." })
  @Length(1, 200)
  @Matches(notBlank, { message: "line1 must not be blank" })
  line1: string;

  @Field(() => String, { nullable: true, description: "Apartment, floor, c/o…; at most 200 characters." })
  @IsOptional()
  @MaxLength(200)
  line2?: string | null;

  @Field({ description: "City or town, 1 to 100 characters." })
  @Length(1, 100)
  @Matches(notBlank, { message: "city must not be blank" })
  city: string;

  @Field({ description: "Postal or ZIP code: letters, digits, spaces and dashes; at most 20." })
  @Length(1, 20)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, {
    message: "postalCode may hold letters, digits, spaces and dashes",
  })
  postalCode: string;

  @Field(() => String, { nullable: true, description: "State, province or region; at most 100 characters." })
  @IsOptional()
  @MaxLength(100)
  region?: string | null;

  @Field({ description: "ISO 3166-1 alpha-2, e.g. DE" })
  @IsISO31661Alpha2({ message: "country must be an ISO 3166-1 alpha-2 code such as DE" })
  country: string;

  @Field(() => String, { nullable: true, description: "Phone number for the carrier; blank means none." })
  // Blank means "no phone" (stored as null), like the other optional parts.
  @ValidateIf((address: AddressInput) => typeof address.phone === "string" && address.phone.trim() !== "")
  @Matches(/^\+?[0-9 ()./-]{4,30}$/, { message: "phone must be a phone number" })
  phone?: string | null;
}
