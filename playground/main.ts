// The playground page: two CodeMirror editors (nginx, uWSGI) linted together as a pair by the
// library's lintText() (playground/core.ts), each finding shown at its place in its editor and in
// the list below with its severity, rule link and the related location on the other side.
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { lintGutter, setDiagnostics, type Diagnostic as EditorDiagnostic } from '@codemirror/lint';
import type { LintMessage, LintResult } from '../src/result.js';
import { lintPair, NGINX_PATH, UWSGI_PATH, ruleDocsUrl } from './core.js';
import { decodeState, encodeState, type PairTexts } from './state.js';
import { iniHighlighting, nginxHighlighting } from './highlight.js';
import tutorialNginx from '../examples/mistakes/mysite_nginx.conf';
import tutorialUwsgi from '../examples/mistakes/mysite_uwsgi.ini';

type Side = 'nginx' | 'uwsgi';
const byPath = (path: string): Side | null => (path === NGINX_PATH ? 'nginx' : path === UWSGI_PATH ? 'uwsgi' : null);

const element = (id: string) => document.getElementById(id)!;
const status = element('status');
const list = element('findings');
element('nginx-name').textContent = NGINX_PATH;
element('uwsgi-name').textContent = UWSGI_PATH;

let timer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;

const setup = (language: Extension, onChange: () => void): Extension[] => [
  language,
  lineNumbers(),
  highlightActiveLine(),
  history(),
  keymap.of([...defaultKeymap, ...historyKeymap]),
  lintGutter(),
  EditorView.updateListener.of((u) => {
    if (u.docChanged) onChange();
  }),
];

const initial: PairTexts = decodeState(location.hash) ?? { nginx: tutorialNginx, uwsgi: tutorialUwsgi };
const views: Record<Side, EditorView> = {
  nginx: new EditorView({ parent: element('nginx'), state: EditorState.create({ doc: initial.nginx, extensions: setup(nginxHighlighting, schedule) }) }),
  uwsgi: new EditorView({ parent: element('uwsgi'), state: EditorState.create({ doc: initial.uwsgi, extensions: setup(iniHighlighting, schedule) }) }),
};

function texts(): PairTexts {
  return { nginx: views.nginx.state.doc.toString(), uwsgi: views.uwsgi.state.doc.toString() };
}

function schedule(): void {
  document.body.dataset.state = 'linting';
  clearTimeout(timer);
  timer = setTimeout(() => void relint(), 250);
}

/** Offset of a 1-based line and column (UTF-16, as the library counts) in a document. */
function offset(view: EditorView, line: number, column: number): number {
  const doc = view.state.doc;
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + column - 1, l.to);
}

function locationText(file: string, line: number, column: number): string {
  return `${file}:${line}:${column}`;
}

function toEditor(view: EditorView, m: LintMessage): EditorDiagnostic {
  const from = offset(view, m.line, m.column);
  const to = Math.max(from, offset(view, m.endLine, m.endColumn));
  const related = m.related.map((r) => `\n  ${locationText(r.filePath, r.line, r.column)}: ${r.message}`).join('');
  return { from, to, severity: m.severity, source: m.ruleId, message: `${m.message}${related}` };
}

function reveal(side: Side, line: number, column: number): void {
  const view = views[side];
  const at = offset(view, line, column);
  view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
  view.focus();
}

function locationLink(file: string, line: number, column: number): HTMLElement {
  const side = byPath(file);
  const a = document.createElement('a');
  a.className = 'loc';
  a.textContent = locationText(file, line, column);
  if (side) a.addEventListener('click', () => reveal(side, line, column));
  return a;
}

function render(result: LintResult): void {
  const items: HTMLElement[] = [];
  for (const file of result.results) {
    for (const m of file.messages) {
      const li = document.createElement('li');
      li.className = `finding ${m.severity}`;
      li.dataset.rule = m.ruleId;
      li.dataset.file = file.filePath;
      li.dataset.line = String(m.line);
      li.dataset.column = String(m.column);
      const where = locationLink(file.filePath, m.line, m.column);
      where.classList.add('where');
      const severity = document.createElement('span');
      severity.className = 'severity';
      severity.textContent = m.severity;
      const rule = document.createElement('a');
      rule.className = 'rule';
      rule.href = ruleDocsUrl(m.ruleId);
      rule.target = '_blank';
      rule.rel = 'noopener';
      rule.textContent = m.ruleId;
      const message = document.createElement('span');
      message.className = 'message';
      message.textContent = m.message;
      li.append(where, ' ', severity, ' ', message, ' [', rule, ']');
      for (const r of m.related) {
        const div = document.createElement('div');
        div.className = 'related';
        div.append('related: ', locationLink(r.filePath, r.line, r.column), ` ${r.message}`);
        li.append(div);
      }
      items.push(li);
    }
  }
  list.replaceChildren(...items);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  status.textContent = `${count(result.errorCount, 'error')}, ${count(result.warningCount, 'warning')}, ${count(result.infoCount, 'info')}`;
}

async function relint(): Promise<void> {
  const mine = ++generation;
  const now = texts();
  window.history.replaceState(null, '', encodeState(now));
  let result: LintResult;
  try {
    result = await lintPair(now.nginx, now.uwsgi);
  } catch (err) {
    status.textContent = `internal error: ${err instanceof Error ? err.message : String(err)}`;
    return;
  }
  if (mine !== generation) return;
  for (const side of ['nginx', 'uwsgi'] as const) {
    const messages = result.results.filter((r) => byPath(r.filePath) === side).flatMap((r) => r.messages);
    views[side].dispatch(setDiagnostics(views[side].state, messages.map((m) => toEditor(views[side], m))));
  }
  render(result);
  document.body.dataset.state = 'done';
}

function load(next: PairTexts): void {
  for (const side of ['nginx', 'uwsgi'] as const) views[side].dispatch({ changes: { from: 0, to: views[side].state.doc.length, insert: next[side] } });
  schedule();
}

element('share').addEventListener('click', () => {
  window.history.replaceState(null, '', encodeState(texts()));
  void navigator.clipboard?.writeText(location.href).then(() => (status.textContent = 'link copied'), () => undefined);
});
element('reset').addEventListener('click', () => load({ nginx: tutorialNginx, uwsgi: tutorialUwsgi }));
window.addEventListener('hashchange', () => {
  const next = decodeState(location.hash);
  const now = texts();
  if (next && (next.nginx !== now.nginx || next.uwsgi !== now.uwsgi)) load(next);
});
schedule();
