type DateTimeFormatConstructor = typeof Intl.DateTimeFormat;

/**
 * Runs `load` while `new Intl.DateTimeFormat(...)` hands out formatters that build the real one at their first use,
 * then puts the real constructor back, whatever `load` did. For a package that builds a formatter when its module
 * loads (NestJS's ConsoleLogger does, for the timestamps of its console lines): building one loads ICU's date data
 * and state, about 8 MiB of RSS for the life of the process, which a process that never formats a date should not pay.
 */
export function withLazyDateTimeFormat<T>(load: () => T): T {
  const real = Intl.DateTimeFormat;
  Intl.DateTimeFormat = lazyDateTimeFormat(real);
  try {
    return load();
  } finally {
    Intl.DateTimeFormat = real;
  }
}

/** A constructor whose formatters are built by `real`, with the same arguments, when first used. */
export function lazyDateTimeFormat(real: DateTimeFormatConstructor): DateTimeFormatConstructor {
  return new Proxy(real, {
    construct(target, args: ConstructorParameters<DateTimeFormatConstructor>): object {
      let built: Intl.DateTimeFormat | undefined;
      const formatter = (): Intl.DateTimeFormat => (built ??= new target(...args));
      // The prototype keeps `instanceof Intl.DateTimeFormat` true; every property is read from the real formatter.
      return new Proxy(Object.create(target.prototype) as object, {
        get(_, property): unknown {
          const value: unknown = Reflect.get(formatter(), property);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(formatter()) : value;
        },
      });
    },
  });
}
