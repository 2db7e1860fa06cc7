// A finding's message split for the text format: the rules write one string, `what is wrong: why;
// what to write instead` (nginx rules end the why with `; `, uWSGI rules with `. ` and a capital),
// and the terminal shows the headline on the location line, the why and the fix beneath it.
// The split is read from the message's punctuation outside quotes, backticks and brackets, so the
// config text a message quotes (`"max-age=1; includeSubDomains"`, `(?<name>...)`) is never cut.

export interface MessageParts {
  /** What is wrong, in a few words: the text before the first `: ` (or `; `, `. `). */
  headline: string;
  /** Why it matters; '' when the message says only what is wrong. */
  why: string;
  /** What to write instead, from the first clause that starts with an instruction; '' when none does. */
  fix: string;
}

/** Where a clause ends: the separator's offset and the offset of the clause after it. */
interface Boundary {
  at: number;
  next: number;
  /** A comma only marks where a condition ends ("if it may change, name it ..."); it ends no clause. */
  kind: 'clause' | 'comma';
}

const OPEN: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/**
 * `: `, `; `, `, ` and sentence ends (`. ` or `? ` before a word or a backtick-quoted option, not
 * after "e.g.") that stand outside every `"..."`, backtick quote and bracket (a `'` is an apostrophe
 * as often as a quote, so it is not one). A message whose quotes or brackets do not pair up yields
 * none after the unpaired one, so it is split less, never inside quoted text.
 */
function boundaries(message: string): Boundary[] {
  const found: Boundary[] = [];
  const closers: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === '`') quote = c;
    else if (OPEN[c] !== undefined) closers.push(OPEN[c]);
    else if (closers.length > 0) {
      if (c === closers[closers.length - 1]) closers.pop();
    } else if (message[i + 1] === ' ') {
      if (c === ':' || c === ';') found.push({ at: i, next: i + 2, kind: 'clause' });
      else if (c === ',') found.push({ at: i, next: i + 2, kind: 'comma' });
      else if ((c === '.' || c === '?') && /^[A-Za-z`]/.test(message.slice(i + 2, i + 3)) && !/(?:^|\W)(?:e\.g|i\.e|etc|vs|cf)$/.test(message.slice(Math.max(0, i - 4), i))) {
        found.push({ at: i, next: i + 2, kind: 'clause' });
      }
    }
  }
  return found;
}

// The verbs the rules' advice starts with ("write ...", "Add `master = true`", "map it onto ...").
const INSTRUCTION =
  /^(?:add|anchor|answer|avoid|bind|capture|change|check|close|declare|define|delete|did you mean|do not|drop|end|escape|exclude|fix|give|have|hide|keep|let|lint|list|make|map|mark|match|move|name|pass|point|put|quote|read|remove|rename|repeat|replace|restrict|run|save|send|set|split|start|strip|take|tell|turn|upgrade|use|write)\b(?!')/i;
// Advice behind a condition or a purpose: "if it may change, name it ...", "to pass the path as sent, use ...".
const LEAD_IN = /^(?:after|before|for|if|in|once|to|unless|when)\b/i;

export function messageParts(message: string): MessageParts {
  const text = message.replace(/\.$/, '');
  const all = boundaries(text);
  const clauses = all.filter((b) => b.kind === 'clause');
  // The headline ends at the first clause boundary: `: `, `; ` or a sentence end.
  const head = clauses[0];
  if (head === undefined) return { headline: text, why: '', fix: '' };
  const headline = text.slice(0, head.at);
  // The opening words of the text at an offset, enough for the patterns above.
  const opening = (at: number) => text.slice(at, at + 16);
  const instructs = (b: Boundary) => {
    if (INSTRUCTION.test(opening(b.next))) return true;
    if (!LEAD_IN.test(opening(b.next))) return false;
    const comma = all.find((c) => c.kind === 'comma' && c.at > b.at);
    const end = clauses.find((c) => c.at > b.at);
    return comma !== undefined && (end === undefined || comma.at < end.at) && INSTRUCTION.test(opening(comma.next));
  };
  // The first clause after the headline that gives an instruction, even after a colon (`...: add ...`).
  const fix = clauses.find((b) => instructs(b));
  if (fix === undefined) return { headline, why: text.slice(head.next), fix: '' };
  return { headline, why: text.slice(head.next, Math.max(head.next, fix.at)), fix: text.slice(fix.next) };
}
