// pair/missing-params: nginx passes a request without the CGI variables the WSGI app needs.
// Facts (test/e2e/pairs.test.ts and test/e2e/rules.test.ts, run for real; nginx's
// src/http/modules/ngx_http_uwsgi_module.c):
// - `uwsgi_pass` without `include uwsgi_params` (and no uwsgi_param): 200, but the app gets only
//   HTTP_* variables: no REQUEST_METHOD, PATH_INFO, QUERY_STRING;
// - uwsgi_param inheritance is all-or-nothing per level (ngx_http_uwsgi_merge_loc_conf takes the
//   outer params only when a level has none): one `uwsgi_param` in a location drops every outer
//   one, `include uwsgi_params` at the server level included;
// - `fastcgi_pass` to a uWSGI fastcgi-socket with Debian's fastcgi_params: no PATH_INFO; with no
//   params at all, an empty environ;
// - `include uwsgi_params` in a proxy_pass location has no effect (info).
// Debian 12's uwsgi_params ends with `uwsgi_param HTTP_HOST $host;`: that is fine.
import { passText, targetSpan, wordSpan, type NginxConfig, type NginxDirective, type NginxQuery, type PassTarget, type Scope } from '../src/query/index.js';
import type { Rule, RuleContext } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'pair/missing-params',
    description: '`uwsgi_pass` (or `fastcgi_pass` to uWSGI) without the CGI parameters a WSGI app needs: REQUEST_METHOD, PATH_INFO, QUERY_STRING never arrive',
    defaultSeverity: 'warning',
    tags: ['pair', 'params'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const missingCache: MissingCache = new Map();
    const { nginx, pair } = context.query;
    const toUwsgi = new Set(pair.endpoints().filter((j) => j.endpoint.matches.length > 0).map((j) => j.pairing.target));
    for (const config of nginx.configs) {
      for (const target of nginx.passTargets(config)) {
        if (target.module === 'uwsgi') checkUwsgi(context, target, missingCache);
        else if (target.module === 'fastcgi' && toUwsgi.has(target)) checkFastcgi(context, target);
        else if (target.module === 'proxy') checkProxy(context, target, config);
      }
    }
  },
};

const NEEDED = ['REQUEST_METHOD', 'PATH_INFO', 'QUERY_STRING'];

/**
 * Which of `wanted` (upper-case names) no line of `params` sets; nginx compares parameter names
 * case-insensitively. One pass, no set: every uwsgi_pass location asks this of a dozen lines.
 */
function notSet(params: readonly NginxDirective[], wanted: readonly string[]): string[] {
  let seen = 0;
  for (let i = 0; i < params.length; i++) {
    const v = params[i].args[0]?.value;
    if (v === undefined) continue;
    for (let k = 0; k < wanted.length; k++) {
      const n = wanted[k];
      if (v.length === n.length && (v === n || v.toUpperCase() === n)) seen |= 1 << k;
    }
  }
  return wanted.filter((_, k) => (seen & (1 << k)) === 0);
}

/** Outer levels' params that the nearest level's own params hide. */
function hidden(nginx: NginxQuery, scope: Scope, name: string, nearest: readonly NginxDirective[]): readonly NginxDirective[] {
  let s: Scope | null = scope;
  while (s && !s.directives.some((d) => nearest.includes(d))) s = s.parent;
  return s?.parent ? nginx.effective(s.parent, name) : [];
}

/**
 * What NEEDED lacks, by the first of the lines it was asked for: most uwsgi_pass locations see
 * the very lines of one `include uwsgi_params` (the same directives, in the same order), and
 * comparing a dozen references is cheaper than reading a dozen names again.
 */
type MissingCache = Map<NginxDirective, { params: readonly NginxDirective[]; missing: string[] }>;

function missingFrom(params: readonly NginxDirective[], cache: MissingCache): string[] {
  if (params.length === 0) return NEEDED;
  const known = cache.get(params[0]);
  if (known && sameLines(known.params, params)) return known.missing;
  const missing = notSet(params, NEEDED);
  cache.set(params[0], { params, missing });
  return missing;
}

