// What an Origin or Referer regex accepts besides the sites it names. The regex is read into a
// small tree (literals, character classes, groups with alternatives, repeats), the tree spells
// the values the author meant (every alternative, optional parts with and without), and each
// meant value is bent the ways an attacker bends it: the classes and unescaped dots filled with
// attacker text, `.evil.com` appended, `https://evil.com/?` put in front, with and without a
// trailing `/`. A bent value counts only when the real regex (JavaScript's engine, which agrees
// with PCRE on every construct read here; anything else and the regex is not judged) accepts it,
// when it is a value a browser sends (an Origin is `scheme://host[:port]`, RFC 6454 section 7; a
// Referer an absolute URL without a fragment, RFC 9110 section 10.1.3), and when its host is
// another site: its registrable domain is none of the trusted ones.

import { nestedQuantifiers, parseRegex } from './regex.js';

/** A value the regex accepts for another site, and how strong it is. */
export interface OriginWitness {
  value: string;
  /**
   * `site`: a host anyone can register (`evil.com`, `some-yandex.ru`). `private-name`: a host
   * under no public top-level domain (`yandex-ru`), which only a network's own DNS serves. `untrusted`:
   * a host the regex spells on purpose that the `domains` list does not trust. `http`: the
   * trusted site over plain http (the `httpsOnly` option).
   */
  kind: 'site' | 'private-name' | 'untrusted' | 'http';
}

export interface OriginWitnessOptions {
  /** The trusted domains; empty: the domains the regex itself spells. */
  domains: readonly string[];
  httpsOnly: boolean;
}

interface Wild {
  /** What the author meant it to match (a class's first member; `.` for an unescaped dot). */
  meant: string;
  accepts: (text: string) => boolean;
  dot: boolean;
}

type RegexNode = { kind: 'text'; text: string } | { kind: 'wild'; id: number } | { kind: 'group'; alternatives: RegexNode[][] } | { kind: 'repeat'; node: RegexNode; min: number; max: number };

/** PCRE constructs JavaScript reads differently or not at all (POSIX classes such as `[[:alpha:]]` included): such a regex is not judged. */
const PCRE_ONLY = /\\[AZzGQEhHRKXCvVNpPgk]|\(\?(?!P<)[>|#a-zA-Z]|\(\?P[=>]|[*+?}]\+|\[:[a-z]+:\]/;

class RegexReader {
  private at = 0;
  readonly wilds: Wild[] = [];
  constructor(private readonly source: string, private readonly caseless: boolean) {}

  read(): RegexNode[][] | null {
    const alternatives = this.alternatives();
    return alternatives && this.at === this.source.length ? alternatives : null;
  }

  private alternatives(): RegexNode[][] | null {
    const out: RegexNode[][] = [];
    for (;;) {
      const sequence = this.sequence();
      if (!sequence) return null;
      out.push(sequence);
      if (this.source[this.at] !== '|') return out;
      this.at++;
    }
  }

  private sequence(): RegexNode[] | null {
    const out: RegexNode[] = [];
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const atom = this.atom();
      if (atom === null) return null;
      if (atom === 'anchor') continue;
      const repeat = this.quantifier();
      if (repeat === null) return null;
      out.push(repeat ? { kind: 'repeat', node: atom, ...repeat } : atom);
    }
    return out;
  }

  private wild(meant: string, accepts: (text: string) => boolean, dot = false): RegexNode {
    this.wilds.push({ meant, accepts, dot });
    return { kind: 'wild', id: this.wilds.length - 1 };
  }

  private atom(): RegexNode | 'anchor' | null {
    const s = this.source;
    const c = s[this.at++];
    if (c === '^' || c === '$') return 'anchor';
    if (c === '.') return this.wild('.', (t) => !t.includes('\n'), true);
    if (c === '(') {
      if (s.startsWith('?:', this.at)) this.at += 2;
      else if (s.startsWith('?<', this.at) && !/^\?<[=!]/.test(s.slice(this.at))) this.at = s.indexOf('>', this.at) + 1;
      else if (s[this.at] === '?') return null;
      const alternatives = this.alternatives();
      if (!alternatives || s[this.at] !== ')') return null;
      this.at++;
      return { kind: 'group', alternatives };
    }
    if (c === '[') {
      const start = this.at - 1;
      let i = this.at;
      if (s[i] === '^') i++;
      if (s[i] === ']') i++;
      for (; i < s.length && s[i] !== ']'; i++) if (s[i] === '\\') i++;
      if (i >= s.length) return null;
      this.at = i + 1;
      const klass = new RegExp(`^${s.slice(start, this.at)}+$`, this.caseless ? 'i' : '');
      const meant = ['a', '0', '.', '-', 'A'].find((m) => klass.test(m)) ?? s[start + 1];
      return this.wild(meant, (t) => klass.test(t));
    }
    if (c === '\\') {
      const e = s[this.at++];
      if (e === undefined) return null;
      if (e === 'b' || e === 'B') return 'anchor';
      if ('dDwWsS'.includes(e)) {
        const klass = new RegExp(`^\\${e}+$`);
        return this.wild(['a', '0', '-', ' '].find((m) => klass.test(m)) ?? 'a', (t) => klass.test(t));
      }
      if (e === 'x' && /^[0-9a-fA-F]{2}/.test(s.slice(this.at))) {
        this.at += 2;
        return { kind: 'text', text: String.fromCharCode(parseInt(s.slice(this.at - 2, this.at), 16)) };
      }
      const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f' };
      if (/[a-zA-Z0-9]/.test(e) && !(e in named)) return null;
      return { kind: 'text', text: named[e] ?? e };
    }
    if (c === ')' || c === '|') return null;
    return { kind: 'text', text: c };
  }

  /** The repeat after an atom; undefined when there is none, null when it cannot be read. */
  private quantifier(): { min: number; max: number } | undefined | null {
    const s = this.source;
    const c = s[this.at];
    let out: { min: number; max: number } | undefined;
    if (c === '?') out = { min: 0, max: 1 };
    else if (c === '*') out = { min: 0, max: Infinity };
    else if (c === '+') out = { min: 1, max: Infinity };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.at));
      if (!m) return undefined;
      this.at += m[0].length - 1;
      out = { min: Number(m[1]), max: m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]) };
    }
    if (!out) return undefined;
    this.at++;
    // A repeated dot stands for any text, not for a dot the author forgot to escape.
    if (this.wilds.length > 0 && this.source[this.at - 2] === '.' && this.source[this.at - 3] !== '\\') this.wilds[this.wilds.length - 1].meant = 'a';
    if (s[this.at] === '?') this.at++;
    return out;
  }
}

