// Files the package ships beside the code: package.json (name, version, homepage) and the rule
// docs in rules/*.md. Found relative to this module, from src/reporters/ (tests, tsx), from
// dist/src/reporters/ (the installed package) and from bundle/cli.cjs (the command, which the
// pre-commit hook and the Action run from a checkout), so they work wherever the package is.
import { readFileSync } from 'node:fs';
import { ruleDocFile } from '../rule.js';

const PACKAGE_NAME = 'nginx-uwsgi-lint';

/** The package root as seen from this module: one level up from bundle/, two from src/reporters, three from dist. */
const ROOTS = ['../', '../../', '../../../'];

function readShipped(relative: string, accept: (text: string) => boolean = () => true): string | null {
  for (const root of ROOTS) {
    try {
      const text = readFileSync(new URL(root + relative, import.meta.url), 'utf8');
      if (accept(text)) return text;
    } catch {
      // Not at this root: try the next.
    }
  }
  return null;
}

export interface PackageInfo {
  name: string;
  version: string;
}

let packageInfo: PackageInfo | undefined;

/** This package's name and version, from its package.json. */
export function readPackageInfo(): PackageInfo {
  if (packageInfo) return packageInfo;
  const text = readShipped('package.json', (t) => {
    try {
      return (JSON.parse(t) as { name?: string }).name === PACKAGE_NAME;
    } catch {
      return false;
    }
  });
  const manifest = text === null ? {} : (JSON.parse(text) as { version?: string });
  packageInfo = { name: PACKAGE_NAME, version: manifest.version ?? '0.0.0' };
  return packageInfo;
}

export interface RuleDocText {
  /** The whole page, markdown. */
  markdown: string;
  /** The paragraphs between the `# id` title and the first `## ` section: what the rule finds. */
  summary: string;
}

const docCache = new Map<string, RuleDocText | null>();

/** A rule's doc page (rules/<target>-<name>.md), or null when the package does not have one. */
export function readRuleDoc(id: string): RuleDocText | null {
  if (docCache.has(id)) return docCache.get(id)!;
  const markdown = readShipped(`rules/${ruleDocFile(id)}`);
  let doc: RuleDocText | null = null;
  if (markdown !== null) {
    const body = markdown.replace(/^# .*\n/, '');
    const intro = body.split(/^## /m)[0].trim();
    doc = { markdown, summary: intro.replace(/\s*\n\s*/g, ' ') };
  }
  docCache.set(id, doc);
  return doc;
}
