// The three expansion passes uWSGI runs over option values once every config file is read
// (uwsgi.c main: `$(VAR)`, then `@(file)`, then `%(name)`), reproduced with the scanner of
// utils.c uwsgi_apply_config_pass, quirks included:
// - a key may hold balanced parentheses (`%(a(b))` looks up `a(b)`);
// - a symbol inside a key restarts the scan there, so `%(a%(b))` resolves `%(b)` first;
// - after a substitution the scan restarts at index 1, not 0 (`j = 0` then the loop's `j++`),
//   so a value that starts with a placeholder is not rescanned at its first character;
// - a hook that returns nothing leaves the text as written.
import { UNKNOWN } from './ast.js';

export interface PassLimits {
  /** Longest value allowed while substituting. */
  maxLength: number;
  /** Most substitutions in one value. */
  maxSubstitutions: number;
}

export interface PassResult {
  value: string;
  substitutions: number;
  /** The limits stopped the pass: uWSGI would grow this value forever. */
  exceeded: boolean;
}

/** A hook receives the text between the parentheses; it returns the replacement, or null to keep it. */
export type PassHook = (key: string) => string | null;

export function applyPass(value: string, symbol: string, hook: PassHook, limits: PassLimits): PassResult {
  let current = value;
  let substitutions = 0;
  let state = 0; // has_symbol: 0 none, 1 after symbol, >= 2 inside a key (key length + 2)
  let depth = 0;
  let keyStart = -1;
  for (let j = 0; j < current.length; j++) {
    const c = current[j];
    if (c === symbol) {
      state = 1;
    } else if (c === '(' && state === 1) {
      state = 2;
      depth = 0;
      keyStart = j + 1;
    } else if (state > 1) {
      if (c === '(') {
        state++;
        depth++;
      } else if (c === ')') {
        if (depth > 0) {
          state++;
          depth--;
          continue;
        }
        if (state <= 2) {
          state = 0;
          continue;
        }
        const key = current.slice(keyStart, keyStart + state - 2);
        const replacement = hook(key);
        if (replacement === null) {
          state = 0;
          continue;
        }
        current = current.slice(0, keyStart - 2) + replacement + current.slice(keyStart + state - 1);
        substitutions++;
        state = 0;
        if (substitutions >= limits.maxSubstitutions || current.length > limits.maxLength) {
          return { value: current.slice(0, limits.maxLength), substitutions, exceeded: true };
        }
        j = 0;
      } else {
        state++;
      }
    } else {
      state = 0;
    }
  }
  return { value: current, substitutions, exceeded: false };
}

/** `%(name)` references in a value, as the scanner finds them without substituting. */
export function placeholderReferences(value: string): { name: string; start: number; end: number }[] {
  const found: { name: string; start: number; end: number }[] = [];
  applyPass(
    value,
    '%',
    (key) => {
      found.push({ name: key, start: -1, end: -1 });
      return null;
    },
    { maxLength: Infinity, maxSubstitutions: Infinity },
  );
  let from = 0;
  for (const ref of found) {
    const text = `%(${ref.name})`;
    const at = value.indexOf(text, from);
    if (at !== -1) {
      ref.start = at;
      ref.end = at + text.length;
      from = at + 1;
    }
  }
  return found;
}

/** The names a placeholder key reads: itself, or the option names of a `%(a b + 1)` pipeline. */
export function pipelineNames(key: string): string[] {
  if (!key.includes(' ')) return [key];
  return key.split(' ').filter((token) => token !== '' && !isOperator(token) && !isNumber(token));
}

const isNumber = (token: string) => /^[0-9]*$/.test(token);
const isOperator = (token: string) => ['+', '-', '*', '/', '++', '--'].includes(token);

/** C strtoll base 10: leading blanks, sign, digits; anything else ends the number. */
function strtoll(text: string): bigint {
  const match = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(text);
  return match ? BigInt.asIntN(64, BigInt(match[1])) : 0n;
}

export interface PipelineResult {
  value: string;
  /** Names read that are not defined (uWSGI uses "" for them). */
  missing: string[];
}

/**
 * config.c uwsgi_manage_placeholder for a key with spaces: tokens are concatenated, `+ - * /`
 * apply to the next operand as 64-bit integers, `++`/`--` to the result so far, numbers are
 * literals, other tokens are option values ("" when undefined). Unknown operands of arithmetic
 * make the result unknown.
 */
export function evaluatePipeline(key: string, lookup: (name: string) => string | null): PipelineResult {
  type Op = 'concat' | '+' | '-' | '*' | '/';
  let state: Op = 'concat';
  let current: string | null = null;
  const missing: string[] = [];
  const numeric = (text: string | null) => (text === null ? 0n : strtoll(text));
  for (const token of key.split(' ')) {
    if (token === '') continue;
    let value: string;
    if (isNumber(token)) value = token;
    else if (token === '+' || token === '-' || token === '*' || token === '/') {
      state = token;
      continue;
    } else if (token === '++' || token === '--') {
      if (current !== null) {
        current = current.includes(UNKNOWN) ? UNKNOWN : String(BigInt.asIntN(64, strtoll(current) + (token === '++' ? 1n : -1n)));
      }
      state = 'concat';
      continue;
    } else {
      const found = lookup(token);
      if (found === null) missing.push(token);
      value = found ?? '';
    }
    if (state === 'concat') {
      current = (current ?? '') + value;
    } else if ((current ?? '').includes(UNKNOWN) || value.includes(UNKNOWN)) {
      current = UNKNOWN;
    } else {
      const a = numeric(current);
      const b = strtoll(value);
      let result: bigint;
      if (state === '+') result = a + b;
      else if (state === '-') result = a - b;
      else if (state === '*') result = a * b;
      else result = b === 0n ? 0n : a / b;
      current = String(BigInt.asIntN(64, result));
    }
    state = 'concat';
  }
  return { value: current ?? '', missing };
}
