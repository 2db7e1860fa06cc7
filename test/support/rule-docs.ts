// Reads a rule's doc page: its Bad and Good sections hold fenced configs that the meta-test lints.
// A fence's info string is `<nginx|ini|json> <path>`; a `json .nginx-uwsgi-lint.json` fence is the
// configuration for that example.
import { readFileSync } from 'node:fs';

export interface DocExample {
  files: { path: string; text: string; kind: 'nginx' | 'uwsgi' | 'context' }[];
  config: Record<string, unknown> | undefined;
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

/** One example per `### ` subsection, or the whole section when it has none. */
function examples(section: string | undefined): DocExample[] {
  if (!section) return [];
  const chunks = /^### /m.test(section) ? section.split(/^### /m).slice(1) : [section];
  return chunks.map(example).filter((e) => e.files.length > 0);
}

function example(chunk: string): DocExample {
  const files: DocExample['files'] = [];
  let config: Record<string, unknown> | undefined;
  for (const m of chunk.matchAll(FENCE)) {
    const [, lang, path, body] = m;
    if (lang === 'json' && path.endsWith('.nginx-uwsgi-lint.json')) config = JSON.parse(body);
    else if (lang === 'nginx') files.push({ path, text: body, kind: 'nginx' });
    else if (lang === 'ini') files.push({ path, text: body, kind: 'uwsgi' });
    // A launch beside the configs (a supervisord program, a Dockerfile, a unit): read as a context file.
    else if (lang === 'conf' || lang === 'dockerfile' || lang === 'systemd') files.push({ path, text: body, kind: 'context' });
  }
  return { files, config };
}
