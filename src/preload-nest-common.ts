import { withLazyDateTimeFormat } from './lazy-date-time-format.js';

// Imported first by the entry, so that this is where @nestjs/common loads: its ConsoleLogger builds an
// Intl.DateTimeFormat as its module loads, about 8 MiB of idle RSS, though this app logs through pino and an idle
// instance never formats a Nest timestamp (docs/performance.md, Memory). Nest's console lines keep their timestamps.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside the window, see above
withLazyDateTimeFormat(() => require('@nestjs/common') as unknown);
