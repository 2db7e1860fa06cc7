// --list-rules: the registry as a table (text) or as metadata for tools (json), with each rule's
// gixy checks and options so that a gixy user can map findings and suppressions.
import { rules as registry } from '../rules/index.js';
import { ruleDocsUrl } from './rule.js';

export function listRules(): string {
  const width = Math.max(...registry.map((r) => r.meta.id.length));
  const lines = registry.map(({ meta }) => {
    const severity = meta.defaultSeverity.padEnd(7);
    return `${meta.id.padEnd(width)}  ${severity}  ${FIX_COLUMN[String(meta.fixable)].padEnd(11)}  ${meta.description}`;
  });
  return lines.join('\n') + '\n';
}

/** --list-rules' fix column: which fixes a rule offers (unsafe ones need --unsafe-fixes). */
const FIX_COLUMN: Record<string, string> = { false: '', safe: 'fix', unsafe: 'unsafe-fix', 'safe-or-unsafe': 'fix|unsafe' };

/** `--list-rules --format json`: every rule's metadata, for tools (and gixy users mapping their checks). */
export function listRulesJson(): string {
  const rows = registry.map(({ meta }) => ({
    id: meta.id,
    description: meta.description,
    defaultSeverity: meta.defaultSeverity,
    tags: meta.tags,
    fixable: meta.fixable,
    precision: meta.precision ?? null,
    gixy: meta.gixy ?? [],
    options: meta.options ?? {},
    docs: ruleDocsUrl(meta.id),
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}
