import { isEmail, ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { hasControlCharacters } from '../common/index.js';

/**
 * The form in which addresses are stored, compared (uniqueness) and looked up (login, lockout counters, CLI):
 * NFKC, then case folded, then NFKC again (lower-casing can leave a string that NFKC would still change). NFKC maps
 * compatibility forms to what they stand for: fullwidth letters, ligatures, U+212A KELVIN SIGN (to "K").
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Why `value` cannot be registered as an e-mail address, or undefined when it can. */
export function emailAddressProblem(value: string): string | undefined {
  // First: validator's isEmail throws (URIError, a 500) on a lone surrogate.
  if (hasControlCharacters(value)) return 'must not contain control characters';
  if (!isEmail(value)) return 'must be an email';
  // Refused rather than stored as something the registrant did not type (a look-alike of another account, or an
  // address they may not own), with the same answer whether or not the normalised address exists. Two tests:
  // lower-casing alone already turns the Kelvin sign into "k", and may leave a string that NFKC would still change.
  if (value.normalize('NFKC') !== value || normalizeEmail(value) !== value.toLowerCase()) {
    return 'must be written in plain characters: Unicode NFKC normalisation changes it (e.g. fullwidth letters, ligatures, decomposed accents, U+212A KELVIN SIGN)';
  }
  return undefined;
}

/** @IsEmail() with the rules above, safe on any string; one message naming the first problem. */
export function IsEmailAddress(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        // Non-strings are @IsString()'s to refuse.
        validate: (value: unknown) => typeof value !== 'string' || emailAddressProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'email'} ${emailAddressProblem(String(args?.value)) ?? 'must be an email'}`,
      },
    },
    validationOptions,
  );
}
