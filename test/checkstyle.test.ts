// Checkstyle XML: every report is well-formed XML and valid against checkstyle's own report schema,
// config/checkstyle-report-1.0.0.xsd in the checkstyle repository, checked element by element
// here (no XSD validator runs on Node without native code): root <checkstyle> with an optional
// version; its children <file>, <error> or <exception>; <file> with a required name and <error>
// or <exception> children; <error> with only the optional attributes line and column (positive
// integers), message, severity (error, warning or info) and source.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runCapturedCli } from './support/run-cli.js';
import { lintText } from '../src/lint.js';
import { formatCheckstyle } from '../src/reporters/checkstyle.js';
import { goldenResult } from './fixtures/golden/load.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** The document as a tree of elements, in order (preserveOrder keeps mixed children apart). */
function parse(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  expect(valid, 'well-formed XML').toBe(true);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, trimValues: false });
  const toElements = (nodes: Record<string, unknown>[]): XmlElement[] =>
    nodes.flatMap((node) => {
      const name = Object.keys(node).find((k) => k !== ':@')!;
      if (name === '#text' || name === '?xml') return [];
      const children = node[name] as Record<string, unknown>[];
      const text = children.filter((c) => '#text' in c).map((c) => String(c['#text'])).join('');
      return [{ name, attributes: (node[':@'] ?? {}) as Record<string, string>, children: toElements(children), text }];
    });
  const roots = toElements(parser.parse(xml));
  expect(roots.map((r) => r.name)).toEqual(['checkstyle']);
  return roots[0];
}

const POSITIVE_INTEGER = /^\+?0*[1-9]\d*$/;

/** The violations of checkstyle-report-1.0.0.xsd in the document, as readable strings. */
function schemaViolations(root: XmlElement): string[] {
  const problems: string[] = [];
  const onlyAttributes = (e: XmlElement, allowed: string[]) => {
    for (const a of Object.keys(e.attributes)) if (!allowed.includes(a)) problems.push(`<${e.name}> has attribute ${a}`);
  };
  const checkError = (e: XmlElement) => {
    onlyAttributes(e, ['column', 'line', 'message', 'severity', 'source']);
    for (const a of ['line', 'column']) {
      if (a in e.attributes && !POSITIVE_INTEGER.test(e.attributes[a])) problems.push(`<error ${a}="${e.attributes[a]}"> is not a positive integer`);
    }
    if ('severity' in e.attributes && !['error', 'warning', 'info'].includes(e.attributes.severity)) problems.push(`<error severity="${e.attributes.severity}">`);
    if (e.children.length > 0 || e.text.trim() !== '') problems.push('<error> has content');
  };
  onlyAttributes(root, ['version']);
  for (const child of root.children) {
    if (child.name === 'file') {
      onlyAttributes(child, ['name']);
      if (!('name' in child.attributes)) problems.push('<file> without name');
      for (const inner of child.children) {
        if (inner.name === 'error') checkError(inner);
        else if (inner.name !== 'exception') problems.push(`<file> contains <${inner.name}>`);
      }
    } else if (child.name === 'error') checkError(child);
    else if (child.name !== 'exception') problems.push(`<checkstyle> contains <${child.name}>`);
  }
  return problems;
}

function expectValid(xml: string): XmlElement {
  const root = parse(xml);
  expect(schemaViolations(root)).toEqual([]);
  return root;
}

describe('checkstyle XML is valid against checkstyle-report-1.0.0.xsd', () => {
  it('the golden findings, every file listed with its errors', () => {
    const root = expectValid(formatCheckstyle(goldenResult()));
    expect(root.attributes.version).toBe('4.3');
    expect(root.children.map((f) => [f.attributes.name, f.children.map((e) => `${e.attributes.line}:${e.attributes.column} ${e.attributes.severity} ${e.attributes.source}`)])).toEqual([
      ['deploy/app.ini', ['4:16 warning nginx-uwsgi-lint.golden/chmod-socket']],
      [
        'deploy/site.conf',
        ['4:2 info nginx-uwsgi-lint.golden/pass-everything', '6:14 error nginx-uwsgi-lint.golden/socket-path', '8:11 warning nginx-uwsgi-lint.golden/alias-slash'],
      ],
    ]);
    // The parser hands the message back exactly as the finding says it: the escaping round-trips.
    expect(root.children[0].children[0].attributes.message).toBe(goldenResult().results[0].messages[0].message);
  });

  it('a clean run and a file without findings', async () => {
    expect(expectValid(formatCheckstyle({ results: [], errorCount: 0, warningCount: 0, infoCount: 0 })).children).toEqual([]);
    const clean = await lintText([{ path: 'site.conf', text: 'server {\n  listen 80;\n  server_name example.com;\n  root /srv/www;\n  server_tokens off;\n}\n' }], { cwd: '/work/repo' });
    const root = expectValid(formatCheckstyle(clean));
    expect(root.children.map((f) => f.attributes.name)).toEqual(['site.conf']);
  });

  it('markup, quotes, control characters and non-characters in names and messages', () => {
    const r = goldenResult();
    r.results[0].filePath = 'deploy/a&b <"x">\'.ini';
    r.results[0].messages[0].message = 'value "<script>" & \x1b]0;title\x07 and \ufffe, line\nbreak';
    const root = expectValid(formatCheckstyle(r));
    expect(root.children[0].attributes.name).toBe('deploy/a&b <"x">\'.ini');
    expect(root.children[0].children[0].attributes.message).toBe('value "<script>" & \\x1b]0;title\\x07 and \\ufffe, line\\nbreak');
  });

  it('the checks catch a broken document (the validator is live)', () => {
    const good = formatCheckstyle(goldenResult());
    expect(schemaViolations(parse(good.replace('severity="info"', 'severity="note"')))).toEqual(['<error severity="note">']);
    expect(schemaViolations(parse(good.replace('line="4"', 'line="0"')))).toEqual(['<error line="0"> is not a positive integer']);
    expect(schemaViolations(parse(good.replace('<file name="deploy/app.ini">', '<file>')))).toEqual(['<file> without name']);
    expect(XMLValidator.validate(good.replace('&apos;', "'").replace('message="chmod', "message='chmod"))).not.toBe(true);
  });

  it('names the other side of a pair in the message', async () => {
    const result = await lintText(
      [
        { path: 'deploy/site.conf', text: 'server {\n  location / {\n    include uwsgi_params;\n    uwsgi_pass unix:/run/app.sock;\n  }\n}\n' },
        { path: 'deploy/app.ini', text: '[uwsgi]\nsocket = /run/other.sock\nmaster = true\n' },
      ],
      { cwd: '/work/repo' },
    );
    const root = expectValid(formatCheckstyle(result));
    const errors = root.children.flatMap((f) => f.children);
    const mismatch = errors.find((e) => e.attributes.source === 'nginx-uwsgi-lint.pair/socket-mismatch')!;
    expect(mismatch.attributes.severity).toBe('error');
    expect(mismatch.attributes.message).toContain('deploy/app.ini:2:');
  });
});

describe('the CLI', () => {
  it('writes the report with --format checkstyle', async () => {
    const { code, stdout } = await runCapturedCli(['--stdin', '--stdin-filename', 'site.conf', '--format', 'checkstyle'], '/work/repo', 'server {\n  listen 80;\n  root /;\n}\n');
    expect(code).toBe(1);
    const root = expectValid(stdout);
    expect(root.children[0].children.map((e) => e.attributes.source)).toContain('nginx-uwsgi-lint.nginx/filesystem-root');
  });
});
