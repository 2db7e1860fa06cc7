// nginx's duration and size values, as ngx_parse_time and ngx_parse_size read them.
// Durations: a number with an optional unit, several may follow each other ("1h30m");
// no unit means seconds. Units: ms, s, m, h, d, w, M (30 days), y (365 days).
// Sizes: bytes, or k/K, m/M, g/G.

const TIME_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Milliseconds, or null when nginx would reject the value (or it holds variables). */
export function parseDuration(text: string): number | null {
  const value = text.trim();
  if (value === '' || value.includes('$')) return null;
  const part = /(\d+)\s*(ms|s|m|h|d|w|M|y)?\s*/gy;
  let total = 0;
  let at = 0;
  let sawUnitless = false;
  while (at < value.length) {
    part.lastIndex = at;
    const m = part.exec(value);
    if (!m) return null;
    // A bare number is only allowed as the whole value (or its last part).
    if (m[2] === undefined) {
      if (sawUnitless) return null;
      sawUnitless = true;
    }
    total += Number.parseInt(m[1], 10) * TIME_UNITS[m[2] ?? 's'];
    at = part.lastIndex;
  }
  return total;
}

/** Bytes, or null when nginx would reject the value. */
export function parseSize(text: string): number | null {
  const m = /^(\d+)([kKmMgG]?)$/.exec(text.trim());
  if (!m) return null;
  const n = Number.parseInt(m[1], 10);
  const unit = m[2].toLowerCase();
  return unit === 'k' ? n * 1024 : unit === 'm' ? n * 1024 * 1024 : unit === 'g' ? n * 1024 * 1024 * 1024 : n;
}

/** A duration for messages, in seconds as harakiri counts them: "60s", "300s", "500ms". */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
