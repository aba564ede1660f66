/** True when a database error is a foreign-key violation (SQLite or PostgreSQL), e.g. a row for a user just deleted. */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23503' || (code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/i.test(e?.message ?? ''));
}
