// uwsgi/unknown-option: a key uWSGI does not know (`chmod-sockets`, `chmod_socket`, `vacum`).
// Facts: core/config.c hands every ini key to the option table; a key that is not there becomes a
// placeholder and nothing else, unless `strict = true` (core/config.c uwsgi_opt_get; e2e:
// test/e2e/pairs.test.ts, `chmod_socket` is silently ignored, nginx then gets EACCES). Underscores
// only work in UWSGI_* environment variables. The option table is uWSGI's own
// (src/uwsgi/options-data.json, from the binary). Renaming the key is an unsafe fix: a line ignored
// today takes effect. When the option is single-valued and already set earlier to another value
// (and not again later), the rename would override the value in force (`chmod-socket = 660`, then
// `chmod_socket = 666`: the socket becomes world-writable): the message says so and no fix is
// offered, since which line to keep is a choice.
import type { Rule } from '../src/rule.js';
import { applies, isKnownPlugin, isLogicKeyword, lastWins, optionInfo, optionsUwsgiVersion, suggestOption, UNKNOWN, type UwsgiConfig, type UwsgiOption, type UwsgiQuery } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/unknown-option',
    description: 'A key uWSGI does not know: it is silently ignored (typo, `_` for `-`, or an option of another version)',
    defaultSeverity: 'error',
    tags: ['silent', 'typo'],
    fixable: 'unsafe',
    precision: 'high',
  },
  check(context) {
    const uwsgi = context.query.uwsgi;
    // A key repeated over many lines gets its suggestion once (it is searched for among every option).
    const suggestions = new Map<string, string | undefined>();
    const suggestionFor = (key: string) => {
      if (!suggestions.has(key)) suggestions.set(key, suggestOption(key));
      return suggestions.get(key);
    };
    for (const config of uwsgi.configs) {
      const used = uwsgi.placeholderNames(config);
      const plugins = uwsgi.plugins(config);
      // A plugin this data does not cover (php, psgi, ...) may bring any option.
      const foreignPlugins = [...plugins.names].filter((name) => !isKnownPlugin(name));
      const foreignPlugin = foreignPlugins.length > 0;
      // An include that was not read may use the key as `%(key)`.
      const unread = uwsgi.unreadIncludes(config);
      const lines = new ConfigLines(uwsgi, config);
      for (const option of config.options) {
        const key = option.key;
        if (option.viaSet || option.placeholderOnly || option.templated || key.includes(UNKNOWN) || key.includes('%(') || key === '') continue;
        if (optionInfo(key) || isLogicKeyword(key) || used.has(key)) continue;
        const suggestion = suggestionFor(key);
        const strict = 'uWSGI ignores unknown keys without a word (only `strict = true` makes them fatal)';
        if (suggestion && foreignPlugin) {
          // The plugin may define the key (its options are not in this linter's table): not certain, and no rename.
          const named = foreignPlugins.map((name) => `\`${name}\``).join(', ');
          context.report({
            span: option.keySpan,
            severity: 'warning',
            message: `\`${key}\` is not an option of uWSGI ${optionsUwsgiVersion()} or of the plugins this linter knows, but the config loads ${named}, whose options it does not know: if ${foreignPlugins.length > 1 ? 'none of them defines' : 'it does not define'} \`${key}\`, ${strict}, so it has no effect. Did you mean \`${suggestion}\`?`,
          });
        } else if (suggestion) {
          const dashed = key.replace(/_/g, '-') === suggestion;
          const inForce = overridden(lines, option, suggestion);
          const advice = dashed
            ? `Write \`${suggestion}\`: underscores only work in UWSGI_* environment variables`
            : `Did you mean \`${suggestion}\`?`;
          const exact = option.keySpan.end - option.keySpan.start === key.length && option.entry.rawKey === key;
          if (inForce) {
            const where = inForce.source === option.source ? `line ${inForce.entry.line}` : `line ${inForce.entry.line} of ${inForce.source.path}`;
            context.report({
              span: option.keySpan,
              message: `\`${key}\` is not a uWSGI option: ${strict}, so this line has no effect. Renaming it to \`${suggestion}\` would override \`${inForce.key} = ${inForce.rawValue}\` on ${where}, in force today, with ${option.rawValue === '' ? 'an empty value' : option.rawValue}: keep the value you want on one line and delete the other`,
              related: [{ span: inForce.keySpan, message: `in force today; renaming \`${key}\` would override it` }],
            });
            continue;
          }
          context.report({
            span: option.keySpan,
            message: `\`${key}\` is not a uWSGI option: ${strict}, so this setting has no effect in production. ${advice}`,
            ...(exact ? { fix: { span: option.keySpan, text: suggestion, applicability: 'unsafe' as const } } : {}),
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

/**
 * The line whose value a rename of `option` to `name` would override: the last earlier line
 * setting single-valued `name` (or an alias) to another value, when no later line sets it again.
 */
function overridden(lines: ConfigLines, option: UwsgiOption, name: string): UwsgiOption | undefined {
  const info = optionInfo(name);
  if (!info || !lastWins(info) || !applies(option)) return undefined;
  // The lines setting `name` come in file order: the last one decides.
  const settings = lines.settingsOf(name);
  const earlier = settings.at(-1);
  if (!earlier) return undefined;
  if (lines.position(earlier) > lines.position(option)) return undefined; // a later line wins whatever this one says
  const same = earlier.value !== null && option.value !== null && earlier.value === option.value;
  return same ? undefined : earlier;
}

/** Where each option of a config stands, and the lines setting a name: looked up once per config, not once per unknown key. */
class ConfigLines {
  private positions: Map<UwsgiOption, number> | undefined;
  private readonly settings = new Map<string, UwsgiOption[]>();

  constructor(
    private readonly uwsgi: UwsgiQuery,
    private readonly config: UwsgiConfig,
  ) {}

  position(option: UwsgiOption): number {
    if (!this.positions) {
      // The first place of each, as indexOf gives it.
      this.positions = new Map();
      this.config.options.forEach((o, i) => {
        if (!this.positions!.has(o)) this.positions!.set(o, i);
      });
    }
    return this.positions.get(option) ?? -1;
  }

  settingsOf(name: string): UwsgiOption[] {
    let found = this.settings.get(name);
    if (!found) {
      found = this.uwsgi.all(this.config, name);
      this.settings.set(name, found);
    }
    return found;
  }
}