const LIMIT = 48;
/** At most this many values are tried per regex. */
const BUDGET = 20_000;

/** The values the tree spells, wild positions left as private-use characters (U+E000 + id). */
function spell(sequence: readonly RegexNode[]): string[] {
  let out = [''];
  for (const node of sequence) {
    const options = spellNode(node);
    const next: string[] = [];
    for (const head of out) for (const tail of options) if (next.length < LIMIT) next.push(head + tail);
    out = next;
  }
  return out;
}

function spellNode(node: RegexNode): string[] {
  switch (node.kind) {
    case 'text':
      return [node.text];
    case 'wild':
      return [String.fromCharCode(0xe000 + node.id)];
    case 'group':
      return node.alternatives.flatMap(spell).slice(0, LIMIT);
    case 'repeat': {
      const once = spellNode(node.node);
      if (node.min === 0) return [...once, ''];
      return once.map((o) => o.repeat(Math.min(node.min, 3)));
    }
  }
}

/** Top-level domains a witness may end in besides those the regex spells: names anyone can register under. */
const OPEN_TLDS = new Set(['com', 'net', 'org', 'io', 'dev', 'app', 'info', 'biz', 'co', 'me', 'ru', 'ua', 'by', 'kz', 'tr', 'uk', 'de', 'fr', 'nl', 'eu', 'us', 'jp', 'cn', 'br', 'in', 'au', 'ca', 'it', 'es', 'pl', 'xyz', 'site', 'online']);

const MULTI_PART_SUFFIXES = new Set(['co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.tr', 'com.au', 'net.au', 'org.au', 'co.jp', 'ne.jp', 'com.br', 'com.cn', 'co.nz', 'co.in', 'com.ua', 'co.za', 'com.mx', 'com.ar', 'co.kr', 'com.sg', 'com.hk', 'com.tw']);

/**
 * The registrable domain of a host (`a.b.example.co.uk` → `example.co.uk`), or null for no host
 * name. `publicName` is false for a name under no public top-level domain (`yandex-ru`,
 * `a.examplexcom`): only a network's own DNS or search domain serves it.
 */
function registrable(host: string, tlds?: ReadonlySet<string>): { domain: string; publicName: boolean } | null {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.some((l) => !/^[a-z0-9-]+$/.test(l) || l.startsWith('-') || l.endsWith('-'))) return null;
  const tld = labels[labels.length - 1];
  if (labels.length === 1 || !/^([a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) return { domain: host, publicName: false };
  const take = labels.length >= 3 && MULTI_PART_SUFFIXES.has(labels.slice(-2).join('.')) ? 3 : 2;
  return { domain: labels.slice(-take).join('.'), publicName: tlds === undefined || tlds.has(tld) || OPEN_TLDS.has(tld) };
}

/** The host of a value a browser sends in this header, or null when no browser sends it. */
function sentHost(value: string, header: 'origin' | 'referer'): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || /^[\d.]+$|^\[/.test(url.hostname)) return null;
  if (header === 'origin' ? url.origin !== value : url.href !== value || url.hash !== '') return null;
  return url.hostname;
}

const ATTACKER_FILLS = ['evil', '.evil.com', '-', 'evil.com/', 'evil.com/?', 'https://evil.com/', 'x', 'evil-'];

/** How hard a witness is to read: its length; https and an evil-looking host read better. */
function readability(value: string): number {
  return value.length + (value.startsWith('http://') ? 10 : 0) - (value.includes('evil') ? 3 : 0);
}

