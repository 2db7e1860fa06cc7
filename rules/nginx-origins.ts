// nginx/origins: the check that decides which sites are trusted, by the Origin header (CORS) or
// the Referer header (framing, hotlinking, CSRF-ish checks), lets another site pass.
// - A regex on $http_origin or $http_referer (in `if`, or a key of `map $http_origin`) that
//   accepts a value of another site. Each finding quotes the witness: a value the real regex
//   accepts, that a browser sends, whose host is another site (src/nginx/security/origin-witness.ts).
//   With the `domains` option, a host outside those domains; with `httpsOnly`, an http:// value.
// - `add_header Access-Control-Allow-Origin` that reflects $http_origin unchecked: directly, from
//   a `set` outside any `if` that tests the origin, or from a `map $http_origin` whose default
//   is $http_origin. An `if ($request_method = OPTIONS)` is no check: the preflight then lets
//   any site send credentialed requests.
// - `$http_referrer`: the header is spelled Referer (RFC 9110 section 10.1.3); no browser sends a
//   "Referrer" header, so the check always sees an empty value.
// Variable names are read case-insensitively, as nginx does (ngx_http_get_variable_index lowers them).
// Facts: gixy's origins (HIGH for Origin, MEDIUM for Referer); the Fetch standard's CORS check.
import { ifCondition, originWitness, wordSpan, type NginxDirective, type NginxWord, type OriginWitness, type Scope } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

type Header = 'origin' | 'referer';

function messageFor(w: OriginWitness, header: Header, negated: boolean, domains: readonly string[]): string {
  const what = header === 'origin' ? 'origin' : 'referrer';
  const accepts = `this regex ${negated ? 'lets' : 'accepts'} "${w.value}" ${negated ? 'pass ' : ''}as a trusted ${what}`;
  switch (w.kind) {
    case 'site':
      return `${accepts}: another site passes the check; anchor it ("^https://example\\.com$"), escape every dot, or list the exact values in a map`;
    case 'private-name':
      return `${accepts}: a host under no public top-level domain, which only a network's own DNS (an intranet, a search domain) serves; escape every dot ("example\\.com")`;
    case 'untrusted':
      return `${accepts}: its domain is not among the trusted domains (${domains.join(', ')}); narrow the regex, or add the domain to the rule's "domains" option if it is trusted`;
    case 'http':
      return `${accepts}: plain http, which anyone on the network can answer for (the rule's "httpsOnly" option); write "^https://" instead of "^https?://"`;
  }
}

/** Whether a directive stands inside an `if` block that tests the Origin (it then answers only the origins the test lets in). */
function underOriginCheck(scope: Scope): boolean {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === 'if' && s.directive?.args.some((a) => /\$\{?http_origin\b/i.test(a.value))) return true;
  return false;
}

const isOrigin = (value: string | undefined) => /^\$(\{http_origin\}|http_origin)$/i.test(value ?? '');

