import { isEmail, ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { hasControlCharacters } from '../common/printable-text.js';

/** Why `value` cannot be registered as an e-mail address, or undefined when it can. */
export function emailAddressProblem(value: string): string | undefined {
  // First: validator's isEmail throws (URIError, a 500) on a lone surrogate.
  if (hasControlCharacters(value)) return 'must not contain control characters';
  if (!isEmail(value)) return 'must be an email';
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
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'email'} ${emailAddressProblem(String(args?.value)) ?? 'must be an email'}`,
      },
    },
    validationOptions,
  );
}
