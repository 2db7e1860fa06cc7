// Lookups keyed by names from a user's files. A plain object answers `constructor`, `toString`
// or `__proto__` from Object.prototype, so `table[name]` would find an option, a socket type or
// an environment variable nobody wrote; and `env['__proto__'] = value` would be lost.

/** `table[key]` when the table itself holds `key`, never what Object.prototype has under that name. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** An empty record without a prototype, for names and values read from a user's files. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
