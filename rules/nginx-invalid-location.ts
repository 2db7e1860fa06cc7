// nginx/invalid-location: a location nginx refuses. nginx -t: `invalid location modifier "x"`,
// `location "/b" is outside location "/a"`, `location "x" cannot be inside the exact location
// "y"` (or the named location), `named location "@x" can be on the server level only`.
// Facts: ngx_http_core_location (nginx 1.22.1): with two arguments the first must be `=`,
// `^~`, `~` or `~*`; with one, a leading `=`, `^~`, `~`, `~*` is the modifier and `@` names it.
// A nested non-regex location must start with its parent's name (byte for byte).
import { wordSpan } from '../src/query/index.js';
import type { Rule } from '../src/rule.js';

export const rule: Rule = {
  meta: {
    id: 'nginx/invalid-location',
    description: 'A location with an unknown modifier, or nested where nginx refuses it: nginx -t fails',
    defaultSeverity: 'error',
    tags: ['nginx -t', 'locations'],
    fixable: false,
    precision: 'very-high',
  },
  check(context) {
    const nginx = context.query.nginx;
    // Every location of the run passes here: an indexed loop (see bench/README.md on for-of).
    // nginx -t reads the lines of a file with template tags too: only a line a template fills in is left out.
    const locations = nginx.directives('location', { templated: true });
    for (let i = 0; i < locations.length; i++) {
      const { directive: d, scope, context: where } = locations[i];
      if (d.block === null || d.args.length === 0 || d.args.length > 2 || nginx.filledIn(d)) continue;
      if (where !== 'server' && where !== 'location') continue;
      // A one-word location at the server level has a valid modifier (or none) and no parent.
      if (where === 'server' && d.args.length === 1) continue;
      const loc = nginx.location(d);
      let message: string | null = null;
      let word = d.args[0];
      if ('invalidModifier' in loc) {
        message = `invalid location modifier "${loc.invalidModifier}": use =, ^~, ~ or ~* (or none, for a prefix match)`;
      } else if (where === 'location' && scope.directive && !nginx.filledIn(scope.directive)) {
        const parent = nginx.location(scope.directive);
        if ('invalidModifier' in parent) continue;
        word = d.args[d.args.length - 1];
        if (parent.exact) message = `location "${loc.name}" cannot be inside the exact location "${parent.name}"`;
        else if (parent.named) message = `location "${loc.name}" cannot be inside the named location "${parent.name}"`;
        else if (loc.named) message = `named location "${loc.name}" can be on the server level only`;
        else if (!loc.regex && !loc.name.startsWith(parent.name)) message = `location "${loc.name}" is outside location "${parent.name}": a nested prefix location must start with its parent's prefix`;
      }
      if (message) context.report({ span: wordSpan(d, word), message });
    }
  },
};
