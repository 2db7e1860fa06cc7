// uwsgi/no-app: an instance that binds a socket but loads no application.
// Facts: without `module`/`wsgi-file`/`mount`/... uWSGI starts, logs "*** no app loaded. going in
// full dynamic mode ***", and answers every request with 500 "Internal Server Error" (the WSGI
// plugin's "no python application found"). The loading options are the Python plugin's "load ..."
// options and core `mount` in uWSGI's own table (applicationLoaders).
import type { Rule } from '../src/rule.js';
import { applicationLoaders, applies, isKnownPlugin, optionInfo } from '../src/query/index.js';

/**
 * Instances that legitimately serve no app of their own: routers, emperors, proxies; and the php
 * plugin's, which runs the scripts of `php-docroot` or `php-app` for each request (plugins/php).
 */
const NO_APP_EXPECTED = /^(emperor|http-to|fastrouter|rawrouter|sslrouter|zerg|zergpool|http-subscription-server|fastrouter-subscription-server|static-map|check-static|route|route-run|response-route|static-index|cgi|eval|pyimport|pymodule-alias|python-worker-override|php-docroot|php-app)$/;

export const rule: Rule = {
  meta: {
    id: 'uwsgi/no-app',
    description: 'Nothing loads an application (`module`, `wsgi-file`, `mount`, ...): every request gets 500 "no app loaded"',
    defaultSeverity: 'warning',
    tags: ['apps'],
    fixable: false,
    precision: 'medium',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      if (!uwsgi.bindsSomething(config)) continue;
      if (config.options.some((o) => applies(o) && (applicationLoaders().has(o.key) || applicationLoaders().has(optionInfo(o.key)?.aliasOf ?? '') || NO_APP_EXPECTED.test(o.key)))) continue;
      // Another language plugin (php, psgi, rack, ...) loads apps with options this data does not cover.
      if ([...uwsgi.plugins(config).names].some((name) => !isKnownPlugin(name))) continue;
      if (config.options.some((o) => o.value === null && !o.placeholderOnly)) continue; // something unknown may load it
      if (uwsgi.last(config, 'ini-paste') || uwsgi.last(config, 'paste')) continue;
      // A config file this one loads, or its launch loads beside it (`uwsgi --ini common.ini --ini /app/app.ini`), was not read: it may load the app.
      if (config.includes.some((i) => i.status !== 'loaded' && i.status !== 'cycle' && i.status !== 'depth')) continue;
      context.report({
        span: uwsgi.sectionSpan(config),
        message: 'nothing loads an application (no `module`, `wsgi-file`, `mount`, `paste`, ...): uWSGI starts, logs "no app loaded", and answers every request with 500 Internal Server Error. Add `module = yourpackage.wsgi:application` (or `wsgi-file = /path/app.py`), unless the command line passes it',
      });
    }
  },
};
