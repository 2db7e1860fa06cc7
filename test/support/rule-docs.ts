// Reads a rule's doc page: its Bad and Good sections hold fenced configs that the meta-test lints.
// A fence's info string is `<nginx|ini|json|text|dockerfile|systemd|upstart|yaml> <path>`; a
// `json .nginx-uwsgi-lint.json` fence is the configuration for that example; a `text` file is
// classified by its content, as the CLI does; `dockerfile`, `systemd`, `upstart` and `yaml` fences,
// and any path named like a context file (docker-compose.yml, app.service, Dockerfile), are context
// files (how uWSGI is started). A run of numbered words too long to print is written shortened,
// `h0.example.com … h199999.example.com`, and expanded here to every word in between.
//
// A Bad example marks each line its rule reports with a comment line just above it,
// `# expect-next-line: <rule id>` (markdownlint marks its fixtures' expected errors the same way).
// A line of its own because a `#` after a value is part of the value for uWSGI (core/ini.c: only
// whole lines are comments); `#` starts a comment line in nginx, uWSGI ini, systemd, YAML and
// Dockerfiles alike. The marker lines are taken out before the example is linted, so lines are
// counted as in the config without them and a marker cannot change what is reported. (Left in,
// they change nothing either, except in nginx/bom's example, where the mark must stay first.)
import { readFileSync } from 'node:fs';
import { contextKindFromName } from '../../src/context/index.js';

export interface DocExample {
  files: { path: string; text: string; kind?: 'nginx' | 'uwsgi' | 'context' }[];
  config: Record<string, unknown> | undefined;
  /** The lines the markers point at (lines of `text`, markers taken out), with the rule named. */
  marked: { path: string; line: number; rule: string }[];
}

const MARKER = /^[ \t]*# expect-next-line: (\S+)[ \t]*$/;

/** The text without its marker lines, and the line (1-based, in that text) each marker points at. */
export function unmark(text: string): { text: string; marks: { line: number; rule: string }[] } {
  const kept: string[] = [];
  const marks: { line: number; rule: string }[] = [];
  for (const line of text.split('\n')) {
    const m = MARKER.exec(line);
    if (m) marks.push({ line: kept.length + 1, rule: m[1] });
    else kept.push(line);
  }
  return { text: kept.join('\n'), marks };
}

export interface RuleDoc {
  title: string;
  sections: Map<string, string>;
  bad: DocExample[];
  good: DocExample[];
}

const FENCE = /^```([a-z]+)[ \t]+(\S+)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

export function readRuleDoc(path: string): RuleDoc {
  const text = readFileSync(path, 'utf8');
  const title = /^# (.+)$/m.exec(text)?.[1]?.trim() ?? '';
  const sections = new Map<string, string>();
  const parts = text.split(/^## /m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    sections.set(part.slice(0, nl).trim().toLowerCase(), part.slice(nl + 1));
  }
  return { title, sections, bad: examples(sections.get('bad')), good: examples(sections.get('good')) };
}

/** One example per `### ` subsection, and one for the configs before the first subsection. */
function examples(section: string | undefined): DocExample[] {
  if (!section) return [];
  return section.split(/^### /m).map(example).filter((e) => e.files.length > 0);
}

function example(chunk: string): DocExample {
  const files: DocExample['files'] = [];
  const marked: DocExample['marked'] = [];
  let config: Record<string, unknown> | undefined;
  for (const m of chunk.matchAll(FENCE)) {
    const [, lang, path, fenced] = m;
    if (lang === 'json' && path.endsWith('.nginx-uwsgi-lint.json')) {
      config = JSON.parse(fenced);
      continue;
    }
    const { text: body, marks } = unmark(fenced);
    for (const mark of marks) marked.push({ path, ...mark });
    if (contextKindFromName(path)) files.push({ path, text: body, kind: 'context' });
    else if (lang === 'nginx') files.push({ path, text: expandRuns(body), kind: 'nginx' });
    else if (lang === 'ini') files.push({ path, text: expandRuns(body), kind: 'uwsgi' });
    else if (lang === 'text') files.push({ path, text: expandRuns(body) });
    else if (['conf', 'dockerfile', 'systemd', 'upstart', 'yaml'].includes(lang)) files.push({ path, text: body, kind: 'context' });
  }
  return { files, config, marked };
}

/** `w0x … w9x` -> `w0x w1x … w9x`: the words with the same text around a number, every number in between. */
export function expandRuns(text: string): string {
  return text.replace(/([^\s;]*?)(\d+)([^\s;]*) … ([^\s;]*?)(\d+)([^\s;]*)/g, (whole, p1: string, a: string, s1: string, p2: string, b: string, s2: string) => {
    if (p1 !== p2 || s1 !== s2 || Number(b) < Number(a)) return whole;
    const words: string[] = [];
    for (let i = Number(a); i <= Number(b); i++) words.push(`${p1}${i}${s1}`);
    return words.join(' ');
  });
}
