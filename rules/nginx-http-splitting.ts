// nginx/http-splitting: a variable that can hold CR or LF written into a response header, a
// redirect, or the request to the backend. $uri, $document_uri (and $request_filename) are
// percent-decoded: `/a%0d%0aSet-Cookie:x` puts a real CR LF there; so do regex captures of the
// path whose group can match them (`[^.]*`, `\s`; `.` matches CR but not LF).
// Facts, observed with nginx 1.22.1: `return 302 http://x$uri` and `add_header X $1` (group
// `[^.]*`) sent an injected header line; `rewrite ... http://x/$1 permanent` escaped the capture
// (%0D), so rewrite captures are not flagged, only other variables in a rewrite's target;
// `return 302 .../$1` with `(.*)` sent a bare CR (warning: some clients split on it).
// gixy's http_splitting (HIGH) checks rewrite, return, add_header, proxy_set_header, proxy_pass.
import type { Rule } from '../src/rule.js';
import { decodedPath, groupCan, wordSpan, type NginxWord, type Taint } from '../src/query/index.js';

const REDIRECT = /^(https?:\/\/|\$scheme:\/\/)/;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

export const rule: Rule = {
  meta: {
    id: 'nginx/http-splitting',
    description: 'A variable that can carry CR/LF ($uri, a path capture) in a header, redirect or upstream request: header injection',
    defaultSeverity: 'error',
    tags: ['security', 'gixy'],
    securitySeverity: 7.5,
    fixable: false,
    precision: 'high',
    gixy: ['http_splitting'],
  },
  check(context) {
    // Each line is judged on its own: one name at a time, no merging into list order.
    for (const lines of context.query.nginx.directivesEach(['add_header', 'proxy_set_header', 'return', 'rewrite', 'proxy_pass'])) {
      for (let i = 0; i < lines.length; i++) {
        const { directive: d, scope } = lines[i];
        let target: NginxWord | undefined;
        let capturesEscaped = false;
        if (d.name === 'add_header' || d.name === 'proxy_set_header') {
          target = d.args[1];
        } else if (d.name === 'return') {
          const code = Number(d.args[0]?.value);
          if (d.args.length === 1 && REDIRECT.test(d.args[0].value)) target = d.args[0];
          else if (REDIRECT_CODES.has(code)) target = d.args[1];
        } else if (d.name === 'rewrite') {
          const flag = d.args[2]?.value;
          if (d.args[1] && (REDIRECT.test(d.args[1].value) || flag === 'redirect' || flag === 'permanent')) target = d.args[1];
          capturesEscaped = true;
        } else if (d.name === 'proxy_pass') {
          target = d.args[0];
        }
        // No variable, nothing a request writes into it (most proxy_pass lines).
        if (!target || !target.value.includes('$')) continue;
        const serverSide = d.name.startsWith('proxy_');
        // Only a capture group tells CR from LF: when the search for LF asked about none, a
        // search for CR would follow the same path to the same answer.
        let askedGroup = false;
        const find = (probe: '\n' | '\r'): Taint | null =>
          context.query.nginx.taintedVariable(scope, target.value, (n) => (decodedPath(n) ? 'the percent-decoded path' : null), (_re, group, subject) => {
            askedGroup = true;
            return !capturesEscaped && (subject === 'uri' || decodedPath(subject)) && groupCan(group, probe);
          });
        const lf = find('\n');
        const cr = lf || serverSide || !askedGroup ? null : find('\r');
        const hit = lf ?? cr;
        if (!hit) continue;
        const where =
          d.name === 'add_header'
            ? `the response header ${d.args[0]?.value}`
            : d.name === 'proxy_set_header'
              ? `the request header ${d.args[0]?.value} sent to the backend`
              : d.name === 'proxy_pass'
                ? 'the request line sent to the backend'
                : 'the Location header of the redirect';
        const fix = decodedPath(hit.name) ? `use $request_uri (kept encoded)${hit.name === 'uri' ? '' : ' or a value without it'}` : 'exclude \\r and \\n from the group (e.g. [^/\\s] instead of [^/])';
        const message = lf
          ? `$${hit.name} (${hit.why}) can hold CR LF: "%0d%0a" in the request injects a header line into ${where} (HTTP splitting); ${fix}`
          : `$${hit.name} (${hit.why}) can hold a bare CR: "%0d" in the request reaches ${where}, and some clients split headers on it; ${fix}`;
        context.report({ span: wordSpan(d, target), message, severity: lf ? 'error' : 'warning' });
      }
    }
  },
};
