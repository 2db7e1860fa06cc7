// uwsgi/plugin-not-loaded: an option of a plugin the config does not load, on a modular uWSGI.
// Facts: Debian's uwsgi-core has no http, python, ... built in; their options exist only once
// `plugins = ...` loads them, and an unknown key is silently ignored (e2e: test/e2e/pairs.test.ts,
// `http =` without the http plugin is ignored, then uWSGI exits "The -s/--socket option is
// missing"). Which plugin brings which option comes from the binary (src/uwsgi/options-data.json).
// A monolithic (pip) build has them built in, so the rule runs only for a modular build:
// configured, or implied by a `plugins` line.
import type { Rule } from '../src/rule.js';
import { applies, optionInfo, providedBy } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/plugin-not-loaded',
    description: 'An option of a plugin the config does not load: a modular uWSGI (Debian) silently ignores it',
    defaultSeverity: 'error',
    tags: ['silent', 'plugins'],
    fixable: false,
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    for (const config of uwsgi.configs) {
      if (uwsgi.build(config) !== 'modular') continue;
      const loaded = uwsgi.plugins(config);
      if (loaded.open) continue;
      const loads = loaded.lines.length > 0 ? `it loads only ${[...loaded.names].map((n) => `\`${n}\``).join(', ')}` : 'it loads no plugins';
      const related = loaded.lines.map((line) => ({ span: line.valueSpan, message: 'plugins loaded here' }));
      const socketMissing = !config.options.some((o) => applies(o) && /^(socket|uwsgi-socket|http-socket|https-socket|http11-socket|fastcgi-socket|scgi-socket)$/.test(o.key));
      for (const option of config.options) {
        if (!applies(option) || option.viaSet || option.templated) continue;
        const info = optionInfo(option.key);
        if (!info || providedBy(info, loaded.names)) continue;
        const plugin = info.plugins.find((p) => !/\d{3}$/.test(p)) ?? info.plugins[0];
        const consequence =
          socketMissing && (option.key === 'http' || option.key === 'https')
            ? 'then, with no socket left, it exits with "The -s/--socket option is missing and stdin is not a socket"'
            : 'the setting has no effect in production';
        context.report({
          span: option.keySpan,
          message: `\`${option.key}\` comes from the \`${plugin}\` plugin, and ${loads}: a modular uWSGI (Debian's uwsgi-core) ignores the line without a word; ${consequence}. Add \`${plugin}\` to \`plugins =\` (or set "uwsgiBuild": "monolithic" if this uWSGI is a pip build with it built in)`,
          related,
        });
      }
    }
  },
};