/** The regex's witness of another site, or null when it accepts none of the values tried. */
export function originWitness(source: string, caseless: boolean, header: 'origin' | 'referer', options: OriginWitnessOptions): OriginWitness | null {
  if (PCRE_ONLY.test(source)) return null;
  // Nested unbounded repeats (`(a+)+`) can take exponential time on a value they reject: not run.
  const parsed = parseRegex(source);
  if (parsed && nestedQuantifiers(parsed).length > 0) return null;
  const jsSource = source.replace(/\(\?P</g, '(?<');
  let re: RegExp;
  try {
    re = new RegExp(jsSource, caseless ? 'i' : '');
  } catch {
    return null;
  }
  const reader = new RegexReader(jsSource, caseless);
  const tree = reader.read();
  if (!tree) return null;
  const wilds = reader.wilds;
  const spelled = tree.flatMap(spell).slice(0, LIMIT);
  const placeholder = /[\ue000-\uf8ff]/g;
  const meant = (s: string) => s.replace(placeholder, (p) => wilds[p.charCodeAt(0) - 0xe000].meant);
  const withScheme = (s: string) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? [s] : [`https://${s}`, `http://${s}`]);

  // The sites the author meant: the meant values' hosts and the domains the regex spells out.
  const meantDomains = new Set<string>();
  const spelledTlds = new Set<string>();
  for (const m of source.matchAll(/(?:[a-z0-9-]+(?:\\\.|\.|\[\.\]))+[a-z]{2,}/gi)) {
    const host = m[0].replace(/\\\.|\[\.\]/g, '.').toLowerCase();
    const r = registrable(host);
    if (r) meantDomains.add(r.domain);
    spelledTlds.add(host.split('.').pop() ?? '');
  }
  for (const s of spelled) {
    for (const value of withScheme(meant(s))) {
      for (const v of [value, `${value}/`]) {
        const host = sentHost(v, 'referer');
        const r = host && registrable(host, spelledTlds);
        if (r) meantDomains.add(r.domain);
      }
    }
  }
  const trusted = options.domains.filter((d) => d !== '*').map((d) => d.toLowerCase().replace(/^\*?\./, ''));
  const isTrusted = (host: string) => {
    const r = registrable(host);
    if (trusted.length > 0) return trusted.some((d) => host === d || host.endsWith(`.${d}`) || r?.domain === registrable(d)?.domain);
    return r !== null && meantDomains.has(r.domain);
  };

  const accepted = (value: string): string | null => {
    const host = sentHost(value, header);
    return host !== null && re.test(value) ? host : null;
  };

  // Bent values: the wild positions filled with attacker text, all at once or one at a time.
  // The shortest of each kind: the easiest to read.
  let site: OriginWitness | null = null;
  let untrusted: OriginWitness | null = null;
  let weak: OriginWitness | null = null;
  const seen = new Set<string>();
  for (const s of spelled) {
    const ids = [...new Set([...s.matchAll(placeholder)].map((m) => m[0]))];
    const fills: string[] = [];
    for (const text of ATTACKER_FILLS) {
      const fillOne = (p: string) => {
        const w = wilds[p.charCodeAt(0) - 0xe000];
        return w.accepts(text) ? text : w.meant;
      };
      fills.push(s.replace(placeholder, fillOne));
      if (ids.length > 1) for (const id of ids) fills.push(meant(s.split(id).join(fillOne(id))));
    }
    fills.push(meant(s));
    for (const filled of fills) {
      for (const base of withScheme(filled)) {
        for (const tail of ['', '/', '.evil.com', '.evil.com/']) {
          const value = base + tail;
          for (const bent of [value, value.replace('://', '://evil'), value.replace('://', '://evil-'), `https://evil.com/?${value}`, `https://evil.com/${value}`]) {
            if (seen.has(bent)) continue;
            if (seen.size >= BUDGET) return site ?? untrusted ?? weak;
            seen.add(bent);
            const host = accepted(bent);
            if (host === null || isTrusted(host)) continue;
            const r = registrable(host, spelledTlds);
            if (!r) continue;
            const kind: OriginWitness['kind'] = !r.publicName ? 'private-name' : trusted.length > 0 && meantDomains.has(r.domain) ? 'untrusted' : 'site';
            const shorter = (w: OriginWitness | null) => (w === null || readability(bent) < readability(w.value) ? { value: bent, kind } : w);
            if (kind === 'site') site = shorter(site);
            else if (kind === 'untrusted') untrusted = shorter(untrusted);
            else weak = shorter(weak);
          }
        }
      }
    }
  }
  if (site || untrusted || weak) return site ?? untrusted ?? weak;
  if (options.httpsOnly) {
    for (const s of spelled) {
      for (const tail of ['', '/']) {
        const value = `http://${meant(s).replace(/^https?:\/\//i, '')}${tail}`;
        const host = accepted(value);
        if (host !== null && isTrusted(host)) return { value, kind: 'http' };
      }
    }
  }
  return null;
}
