// Random edits of a config's text for fuzz tests: inserted syntax pieces, cut and copied spans,
// replaced characters. The same text and random stream always give the same result.

const PIECES = ['{', '}', ';', '"', "'", '#', '\\', '$', '${', '%(', '%d', '@(', '\n', '\r\n', '\t', '\u0000', 'é', '😀', 'unix:', ':', '=', '[uwsgi]', 'include *;', 'if (', ')', 'location ~ (a+)+$ {', 'upstream u {', 'server unix:/x;', 'socket = ', 'uwsgi_pass ', 'proxy_pass http://', '{{ x }}', '{% if %}'];

export function mangle(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const kind = next();
    if (kind < 0.35) out = out.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + out.slice(at);
    else if (kind < 0.65) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 20));
    else if (kind < 0.85) out = out.slice(0, at) + out.slice(Math.floor(next() * out.length), Math.floor(next() * out.length)) + out.slice(at);
    else out = out.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x3000)) + out.slice(at + 1);
  }
  return out;
}

