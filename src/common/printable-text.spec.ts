import { validate } from 'class-validator';
import { hasControlCharacters, IsPrintableText } from './printable-text.js';

class Sample {
  @IsPrintableText()
  name: unknown;

  @IsPrintableText({ multiline: true })
  text: unknown;
}

const sample = (name: unknown, text: unknown) => Object.assign(new Sample(), { name, text });

describe('hasControlCharacters', () => {
  it.each(['\u0000', '\u0001', '\u001f', '\u007f', '\u0080', '\u009f', '\ud800', '\udfff', '\u000b', '\u000c'])(
    'finds %j in single- and multi-line text',
    (control) => {
      expect(hasControlCharacters(`a${control}b`)).toBe(true);
      expect(hasControlCharacters(`a${control}b`, { multiline: true })).toBe(true);
    },
  );

  it.each(['\t', '\n', '\r', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069'])('finds %j in single-line text only', (char) => {
    expect(hasControlCharacters(`a${char}b`)).toBe(true);
    expect(hasControlCharacters(`a${char}b`, { multiline: true })).toBe(false);
  });

  it.each(['Ada Lovelace', 'Zoë', '👩‍👩‍👧', 'محمد‌رضا', '日本語', '\u00a0', '\u200d', '😀'])('accepts %j', (text) => {
    expect(hasControlCharacters(text)).toBe(false);
  });
});

describe('@IsPrintableText()', () => {
  it('names the property and says what multi-line text may hold', async () => {
    const errors = await validate(sample('a\u0000', 'b\u0000'));
    expect(errors.map((e) => Object.values(e.constraints ?? {}))).toEqual([
      ['name must not contain control characters'],
      ['text must not contain control characters (tabs and line breaks are allowed)'],
    ]);
  });

  it('leaves non-strings to @IsString() and accepts clean text', async () => {
    expect(await validate(sample(42, undefined))).toEqual([]);
    expect(await validate(sample('Ada', 'line\n\tline\r\n'))).toEqual([]);
  });
});
