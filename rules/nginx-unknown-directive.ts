// nginx/unknown-directive: a directive no nginx module defines; nginx -t: `unknown directive "x"`.
// Facts: the command tables of every module in the nginx 1.22.1 source (src/nginx/directives.ts),
// also modules Debian's nginx-light lacks (stream, mail, geoip, perl, ...): such a name is
// known to nginx-full, so it is never called unknown here. Names of a newer nginx (`http2`,
// `quic_retry`) and of well-known third-party modules (`content_by_lua_block`,
// `more_set_headers`) are not typos: they get a warning and an info naming what they need.
import { closest, compareVersions, directivesSource, knownDirectiveNames, newerDirectiveSpecs, parseNginxVersion, wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

/** Directives of third-party modules seen in real configs: prefix or name -> the module. */
const THIRD_PARTY: readonly [RegExp, string][] = [
  [/_by_lua(_block|_file)?$|^lua_|^access_by_lua|^ssl_.*_by_lua/, 'lua-nginx-module (OpenResty)'],
  [/^(more_set_headers|more_clear_headers|more_set_input_headers|more_clear_input_headers)$/, 'headers-more-nginx-module'],
  [/^echo(_|$)/, 'echo-nginx-module'],
  [/^(set_(escape_uri|unescape_uri|quote_sql_str|quote_json_str|md5|sha1|hmac_sha1|base32|decode_base32|encode_base64|decode_base64|encode_hex|decode_hex|random|secure_random_alphanum|secure_random_lcalpha|if_empty|local_today|formatted_gmt_time|formatted_local_time|rotate|hashed_upstream|misc_base32_padding))$/, 'set-misc-nginx-module'],
  [/^ndk_/, 'ngx_devel_kit'],
  [/^js_/, 'njs'],
  [/^brotli/, 'ngx_brotli'],
  [/^zstd/, 'zstd-nginx-module'],
  [/^geoip2/, 'ngx_http_geoip2_module'],
  [/^passenger_|^rails_env$|^rack_env$/, 'Phusion Passenger'],
  [/^pagespeed$/, 'ngx_pagespeed'],
  [/^modsecurity/, 'ModSecurity-nginx'],
  [/^(naxsi_|SecRulesEnabled|SecRulesDisabled|LearningMode|DeniedUrl|CheckRule|BasicRule|MainRule)/, 'naxsi'],
  [/^vhost_traffic_status/, 'nginx-module-vts'],
  [/^(nchan_|push_stream_)/, 'nchan / push-stream'],
  [/^(fancyindex|dav_ext_)/, 'fancyindex / dav-ext'],
  [/^(auth_jwt|health_check|zone_sync|status_zone|sticky|ntlm|keyval|api$|queue$|state$|mqtt)/, 'NGINX Plus'],
  [/^(upload_|upload_progress|track_uploads|report_uploads)/, 'nginx-upload-module'],
  [/^(srcache_|memc_|redis2?_|postgres_|rds_|array_|form_|encrypted_session_|xss_|replace_filter|iconv_)/, 'an OpenResty module'],
  [/^(opentracing|otel_|opentelemetry|datadog_)/, 'a tracing module'],
  [/^(rtmp|vod|secure_token|testcookie_|cache_purge$|proxy_cache_purge$|subs_filter|auth_ldap|auth_pam|auth_gss|sysguard|check$|check_http_|upstream_fair|fair$|waf)/, 'a third-party module'],
];

export const rule: Rule = {
  meta: {
    id: 'nginx/unknown-directive',
    description: 'A directive no nginx module defines: nginx -t fails with "unknown directive"',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'directives'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const nginx = context.query.nginx;
    let known: string[] | undefined;
    // nginx -t reads the lines of a file with template tags too: only a line a template fills in is left out.
    for (const { item } of nginx.refused('unknown')) {
      const d = item.directive;
      if (nginx.filledIn(d) || d.rawBody) continue;
      const name = d.name;
      const at = wordSpan(d);
      const newer = newerDirectiveSpecs(name);
      if (newer.length > 0) {
        // The deployed version (the nginxVersion setting) decides what is certain.
        const deployed = context.project.settings.nginxVersion;
        const v = deployed === undefined ? null : parseNginxVersion(deployed);
        if (v && compareVersions(v, parseNginxVersion(directivesSource.newerVersion)!) >= 0) continue;
        if (v && compareVersions(v, parseNginxVersion(directivesSource.version)!) <= 0) {
          context.report({ span: at, message: `"${name}" is a directive of a newer nginx (${directivesSource.newerVersion} has it), unknown to nginx ${deployed} (the nginxVersion setting): nginx -t fails with "unknown directive \\"${name}\\""; remove it, or upgrade nginx and set nginxVersion` });
          continue;
        }
        const message = v
          ? `"${name}" is a directive of a newer nginx (${directivesSource.newerVersion} has it, ${directivesSource.version} does not): if nginx ${deployed} (the nginxVersion setting) predates it, nginx -t fails with "unknown directive \\"${name}\\""; check the version it appeared in (nginx.org/en/docs/)`
          : `"${name}" is a directive of a newer nginx (${directivesSource.newerVersion} has it), unknown to nginx ${directivesSource.version} (Debian 12): there nginx -t fails with "unknown directive \\"${name}\\""; make sure production runs a newer nginx, and set nginxVersion to say which`;
        context.report({ span: at, message, severity: 'warning' });
        continue;
      }
      const third = THIRD_PARTY.find(([re]) => re.test(name));
      if (third) {
        const message = `"${name}" is not a directive of nginx's own modules: it comes from ${third[1]}, which must be loaded (load_module or a build that includes it), or nginx -t fails with "unknown directive \\"${name}\\""`;
        context.report({ span: at, message, severity: 'info' });
        continue;
      }
      known ??= [...knownDirectiveNames()];
      const near = closest(name.toLowerCase(), known).slice(0, 3);
      const hint = near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
      const message = `unknown directive "${name}"${hint}`;
      context.report({ span: at, message });
    }
  },
};

