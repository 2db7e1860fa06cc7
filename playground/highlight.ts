// Syntax colouring for the two editors, as CodeMirror stream languages tagged with stable
// `tok-*` classes (classHighlighter) that index.html colours. The ini side is
// @codemirror/legacy-modes' properties mode: `[section]` headers, `key = value`, and `#`/`;`
// comments only at the start of a line, as uWSGI reads them (an inline `;` is part of the value).
// The nginx side is our own: the legacy nginx mode colours a fixed list of directives from 2010
// (no uwsgi_pass) and opens a C comment at `/*`, which turns everything after
// `include sites-enabled/*;` into a comment.
import { StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import { properties } from '@codemirror/legacy-modes/mode/properties';
import { classHighlighter } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';

interface NginxState {
  /** The next word starts a statement: it is a directive name. */
  atDirective: boolean;
}

/** As nginx's lexer (ngx_conf_read_token) splits: words end at whitespace, `;`, `{`, `}`; a quote at a word's start groups; `#` there comments. */
export const nginxParser: StreamParser<NginxState> = {
  name: 'nginx',
  startState: () => ({ atDirective: true }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    const ch = stream.next()!;
    if (ch === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      state.atDirective = true;
      return ch === ';' ? 'punctuation' : 'brace';
    }
    const directive = state.atDirective;
    state.atDirective = false;
    if (ch === '"' || ch === "'") {
      let escaped = false;
      for (let c = stream.next(); c !== undefined; c = stream.next()) {
        if (c === ch && !escaped) break;
        escaped = !escaped && c === '\\';
      }
      return 'string';
    }
    if (ch === '$') {
      if (stream.eat('{')) {
        stream.eatWhile(/[^}\s;]/);
        stream.eat('}');
      } else stream.eatWhile(/\w/);
      return 'variableName.special';
    }
    // A quote inside a word is part of it; a variable is coloured on its own.
    stream.eatWhile(/[^\s;{}$]/);
    if (directive) return 'keyword';
    return /^\d+[a-zA-Z]?$/.test(stream.current()) ? 'number' : null;
  },
};

export const nginxHighlighting: Extension = [StreamLanguage.define(nginxParser), syntaxHighlighting(classHighlighter)];
export const iniHighlighting: Extension = [StreamLanguage.define(properties), syntaxHighlighting(classHighlighter)];
