// uwsgi/unknown-option: a key uWSGI does not know (`chmod-sockets`, `chmod_socket`, `vacum`).
// Facts: core/config.c hands every ini key to the option table; a key that is not there becomes a
// placeholder and nothing else, unless `strict = true` (SEMANTICS.md §2; FACTS.md: `chmod_socket`
// is silently ignored, nginx then gets EACCES). Underscores only work in UWSGI_* environment
// variables. The option table is uWSGI's own (src/uwsgi/options-data.json, from the binary).
import type { Rule } from '../src/rule.js';
import { UNKNOWN } from '../src/uwsgi/ast.js';
import { hasUnreadIncludes, isKnownPlugin, isLogicKeyword, loadedPlugins, optionInfo, optionsUwsgiVersion, placeholderNamesUsed, suggestOption } from '../src/uwsgi/options.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/unknown-option',
    description: 'A key uWSGI does not know: it is silently ignored (typo, `_` for `-`, or an option of another version)',
    defaultSeverity: 'error',
    tags: ['silent', 'typo'],
    fixable: true,
    precision: 'high',
  },
  check(context) {
    for (const config of context.project.uwsgi) {
      const used = placeholderNamesUsed(config);
      const plugins = loadedPlugins(config);
      // A plugin this data does not cover (php, psgi, ...) may bring any option.
      const foreignPlugin = [...plugins.names].some((name) => !isKnownPlugin(name));
      // An include that was not read may use the key as `%(key)`.
      const unread = hasUnreadIncludes(config);
      for (const option of config.options) {
        const key = option.key;
        if (option.viaSet || option.placeholderOnly || option.templated || key.includes(UNKNOWN) || key.includes('%(') || key === '') continue;
        if (optionInfo(key) || isLogicKeyword(key) || used.has(key)) continue;
        const suggestion = suggestOption(key);
        const strict = 'uWSGI ignores unknown keys without a word (only `strict = true` makes them fatal)';
        if (suggestion) {
          const dashed = key.replace(/_/g, '-') === suggestion;
          context.report({
            span: option.keySpan,
            message: dashed
              ? `\`${key}\` is not a uWSGI option: ${strict}, so this setting has no effect in production. Write \`${suggestion}\`: underscores only work in UWSGI_* environment variables`
              : `\`${key}\` is not a uWSGI option: ${strict}, so this setting has no effect in production. Did you mean \`${suggestion}\`?`,
            ...(option.keySpan.end - option.keySpan.start === key.length && option.entry.rawKey === key ? { fix: { span: option.keySpan, text: suggestion } } : {}),
          });
        } else if (!foreignPlugin && !unread) {
          context.report({
            span: option.keySpan,
            severity: 'warning',
            message: `\`${key}\` is not an option of uWSGI ${optionsUwsgiVersion()} or its plugins, and nothing reads it as \`%(${key})\`: ${strict}, so it has no effect. Remove it or fix its name`,
          });
        }
      }
    }
  },
};
