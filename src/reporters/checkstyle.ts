// Checkstyle XML, which Jenkins (warnings-ng), reviewdog, Danger and most CI dashboards read:
// <checkstyle><file name><error line column severity message source/></file></checkstyle>, as
// checkstyle's own schema (config/checkstyle-report-1.0.0.xsd) defines it. Every linted file is
// listed, with or without findings, as checkstyle and ESLint's formatter do. `source` is
// `nginx-uwsgi-lint.<rule id>`: readers take the part after the last dot as the check's name.
// Control characters are shown as escapes (XML 1.0 cannot carry most of them even as references).
// Validated in test/checkstyle.test.ts.
import type { LintMessage, LintResult } from '../result.js';
import { escapeControls } from './escape.js';
import { messageWithRelated } from './related.js';

export const CHECKSTYLE_VERSION = '4.3';
const SOURCE_PREFIX = 'nginx-uwsgi-lint.';

export function formatCheckstyle(result: LintResult): string {
  let out = `<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="${CHECKSTYLE_VERSION}">\n`;
  for (const file of result.results) {
    out += `  <file name="${attribute(file.filePath)}">\n`;
    for (const m of file.messages) out += `    ${errorElement(m)}\n`;
    out += '  </file>\n';
  }
  return out + '</checkstyle>\n';
}

function errorElement(m: LintMessage): string {
  // The schema's line and column are positive integers: a finding about the whole file is at 1:1.
  const attributes: [string, string | number][] = [
    ['line', Math.max(1, m.line)],
    ['column', Math.max(1, m.column)],
    ['severity', m.severity],
    ['message', messageWithRelated(m)],
    ['source', SOURCE_PREFIX + m.ruleId],
  ];
  return `<error ${attributes.map(([k, v]) => `${k}="${attribute(String(v))}"`).join(' ')}/>`;
}


/** Text for a double-quoted attribute: escapes for controls and the non-characters U+FFFE/U+FFFF, references for markup. */
export function attribute(text: string): string {
  return escapeControls(text)
    .replace(/[\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
