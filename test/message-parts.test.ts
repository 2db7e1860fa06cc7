// The text format's split of a rule's message into headline, why and fix, on the shapes the rules
// write (`what: why; fix` in nginx rules, `what: why. Fix` in uWSGI rules) and on every doc example.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lintText } from '../src/lint.js';
import { messageParts } from '../src/reporters/message-parts.js';
import { ruleDocFile } from '../src/rule.js';
import { readRuleDoc } from './support/rule-docs.js';

describe('messageParts', () => {
  it('nginx style: what: why; fix', () => {
    expect(messageParts('"allow 1.1.1.1" without a "deny" at this level restricts nothing: requests no rule matches are let through; add "deny all;" after the allow lines')).toEqual({
      headline: '"allow 1.1.1.1" without a "deny" at this level restricts nothing',
      why: 'requests no rule matches are let through',
      fix: 'add "deny all;" after the allow lines',
    });
  });

  it('uWSGI style: what: why. Fix., with the final period dropped', () => {
    expect(messageParts('`workers = 4` without `master`: nothing respawns a worker that dies. Add `master = true`.')).toEqual({
      headline: '`workers = 4` without `master`',
      why: 'nothing respawns a worker that dies',
      fix: 'Add `master = true`',
    });
  });

  it('never cuts inside quotes, backticks or brackets, escaped quotes included', () => {
    const parts = messageParts(
      'this HTTPS server sends no HSTS header: a browser can be kept on http (SSL stripping; on every visit); add \'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\' here',
    );
    expect(parts.why).toBe('a browser can be kept on http (SSL stripping; on every visit)');
    expect(parts.fix).toBe('add \'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;\' here');
    expect(messageParts('`a: b` is odd: answer with "default \\"\\"; x" instead').fix).toBe('answer with "default \\"\\"; x" instead');
  });

  it('a clause that gives no instruction stays in the why; a message without a colon splits at its first clause', () => {
    expect(messageParts('a duplicate listen 0.0.0.0:443: this server listens there already')).toEqual({ headline: 'a duplicate listen 0.0.0.0:443', why: 'this server listens there already', fix: '' });
    expect(messageParts('invalid condition "1"; write if ($var)')).toEqual({ headline: 'invalid condition "1"', why: '', fix: 'write if ($var)' });
    expect(messageParts('unknown directive "//"')).toEqual({ headline: 'unknown directive "//"', why: '', fix: '' });
    // "e.g." ends no sentence, and "Let's" is not "let".
    expect(messageParts('x is here: put it elsewhere, e.g. `/run`').fix).toBe('put it elsewhere, e.g. `/run`');
    expect(messageParts("x is on for Y: Let's Encrypt ended OCSP; remove it")).toEqual({ headline: 'x is on for Y', why: "Let's Encrypt ended OCSP", fix: 'remove it' });
  });

  it('advice behind a condition is the fix; a condition that gives no advice is not', () => {
    expect(messageParts('"flask" is looked up once: requests go to the old address; if it may change, name it in an upstream block')).toEqual({
      headline: '"flask" is looked up once',
      why: 'requests go to the old address',
      fix: 'if it may change, name it in an upstream block',
    });
    expect(
      messageParts('No uWSGI socket listens on 127.0.0.1:3031. If this site is served here, every request is a 502. Did you mean 127.0.0.1:8000? Write `proxy_pass http://127.0.0.1:8000;`'),
    ).toEqual({
      headline: 'No uWSGI socket listens on 127.0.0.1:3031',
      why: 'If this site is served here, every request is a 502',
      fix: 'Did you mean 127.0.0.1:8000? Write `proxy_pass http://127.0.0.1:8000;`',
    });
  });

  it('the headline ends at the first sentence, also one that starts with a lowercase name', () => {
    expect(messageParts('started as root, so the socket is root:root 0755. nginx\'s workers cannot write to it: every request is a 502. Add `chmod-socket = 660`')).toEqual({
      headline: 'started as root, so the socket is root:root 0755',
      why: "nginx's workers cannot write to it: every request is a 502",
      fix: 'Add `chmod-socket = 660`',
    });
  });
});

describe('every rule: the split of its doc examples loses no text and gives a headline shorter than the message', () => {
  const squash = (text: string) => text.replace(/[\s:;.?]/g, '');
  it.each(rules.map((r) => [r.meta.id] as const))('%s', async (id) => {
    const doc = readRuleDoc(join(import.meta.dirname, '..', 'rules', ruleDocFile(id)));
    for (const bad of doc.bad) {
      const result = await lintText(bad.files, { cwd: '/project', config: bad.config as never });
      for (const m of result.results.flatMap((f) => f.messages).filter((x) => x.ruleId === id)) {
        const { headline, why, fix } = messageParts(m.message);
        expect(squash(headline + why + fix), m.message).toBe(squash(m.message));
        expect(headline.length, m.message).toBeGreaterThan(0);
        if (why || fix) expect(headline.length, m.message).toBeLessThan(m.message.length);
      }
    }
  });
});
