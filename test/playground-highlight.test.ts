// The playground's nginx colouring (playground/highlight.ts) splits a config as nginx's lexer
// does: the first word of each statement is the directive, `#` comments only at a word's start,
// and a glob include (`/*`) is no comment opener (the legacy nginx mode's mistake).
import { StringStream } from '@codemirror/language';
import { describe, expect, test } from 'vitest';
import { nginxParser } from '../playground/highlight.js';

/** Each line's styled tokens, as `text:style`, in order. */
function tokens(text: string): string[][] {
  const state = nginxParser.startState!(4);
  return text.split('\n').map((line) => {
    const out: string[] = [];
    const stream = new StringStream(line, 4, 4);
    while (!stream.eol()) {
      const style = nginxParser.token(stream, state);
      if (style) out.push(`${stream.current()}:${style}`);
      stream.start = stream.pos;
    }
    return out;
  });
}

describe('playground nginx highlighting', () => {
  test('directives, arguments, variables, strings and comments', () => {
    expect(tokens('server {\n    listen 80; # http\n    return 301 "https://$host$request_uri";\n    set $a ${b}x;\n}')).toEqual([
      ['server:keyword', '{:brace'],
      ['listen:keyword', '80:number', ';:punctuation', '# http:comment'],
      ['return:keyword', '301:number', '"https://$host$request_uri":string', ';:punctuation'],
      ['set:keyword', '$a:variableName.special', '${b}:variableName.special', ';:punctuation'],
      ['}:brace'],
    ]);
  });

  test('a glob include opens no comment; a `#` inside a word is part of it', () => {
    expect(tokens('include /etc/nginx/sites-enabled/*;\nuwsgi_pass unix:/run/a#b.sock;')).toEqual([
      ['include:keyword', ';:punctuation'],
      ['uwsgi_pass:keyword', ';:punctuation'],
    ]);
  });

  test('a directive split over lines keeps its arguments as arguments', () => {
    expect(tokens('add_header X-Frame-Options\n    DENY;\nexpires 30d;')).toEqual([['add_header:keyword'], [';:punctuation'], ['expires:keyword', '30d:number', ';:punctuation']]);
  });
});
