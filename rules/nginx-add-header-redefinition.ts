// nginx/add-header-redefinition: a block with its own add_header loses every add_header of the
// blocks around it. nginx inherits add_header "if and only if there are no add_header
// directives defined on the current level" (ngx_http_headers_module docs; array merge in
// ngx_http_headers_merge_conf), so `add_header Cache-Control ...` in a location silently drops
// the server's Strict-Transport-Security and X-Frame-Options there. add_trailer is merged the
// same way. nginx 1.29.3 added add_header_inherit / add_trailer_inherit (on | off | merge;
// ngx_http_headers_merge_conf, commit c93a0c48): the mode is inherited like any value (nearest
// level that sets it), `merge` appends the outer fields to the level's own, `off` inherits none.
// A level under `merge` or `off` loses nothing by accident. Severity as gixy's
// add_header_redefinition: a security header lost -> warning (MEDIUM), others -> info (LOW).
import type { Rule } from '../src/rule.js';
import { relatedAt, wordSpan, type NginxDirective, type NginxQuery, type Scope } from '../src/query/index.js';

const SECURITY_HEADERS = new Set(['strict-transport-security', 'content-security-policy', 'content-security-policy-report-only', 'x-frame-options', 'x-content-type-options', 'x-xss-protection', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'cross-origin-embedder-policy', 'cross-origin-resource-policy', 'cache-control', 'x-permitted-cross-domain-policies']);

/** A directive whose lines nginx merges all-or-nothing per level, with the directive that controls it. */
interface FieldFamily {
  name: 'add_header' | 'add_trailer';
  inherit: 'add_header_inherit' | 'add_trailer_inherit';
  what: 'header' | 'trailer';
}

const FAMILIES: readonly FieldFamily[] = [
  { name: 'add_header', inherit: 'add_header_inherit', what: 'header' },
  { name: 'add_trailer', inherit: 'add_trailer_inherit', what: 'trailer' },
];

type InheritMode = 'on' | 'off' | 'merge';

export const rule: Rule = {
  meta: {
    id: 'nginx/add-header-redefinition',
    description: 'An add_header (add_trailer) in a nested block drops every add_header of the outer blocks (security headers lost)',
    defaultSeverity: 'warning',
    tags: ['security', 'gixy'],
    securitySeverity: 4.3,
    fixable: false,
    precision: 'very-high',
    gixy: ['add_header_redefinition'],
    options: {
      headers: {
        type: 'string[]',
        default: [],
        description: 'Report only when one of these headers (or trailers) is lost (case-insensitive); empty: any',
        gixy: 'headers',
      },
    },
  },
  check(context) {
    const nginx = context.query.nginx;
    const mergeKnown = versionAtLeast(context.project.settings.nginxVersion, [1, 29, 3]);
    const only = new Set(((context.options.headers as readonly string[] | null) ?? []).map((h) => h.toLowerCase()));
    for (const family of FAMILIES) {
      // The blocks that have lines of the family, from the run's index by name: most blocks have none.
      // Templated lines are asked for too: a block with one is not judged (what it sets is not known).
      for (const { scope, directives: own } of nginx.byBlock(family.name, { templated: true })) {
        if (!scope.parent || !['server', 'location', 'if'].includes(scope.kind) || nginx.contextOf(scope) === null) continue;
        if (inheritMode(nginx, scope, family) !== 'on') continue;
        const outer = inForce(nginx, scope.parent, family);
        if (outer === null || nginx.anyTemplated(own)) continue;
        const kept = new Set(own.map((d) => d.args[0]?.value.toLowerCase()));
        const lost = outer.filter((d) => d.args[0] && !kept.has(d.args[0].value.toLowerCase()));
        if (lost.length === 0 || (only.size > 0 && !lost.some((d) => only.has(d.args[0].value.toLowerCase())))) continue;
        const names = [...new Set(lost.map((d) => d.args[0].value))];
        const security = family.what === 'header' && names.some((n) => SECURITY_HEADERS.has(n.toLowerCase()));
        const where = scope.kind === 'if' ? 'this if block' : `this ${scope.kind}`;
        const them = names.length === 1 ? 'it' : 'them';
        const merge = `${family.inherit} merge;`;
        const fix = mergeKnown ? `write "${merge}" here, or repeat ${them} here` : `repeat ${them} here (or in a shared include; nginx 1.29.3+ also has "${merge}")`;
        const message = `${family.name} here drops the outer block's ${names.join(', ')}: nginx inherits ${family.name} only into blocks that set none, so responses of ${where} go out without ${them}${security ? ' (a security header lost)' : ''}; ${fix}`;
        context.report({ span: wordSpan(own[0]), message, severity: security ? 'warning' : 'info', related: lost.map((d) => relatedAt(d, `outer ${d.args[0].value}, not sent here`)) });
      }
    }
  },
};

/** The add_header_inherit (add_trailer_inherit) mode in force at `scope`: the nearest level that sets it; nginx's default is on. */
function inheritMode(nginx: NginxQuery, scope: Scope, family: FieldFamily): InheritMode {
  const lines = nginx.effective(scope, family.inherit);
  const value = lines[lines.length - 1]?.args[0]?.value.toLowerCase();
  return value === 'off' || value === 'merge' ? value : 'on';
}

/**
 * The lines of the family nginx sends at `scope`, after ngx_http_headers_merge_conf: a level's own
 * lines, plus the outer ones under `merge`; the outer ones when it has none (unless `off`).
 * null when a template fills in one of them (what is sent is not known).
 */
function inForce(nginx: NginxQuery, scope: Scope, family: FieldFamily): readonly NginxDirective[] | null {
  const own = nginx.atLevel(scope, family.name);
  if (nginx.anyTemplated(own)) return null;
  const mode = inheritMode(nginx, scope, family);
  if (mode === 'off' || !scope.parent) return own;
  if (own.length > 0 && mode === 'on') return own;
  const outer = inForce(nginx, scope.parent, family);
  if (outer === null) return null;
  return own.length === 0 ? outer : [...own, ...outer];
}

function versionAtLeast(version: string | undefined, wanted: readonly number[]): boolean {
  if (!version) return false;
  const parts = version.split('.').map(Number);
  for (let i = 0; i < wanted.length; i++) {
    const p = parts[i] ?? 0;
    if (p !== wanted[i]) return p > wanted[i];
  }
  return true;
}
