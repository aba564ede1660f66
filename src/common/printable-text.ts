import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

// Refused everywhere: C0 controls U+0000-U+001F (NUL included, which PostgreSQL cannot store), DEL and the C1 controls
// U+007F-U+009F (terminal and log escapes), and lone surrogates (not text; stored as U+FFFD by the drivers).
// Multi-line text keeps TAB, LF and CR.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\p{Cs}]/u;
// Single-line text (names, titles, addresses) also refuses TAB, LF, CR, the line and paragraph separators
// U+2028/U+2029, and the bidi embedding, override and isolate controls U+202A-U+202E and U+2066-U+2069, which make a
// name display as another. Other format characters stay: ZWJ and ZWNJ belong to emoji sequences and to scripts.
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\p{Cs}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** True when `value` holds a character that stored text may not (see the two patterns above). */
export function hasControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value);
}

/** Refuses control characters (and, unless `multiline`, line breaks, tabs and bidi controls) with a 400. */
export function IsPrintableText(options: { multiline?: boolean } = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  const allowed = options.multiline ? ' (tabs and line breaks are allowed)' : '';
  return ValidateBy(
    {
      name: 'isPrintableText',
      validator: {
        // Non-strings are @IsString()'s to refuse.
        validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacters(value, options),
        defaultMessage: buildMessage((each) => `${each}$property must not contain control characters${allowed}`),
      },
    },
    validationOptions,
  );
}