export const rule: Rule = {
  meta: {
    id: 'nginx/origins',
    description: 'A check of $http_origin or $http_referer that also trusts other sites (evil.com), or a CORS header that reflects any origin',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    securitySeverity: 7.5,
    fixable: false,
    precision: 'high',
    gixy: ['origins'],
    options: {
      domains: {
        type: 'string[]',
        default: [],
        description: 'The trusted domains (registrable domains such as "example.com"); a regex that accepts a host outside them is reported. Empty: the domains the regex itself spells are trusted.',
        gixy: 'domains',
      },
      httpsOnly: {
        type: 'boolean',
        default: false,
        description: 'Report a regex that accepts an http:// origin or referrer of a trusted site.',
        gixy: 'https_only',
      },
    },
  },
  check(context) {
    const nginx = context.query.nginx;
    const domains = ((context.options.domains as readonly string[] | null) ?? []).filter((d) => d !== '*');
    const httpsOnly = context.options.httpsOnly === true;
    const judge = (d: NginxDirective, word: NginxWord, variable: string, regex: string, caseless: boolean, negated: boolean) => {
      const header: Header | null = variable === '$http_origin' ? 'origin' : variable === '$http_referer' ? 'referer' : null;
      if (!header) return;
      const witness = originWitness(regex, caseless, header, { domains, httpsOnly });
      if (!witness) return;
      const severity = witness.kind === 'site' && header === 'origin' ? 'error' : 'warning';
      context.report({ span: wordSpan(d, word), message: messageFor(witness, header, negated, domains), severity });
    };
    // Variables some line reads other than a log_format (a map that only redacts tokens for the
    // access log decides nothing; seen on jitsi's `map $http_referer $loggable_referer`).
    // A variable read by nothing in the run may be read where the run cannot see: judged.
    let reads: { decisive: Set<string>; logged: Set<string> } | null = null;
    const onlyLogged = (name: string): boolean => {
      if (!reads) {
        reads = { decisive: new Set(), logged: new Set() };
        for (const l of nginx.variableLines()) {
          const into = l.name === 'log_format' ? reads.logged : reads.decisive;
          // A map's own output variable (its second word) is written there, not read.
          const words = l.name === 'map' ? 1 : l.args.length;
          for (let i = 0; i < words; i++) {
            const value = l.args[i]?.value;
            if (value === undefined || !value.includes('$')) continue;
            // exec() on one regex, not matchAll(): no iterator and no result object per step (25,000 lines in a large config).
            READ_VARIABLE.lastIndex = 0;
            for (let m = READ_VARIABLE.exec(value); m !== null; m = READ_VARIABLE.exec(value)) into.add(m[1].toLowerCase());
          }
        }
      }
      const key = name.replace(/^\$/, '').toLowerCase();
      return reads.logged.has(key) && !reads.decisive.has(key);
    };
    for (const { directive: d } of nginx.directives('if')) {
      if (!d.block) continue;
      const c = ifCondition(d);
      if (!c) continue;
      // An if that only redirects routes a request (`if ($http_referer ~* /ombi) { rewrite ... redirect; }`): no trust is granted.
      if (d.block.length > 0 && d.block.every(onlyRedirects)) continue;
      const variable = c.variable.toLowerCase();
      if (variable === '$http_referrer') {
        const word = d.args.find((a) => /\$http_referrer/i.test(a.value)) ?? null;
        const span = wordSpan(d, word);
        if (word?.value.startsWith('(')) span.start++;
        context.report({
          span,
          message: `${c.variable} reads a "Referrer" header, which no browser sends (the header is spelled "Referer"): the check always sees an empty value; use $http_referer`,
          severity: 'warning',
        });
        continue;
      }
      judge(d, c.word, variable, c.raw, c.operator.endsWith('*'), c.operator.startsWith('!'));
    }
    // Variables that hold the request's Origin for every request: `set $v $http_origin` outside
    // any `if` (and no other `set` of it), and `map $http_origin $v` whose default is $http_origin.
    const reflecting = new Map<string, string>();
    const sets = nginx.directives('set');
    for (const { directive: d, scope } of sets) {
      const name = d.args[0]?.value.toLowerCase();
      if (!name || !isOrigin(d.args[1]?.value) || underOriginCheck(scope)) continue;
      if (sets.every((o) => o.directive === d || o.directive.args[0]?.value.toLowerCase() !== name)) reflecting.set(name, `"set ${d.args[0].value} $http_origin"`);
    }
    for (const config of nginx.configs) {
      for (const s of nginx.blocks(config, 'map')) {
        const m = s.directive;
        if (m?.name !== 'map' || nginx.inTemplatedFile(m)) continue;
        const source = (m.args[0]?.value ?? '').toLowerCase();
        if (source === '$http_origin' && m.args[1] && s.directives.some((e) => e.name === 'default' && isOrigin(e.args[0]?.value))) reflecting.set(m.args[1].value.toLowerCase(), `the map's default ("default $http_origin")`);
        if (m.args[1] && onlyLogged(m.args[1].value)) continue;
        for (const e of s.directives) {
          if (!e.nameWord.value.startsWith('~')) continue;
          const caseless = e.nameWord.value.startsWith('~*');
          judge(e, e.nameWord, source, e.nameWord.value.slice(caseless ? 2 : 1), caseless, false);
        }
      }
    }
    for (const { directive: d, scope } of nginx.directives('add_header')) {
      const [header, value] = d.args;
      if (!header || !value || header.value.toLowerCase() !== 'access-control-allow-origin') continue;
      const via = isOrigin(value.value) ? null : reflecting.get(value.value.toLowerCase().replace(/^\$\{(.*)\}$/, '$$$1'));
      if (via === undefined || (via === null && underOriginCheck(scope))) continue;
      const credentials = nginx.effective(scope, 'add_header').some((h) => /^access-control-allow-credentials$/i.test(h.args[0]?.value ?? '') && /^true$/i.test(h.args[1]?.value ?? ''));
      const from = via === null ? '' : ` (through ${via})`;
      const fix = 'answer only origins from an exact list (map $http_origin with "default \\"\\""; the listed origins mapped to $http_origin)';
      let inIf: Scope | null = scope;
      while (inIf && inIf.kind !== 'if') inIf = inIf.parent;
      if (inIf) {
        // An `if` on something else (the method, a path): typically the preflight answer, which
        // lets any site send the request with the user's cookies; what it reads depends on the app's answer.
        context.report({
          span: wordSpan(d, value),
          severity: 'warning',
          message: `Access-Control-Allow-Origin echoes every request's Origin${from} in this if block${credentials ? ', with Access-Control-Allow-Credentials true' : ''}: as a preflight (OPTIONS) answer it lets any site send non-simple requests${credentials ? " with the user's cookies" : ''} (a CSRF on JSON APIs), and any site reads what this block answers; ${fix}`,
        });
        continue;
      }
      context.report({
        span: wordSpan(d, value),
        severity: credentials ? 'error' : 'warning',
        message: credentials
          ? `Access-Control-Allow-Origin echoes every request's Origin${from}, with Access-Control-Allow-Credentials true: any site reads this server's responses with the user's cookies; ${fix}`
          : `Access-Control-Allow-Origin echoes every request's Origin${from}: any site reads these responses, and with credentials allowed (Access-Control-Allow-Credentials true here or from the app) it reads them with the user's cookies; ${fix}, or write "*" if the content is public`,
      });
    }
  },
};

/** A variable a value reads: `$name` or `${name}`. */
const READ_VARIABLE = /\$\{?([A-Za-z0-9_]+)/g;

/** A line that sends the request elsewhere and grants nothing: a redirecting rewrite or return. */
function onlyRedirects(d: NginxDirective): boolean {
  if (d.name === 'rewrite') return /^(redirect|permanent)$/.test(d.args[2]?.value ?? '') || /^https?:\/\//.test(d.args[1]?.value ?? '');
  if (d.name === 'return') return /^(301|302|303|307|308)$/.test(d.args[0]?.value ?? '');
  return false;
}
