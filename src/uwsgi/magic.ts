// Magic variables: uWSGI substitutes `%X` over the raw bytes of a config file before parsing it
// (core/io.c uwsgi_open_and_read -> utils.c magic_sub). The table starts with "" for all 256
// characters (utils.c init_magic_table), so an unknown `%X` is deleted, `%%` is `%`, `%(` stays.
// Per-file values come from uwsgi.c config_magic_table_fill, process values from uwsgi.c main.
import { posix } from '../posix-path.js';
import { UNKNOWN, type MagicFileVars, type MagicUse, type UwsgiEnvironment } from './ast.js';

/** Splits `file.ini:section` at the last `:` (after the last `/` for `scheme://` names), as ini.c does. */
export function splitConfigName(name: string): { path: string; section: string | null } {
  let searchFrom = 0;
  if (/^[a-z0-9]+:\/\//i.test(name)) searchFrom = name.lastIndexOf('/') + 1;
  const colon = name.lastIndexOf(':');
  if (colon < searchFrom) return { path: name, section: null };
  return { path: name.slice(0, colon), section: name.slice(colon + 1) };
}

/** djb33x over the UTF-8 bytes as signed chars (hash.c), printed as its 4 bytes in memory order. */
export function djb33xHex(text: string): string {
  let hash = 5381;
  for (const byte of new TextEncoder().encode(text)) {
    const signed = byte >= 128 ? byte - 256 : byte;
    hash = (Math.imul(hash, 33) ^ signed) >>> 0;
  }
  let hex = '';
  for (let i = 0; i < 4; i++) hex += ((hash >>> (8 * i)) & 0xff).toString(16).toUpperCase().padStart(2, '0');
  return hex;
}

/** The per-file magic variables for a config loaded by `configName`, relative paths against `cwd`. */
export function fileMagicVars(
  configName: string,
  cwd: string | undefined,
  inode?: number | string,
  /** The name is a plain file path: a `:` in it does not select a section. */
  plainPath = false,
): MagicFileVars {
  const { path, section } = plainPath ? { path: configName, section: null } : splitConfigName(configName);
  const vars: MagicFileVars = {
    o: configName,
    p: null,
    s: null,
    d: null,
    e: null,
    n: null,
    c: null,
    x: section ?? '',
    j: null,
    i: inode === undefined ? null : String(inode),
    digits: new Array<string | null>(10).fill(null),
  };
  let full: string | null = null;
  if (posix.isAbsolute(path)) full = posix.normalize(path);
  else if (cwd !== undefined && posix.isAbsolute(cwd)) full = posix.join(cwd, path);
  if (full === null) return vars;
  vars.p = full;
  vars.j = djb33xHex(full);
  const slash = full.lastIndexOf('/');
  vars.s = full.slice(slash + 1);
  vars.d = full.slice(0, slash + 1);
  const dirNoSlash = vars.d.slice(0, -1);
  vars.c = dirNoSlash.includes('/') ? dirNoSlash.slice(dirNoSlash.lastIndexOf('/') + 1) : '';
  const parts = dirNoSlash.split('/').filter((part) => part !== '');
  vars.digits = vars.digits.map((_, k) => parts[k] ?? '');
  const dot = vars.s.lastIndexOf('.');
  vars.e = dot >= 0 ? vars.s.slice(dot + 1) : '';
  vars.n = dot >= 0 ? vars.s.slice(0, dot) : vars.s;
  return vars;
}

/** The magic table: character -> value (null = unknown here), undefined = not a magic variable. */
export function magicTable(
  file: MagicFileVars,
  top: MagicFileVars,
  env: UwsgiEnvironment,
): Map<string, string | null> {
  const table = new Map<string, string | null>();
  const str = (v: string | number | bigint | undefined) => (v === undefined ? null : String(v));
  table.set('%', '%');
  table.set('(', '%(');
  table.set('[', '\x1b');
  for (const c of ['o', 'p', 's', 'd', 'e', 'n', 'c', 'x', 'j', 'i'] as const) {
    table.set(c, file[c]);
    table.set(c.toUpperCase(), top[c]);
  }
  file.digits.forEach((value, k) => table.set(String(k), value));
  table.set('b', env.binaryPath ?? null);
  table.set('v', env.cwd ?? null);
  table.set('h', env.hostname ?? null);
  table.set('t', str(env.startTime));
  table.set('T', str(env.startMicros));
  table.set('V', env.uwsgiVersion ?? null);
  table.set('k', str(env.cpuCount));
  table.set('u', str(env.uid));
  table.set('U', env.user ?? str(env.uid));
  table.set('g', str(env.gid));
  table.set('G', env.group ?? str(env.gid));
  return table;
}

/**
 * Maps offsets of substituted text back to the original. Segments are runs copied verbatim
 * (positions map one to one) or substitutions (`%X` -> its value, mapped as a whole).
 */
export class OffsetMap {
  /** Start and length of each segment in the substituted text, then its range in the original. */
  private readonly outStarts: number[] = [];
  private readonly outLengths: number[] = [];
  private readonly inStarts: number[] = [];
  private readonly inEnds: number[] = [];
  private readonly copied: boolean[] = [];

  add(outStart: number, outLength: number, inStart: number, inEnd: number, copied: boolean): void {
    this.outStarts.push(outStart);
    this.outLengths.push(outLength);
    this.inStarts.push(inStart);
    this.inEnds.push(inEnd);
    this.copied.push(copied);
  }

  /**
   * Original offset of a substituted-text offset. A span start ('start') that touches a
   * substitution takes the substitution's start, a span end ('end') its end, so a value written
   * as `%zfoo` or `%d/x` keeps its `%` in the span even though `%z` became "".
   */
  toSource(offset: number, bias: 'start' | 'end'): number {
    const starts = this.outStarts;
    const n = starts.length;
    if (n === 0) return offset;
    let low = 0;
    let high = n;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    let k: number;
    if (bias === 'start') {
      k = low < n && starts[low] === offset ? low : low - 1;
    } else {
      k = low - 1;
      while (k + 1 < n && starts[k + 1] === offset && this.outLengths[k + 1] === 0) k++;
    }
    if (k < 0) k = 0;
    if (this.copied[k]) return this.inStarts[k] + Math.min(Math.max(0, offset - starts[k]), this.inEnds[k] - this.inStarts[k]);
    return bias === 'end' ? this.inEnds[k] : this.inStarts[k];
  }
}

export interface MagicResult {
  text: string;
  map: OffsetMap;
  uses: MagicUse[];
  unknown: MagicUse[];
}

/** Substitutes magic variables over raw text as magic_sub does; unknown values become UNKNOWN. */
export function substituteMagic(text: string, table: Map<string, string | null>): MagicResult {
  const map = new OffsetMap();
  const uses: MagicUse[] = [];
  const unknown: MagicUse[] = [];
  const parts: string[] = [];
  let outLength = 0;
  let copyFrom = 0;
  const emit = (piece: string, inStart: number, inEnd: number, copied: boolean) => {
    map.add(outLength, piece.length, inStart, inEnd, copied);
    parts.push(piece);
    outLength += piece.length;
  };
  let pos = text.indexOf('%');
  while (pos !== -1 && pos + 1 < text.length) {
    let char = text[pos + 1];
    // `%(` is copied as is; it belongs to the placeholder pass.
    if (char === '(') {
      pos = text.indexOf('%', pos + 2);
      continue;
    }
    // uWSGI works on bytes; a `%` before a multi-unit character deletes the whole character here.
    const code = char.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && pos + 2 < text.length) char = text.slice(pos + 1, pos + 3);
    const end = pos + 1 + char.length;
    if (pos > copyFrom) emit(text.slice(copyFrom, pos), copyFrom, pos, true);
    const known = table.has(char);
    const value = known ? table.get(char)! : '';
    const use: MagicUse = { char, start: pos, end, value };
    if (!known) unknown.push(use);
    else if (char !== '%') uses.push(use);
    emit(value === null ? UNKNOWN : value, pos, end, false);
    copyFrom = end;
    pos = text.indexOf('%', copyFrom);
  }
  if (copyFrom < text.length || parts.length === 0) emit(text.slice(copyFrom), copyFrom, text.length, true);
  return { text: parts.join(''), map, uses, unknown };
}
