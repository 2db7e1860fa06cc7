// How a regex capture begins, for the rules that glue a capture onto a file path (`alias
// /srv/$1` in `location ~ /images(.*)`): whether the URI always has a `/` right before it, whether
// every non-empty match starts with `/`, whether it can start with `.` (so be `..`), whether it can
// hold a `/`. A location regex is matched against the normalized URI (ngx_http_parse_complex_uri
// has removed `/../` and `/./` segments), so a capture that follows a `/` cannot begin a `..`
// segment; one that follows anything else can (`/images../x` gives `(.*)` the text `../x`).
import { canContain, nullable, type ParsedRegex, type RegexNode } from './regex.js';

export interface CaptureStart {
  /** The text before the capture always ends with `/`, or the capture starts the URI (`^(...)`). */
  afterSlash: boolean;
  /** Every non-empty match of the capture starts with `/`. */
  startsWithSlash: boolean;
  canStartWithDot: boolean;
  canContainSlash: boolean;
}

type Group = ParsedRegex['captures'][number];

function onlySlash(node: RegexNode, source: string): boolean {
  return node.t === 'char' && ['/', '\\/', '[/]'].includes(source.slice(node.start, node.end));
}

function canStartWithDot(node: RegexNode): boolean {
  switch (node.t) {
    case 'char':
      return node.can.has('.');
    case 'assert':
      return false;
    case 'seq':
      for (const item of node.items) {
        if (canStartWithDot(item)) return true;
        if (!nullable(item)) return false;
      }
      return false;
    case 'alt':
      return node.branches.some(canStartWithDot);
    case 'group':
      return canStartWithDot(node.body);
    case 'rep':
      return node.max > 0 && canStartWithDot(node.body);
  }
}

function startsWithSlash(node: RegexNode, source: string): boolean {
  switch (node.t) {
    case 'char':
      return onlySlash(node, source);
    case 'assert':
      return true;
    case 'seq':
      for (const item of node.items) {
        if (!startsWithSlash(item, source)) return false;
        if (!nullable(item)) return true;
      }
      return true;
    case 'alt':
      return node.branches.every((b) => startsWithSlash(b, source));
    case 'group':
      return startsWithSlash(node.body, source);
    case 'rep':
      return node.max === 0 || startsWithSlash(node.body, source);
  }
}

/** Every match of the node ends with `/` (an empty match does not). */
function endsWithSlash(node: RegexNode, source: string): boolean {
  switch (node.t) {
    case 'char':
      return onlySlash(node, source);
    case 'assert':
      return false;
    case 'seq':
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (item.t === 'assert' && item.kind !== '^') continue;
        return !nullable(item) && endsWithSlash(item, source);
      }
      return false;
    case 'alt':
      return node.branches.every((b) => endsWithSlash(b, source));
    case 'group':
      return endsWithSlash(node.body, source);
    case 'rep':
      return node.min > 0 && endsWithSlash(node.body, source);
  }
}

/** The sequences from the root down to `target`, each with the index of the item that holds it. */
function pathTo(node: RegexNode, target: RegexNode): { seq: Extract<RegexNode, { t: 'seq' }>; index: number }[] | null {
  if (node === target) return [];
  switch (node.t) {
    case 'seq':
      for (let i = 0; i < node.items.length; i++) {
        const below = pathTo(node.items[i], target);
        if (below) return [{ seq: node, index: i }, ...below];
      }
      return null;
    case 'alt':
      for (const b of node.branches) {
        const below = pathTo(b, target);
        if (below) return below;
      }
      return null;
    case 'group':
    case 'rep':
      return pathTo(node.body, target);
    default:
      return null;
  }
}

/** Whether the URI has a `/` right before the capture; 'start' when the capture starts the URI. */
function afterSlash(parsed: ParsedRegex, group: Group, source: string): boolean | 'start' {
  const path = pathTo(parsed.root, group);
  if (!path) return false;
  for (let level = path.length - 1; level >= 0; level--) {
    const { seq, index } = path[level];
    for (let i = index - 1; i >= 0; i--) {
      const item = seq.items[i];
      // `^` with nothing before it at the top: the capture starts the URI, which starts with `/`.
      if (item.t === 'assert' && item.kind === '^') return level === 0 && i === 0 ? 'start' : false;
      if (item.t === 'assert') continue;
      return !nullable(item) && endsWithSlash(item, source);
    }
  }
  return false;
}

/** What the text before a capture, and its own first character, can be. */
export function captureStart(parsed: ParsedRegex, group: Group, source: string): CaptureStart {
  const after = afterSlash(parsed, group, source);
  return {
    afterSlash: after !== false,
    // The URI starts with `/`: so does a capture that starts it.
    startsWithSlash: after === 'start' || startsWithSlash(group.body, source),
    canStartWithDot: canStartWithDot(group.body),
    canContainSlash: canContain(group.body, '/'),
  };
}
