// What the terminal formats (text, github) print of a config or a file name: characters a terminal
// would act on instead of showing, written out as escapes. A key holding `ESC ] 0 ; ... BEL` would
// otherwise retitle the reader's terminal and `ESC [ 2 J` clear it, colour or not, on a terminal or
// in a CI log; a bidi override would make a line read differently than it is ("Trojan Source",
// CVE-2021-42574, the code points rustc's text_direction_codepoint lints flag). The data formats
// (JSON, SARIF) carry the exact text instead: their own string escaping keeps them safe.

const NAMED: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

/** True for a C0 control, DEL, a C1 control or a bidi embedding, override or isolate. */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** The escape a control character is shown as (`\x1b`, `\n`, `\u202e`), or null for any other. */
export function controlEscape(code: number): string | null {
  if (!isControl(code)) return null;
  const named = NAMED[code];
  if (named !== undefined) return named;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

// Every code point isControl accepts: a string without one is returned as it is, unscanned.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every control character shown as its escape; tabs and line breaks too. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => controlEscape(c.charCodeAt(0))!);
}
