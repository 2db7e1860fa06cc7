// uwsgi/section: the section uWSGI loads ([uwsgi] by default) is not in the file.
// Facts: core/ini.c compares the header text after `[` with its last character chopped, case-
// sensitively; a missing section only logs "Can't find section" and uWSGI loads nothing from the
// file. The resolver (src/uwsgi/resolve.ts) finds the section missing; this rule words it and adds the near miss
// (`[ uwsgi ]`, `[uWSGI]`, `[uwsgi] ; comment`, `[uswgi]`) when there is one, and says when the
// header is there but hidden by a byte-order mark, or there but empty: ini.c counts a section as
// found only once it reads an option of it (uwsgi 2.0.21: `[uwsgi]` alone logs "Can't find section").
// Each case is tested against the real uwsgi binary in test/uwsgi-section-edges.test.ts.
// Renaming the header is an unsafe fix: every line of the section, ignored today, then takes effect.
import type { Rule } from '../src/rule.js';
import { editDistance, isTemplateName, span, type SectionHeader } from '../src/query/index.js';

export const rule: Rule = {
  meta: {
    id: 'uwsgi/section',
    description: 'The file has no [uwsgi] section (or not the one asked for): uWSGI loads nothing from it',
    defaultSeverity: 'error',
    tags: ['silent'],
    fixable: 'unsafe',
    precision: 'very-high',
  },
  check(context) {
    for (const d of context.query.problems.uwsgi('section-missing')) {
      const near = nearMiss(d.sections, d.section);
      if (!near && d.sections.length === 0 && d.span.start === 0 && templateFragment(d.span.source.path, d.span.source.text)) {
        // No header at all in a template: most likely a fragment another template includes into
        // its [uwsgi] section (`{% include 'plugins/python.ini.j2' %}`), which uWSGI never loads alone.
        context.report({
          span: d.span,
          severity: 'warning',
          message: `no section header at all in ${d.name}, a template: if it is a fragment another template includes into its [${d.section}] section, this is fine; if uWSGI loads the rendered file itself, it only logs "Can't find section" and loads nothing from it. Add \`[${d.section}]\` at its top in that case`,
        });
        continue;
      }
      if (!near) {
        // The linted file has another section it may be started with (`app.ini:prod`): say how to lint that.
        const withOther = d.other === 'uwsgi' ? d.name : `${d.name}:${d.other}`;
        const hint = d.other === undefined ? '' : `; if uWSGI reads its [${d.other}] section (\`--ini ${withOther.slice(withOther.lastIndexOf('/') + 1)}\`), lint \`${withOther}\``;
        context.report({ span: d.span, message: `no [${d.section}] section in ${d.name}: uWSGI only logs "Can't find section" and loads nothing from it${hint}` });
        continue;
      }
      const header = span(near.source, near.start, near.end);
      const written = near.source.text.slice(near.start, near.end);
      const related = d.span.source === near.source && d.span.start === 0 ? [] : [{ span: d.span, message: `[${d.section}] is asked for here` }];
      if (near.hiddenByBom) {
        context.report({
          span: header,
          message: `the file starts with a UTF-8 byte-order mark, so uWSGI does not read \`${written}\` as a section header (the line starts with the mark, not \`[\`): it logs "Can't find section" and loads nothing from this file. Save the file as UTF-8 without a byte-order mark`,
          related,
        });
        continue;
      }
      if (near.name === d.section) {
        // Nothing written in the file is lost: a warning, and nothing to fix on the header.
        context.report({
          span: header,
          severity: 'warning',
          message: `\`${written}\` holds no options: uWSGI counts a section as found only once it reads an option of it, so it logs "Can't find section" and this file sets nothing. Add the options under \`${written}\`, or leave the file out of the run`,
          related,
        });
        continue;
      }
      context.report({
        span: header,
        message: `\`${written}\` is not \`[${d.section}]\`: uWSGI compares the text between the brackets exactly and case-sensitively, so it logs "Can't find section" and loads nothing from this file (without a socket it then exits; otherwise it runs without these settings). Write \`[${d.section}]\` alone on the line`,
        related,
        fix: { span: header, text: `[${d.section}]`, applicability: 'unsafe' },
      });
    }
  },
};

/** A file a template engine renders: by its name, or by the tags in it. */
function templateFragment(path: string, text: string): boolean {
  return isTemplateName(path) || /\{%|\{\{|<%/.test(text);
}

/**
 * The header that was meant to be `[section]`: one uWSGI does not see for a byte-order mark, one
 * written with spaces, another case, a trailing comment or one typo, or else the section itself,
 * written right but holding no options.
 */
function nearMiss(sections: readonly SectionHeader[], wanted: string): SectionHeader | undefined {
  const target = wanted.toLowerCase();
  const near = sections.filter((s) => {
    const name = s.name.replace(/\].*$/s, '').trim().toLowerCase();
    return name === target || (target.length > 3 && editDistance(name, target) <= 1);
  });
  return near.find((s) => s.hiddenByBom) ?? near.find((s) => s.name !== wanted) ?? near[0];
}