function sameLines(a: readonly NginxDirective[], b: readonly NginxDirective[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkUwsgi(context: RuleContext, target: PassTarget, cache: MissingCache): void {
  const params = context.query.nginx.effective(target.scope, 'uwsgi_param');
  const missing = missingFrom(params, cache);
  if (missing.length === 0) return;
  if (params.length === 0) {
    context.report({
      span: targetSpan(target),
      message:
        `\`${passText(target)}\` has no \`uwsgi_param\` in force: requests still get a 200, but the app receives only the HTTP_* headers, ` +
        `no REQUEST_METHOD, PATH_INFO or QUERY_STRING, so a framework routes everything to / or fails. Add \`include uwsgi_params;\` before it.`,
    });
    return;
  }
  const outer = hidden(context.query.nginx, target.scope, 'uwsgi_param', params);
  const outerHas = notSet(outer, NEEDED).length < NEEDED.length;
  context.report({
    span: targetSpan(target),
    message:
      `The \`uwsgi_param\` lines in force here lack ${missing.join(', ')}: the app never gets ${missing.length === 1 ? 'it' : 'them'}. ` +
      (outerHas
        ? 'An outer level has `include uwsgi_params`, but nginx inherits uwsgi_param all-or-nothing: one `uwsgi_param` at this level drops every outer one. Add `include uwsgi_params;` here as well.'
        : 'Add `include uwsgi_params;` here.'),
    related: [{ span: wordSpan(params[0], params[0].args[0]), message: 'the nearest uwsgi_param lines, which replace every outer one' }],
  });
}

function checkFastcgi(context: RuleContext, target: PassTarget): void {
  const params = context.query.nginx.effective(target.scope, 'fastcgi_param');
  if (params.length === 0) {
    context.report({
      span: targetSpan(target),
      message:
        `\`${passText(target)}\` reaches a uWSGI fastcgi-socket with no \`fastcgi_param\` in force: the WSGI app gets an empty environ. ` +
        'Add `include fastcgi_params;`, `fastcgi_param PATH_INFO $document_uri;` and `fastcgi_param SCRIPT_NAME "";` (fastcgi_params sets SCRIPT_NAME to the path too, which doubles it), or better, use `uwsgi_pass` with `include uwsgi_params;` and a uwsgi `socket`.',
    });
    return;
  }
  if (notSet(params, ['PATH_INFO']).length === 0) return;
  context.report({
    span: targetSpan(target),
    message:
      `\`${passText(target)}\` reaches a uWSGI fastcgi-socket, but no \`fastcgi_param PATH_INFO\` is in force (Debian's fastcgi_params does not set it): ` +
      'requests get a 200, yet the WSGI app sees every request as / . Add `fastcgi_param PATH_INFO $document_uri;` and `fastcgi_param SCRIPT_NAME "";` (Debian\'s fastcgi_params sets SCRIPT_NAME to the whole path, which the app would then see twice, observed with uWSGI 2.0.21).',
  });
}

/** `include uwsgi_params` beside a proxy_pass: the copy-paste from tutorials, without effect. */
function checkProxy(context: RuleContext, target: PassTarget, config: NginxConfig): void {
  const block = target.scope.directive?.block;
  if (!block || target.scope.directives.some((d) => d.name === 'uwsgi_pass')) return;
  for (const d of block) {
    if (d.name !== 'include' || !context.query.nginx.included(config, d).some((f) => f.directives.some((x) => x.name === 'uwsgi_param'))) continue;
    context.report({
      span: wordSpan(d, d.args[0]),
      severity: 'info',
      message: `\`include ${d.args[0]?.value ?? ''}\` has no effect here: uwsgi_param only applies to uwsgi_pass, and this location uses \`${passText(target)}\`. Remove it; for HTTP use \`proxy_set_header\` (or \`include proxy_params;\`).`,
      related: [{ span: targetSpan(target), message: 'the location passes over HTTP here' }],
    });
  }
}
