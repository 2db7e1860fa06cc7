// `TIMING=1 nginx-uwsgi-lint ...`, as in ESLint: where a run's time went, per phase (read and
// parse, resolve, rules, report) and per rule, printed to standard error after the report.
// `TIMING=all` lists every rule, `TIMING=N` the N slowest (10 by default).

export interface Timing {
  /** Milliseconds per phase, in the order the phases ran. */
  phases: Map<string, number>;
  /** Milliseconds per rule id. */
  rules: Map<string, number>;
}

export function createTiming(): Timing {
  return { phases: new Map(), rules: new Map() };
}

/** Runs `work`, adding its wall time to `key` of `table` when there is a timing to fill. */
export function timed<T>(timing: Timing | undefined, table: keyof Timing, key: string, work: () => T): T {
  if (!timing) return work();
  const start = performance.now();
  try {
    return work();
  } finally {
    timing[table].set(key, (timing[table].get(key) ?? 0) + performance.now() - start);
  }
}

/** How many rules TIMING asks for: a count, every rule for `all`, 10 otherwise; null when unset. */
export function timingRows(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === '0' || value.toLowerCase() === 'false') return null;
  if (value.toLowerCase() === 'all') return Infinity;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 1 ? n : 10;
}

export function formatTiming(timing: Timing, rows: number): string {
  // Relative to every entry of the table, also those past the rows shown.
  const table = (title: string, entries: [string, number][], total: number) => {
    const width = Math.max(title.length, ...entries.map(([name]) => name.length));
    const lines = [`${title.padEnd(width)} | Time (ms) | Relative`, `${'-'.repeat(width)}-|----------:|---------:`];
    for (const [name, ms] of entries) lines.push(`${name.padEnd(width)} | ${ms.toFixed(1).padStart(9)} | ${(total > 0 ? (100 * ms) / total : 0).toFixed(1).padStart(7)}%`);
    return lines.join('\n');
  };
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const phases = [...timing.phases];
  const rules = [...timing.rules].sort((a, b) => b[1] - a[1]).slice(0, rows);
  return `${table('Phase', phases, sum(timing.phases))}\n\n${table('Rule', rules, sum(timing.rules))}\n`;
}
