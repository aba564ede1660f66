import { lazyDateTimeFormat, withLazyDateTimeFormat } from './lazy-date-time-format.js';

const OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: 'numeric',
  minute: 'numeric',
  timeZone: 'UTC',
};
const MOMENT = Date.UTC(2026, 11, 4, 3, 5);

describe('withLazyDateTimeFormat', () => {
  const original = Intl.DateTimeFormat;
  let built: number;
  beforeEach(() => {
    built = 0;
    // Counts the formatters really built, as ICU builds them.
    Intl.DateTimeFormat = new Proxy(original, {
      construct: (target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) => {
        built += 1;
        return new target(...args);
      },
    });
  });
  afterEach(() => {
    Intl.DateTimeFormat = original;
  });

  it('builds no formatter while loading, builds it once at first use, and formats as the real one does', () => {
    const formatter = withLazyDateTimeFormat(() => new Intl.DateTimeFormat('en-US', OPTIONS));
    expect(built).toBe(0);
    expect(formatter.format(MOMENT)).toBe(new original('en-US', OPTIONS).format(MOMENT));
    expect(formatter.formatToParts(MOMENT).find((p) => p.type === 'hour')?.value).toBe('3');
    expect(formatter.resolvedOptions().timeZone).toBe('UTC');
    expect(built).toBe(1);
    expect(formatter).toBeInstanceOf(original);
  });

  it('puts the constructor back once loading is done, or has failed', () => {
    const counting = Intl.DateTimeFormat;
    withLazyDateTimeFormat(() => undefined);
    expect(Intl.DateTimeFormat).toBe(counting);
    expect(() =>
      withLazyDateTimeFormat(() => {
        throw new Error('module failed to load');
      }),
    ).toThrow('module failed to load');
    expect(Intl.DateTimeFormat).toBe(counting);
    new Intl.DateTimeFormat('en-US');
    expect(built).toBe(1);
  });

  it('passes a bad option on to the real constructor at first use', () => {
    const formatter = new (lazyDateTimeFormat(original))('en-US', { timeZone: 'Not/AZone' });
    expect(() => formatter.format(MOMENT)).toThrow(RangeError);
  });
});
