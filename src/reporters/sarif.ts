// SARIF 2.1.0, as GitHub code scanning reads it: the tool and every rule (with its doc as help),
// one result per message with a full region, related locations for the other side of a pair,
// fixes as replacements, fingerprints that survive edits above the finding, and fatal errors as
// tool execution notifications. Validated against the OASIS schema in test/sarif.test.ts.
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules as registry } from '../../rules/index.js';
import type { Severity } from '../diagnostic.js';
import { ruleDocsUrl, type RuleMeta } from '../rule.js';
import type { LintMessage, LintResult, RelatedLocation } from '../result.js';
import { lineText, positionAt, type SourceFile } from '../source.js';
import { readPackageInfo, readRuleDoc } from './package-files.js';
import { ResultSources } from './sources.js';

// node:crypto (for the fingerprints) loads a score of Node's internal modules, 3 ms of every
// run: only a SARIF report needs it (the CLI bundle keeps the require inside this function).
let cryptoModule: typeof Crypto | undefined;
const crypto = (): typeof Crypto => (cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto);

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/nginx-uwsgi-lint/nginx-uwsgi-lint';
/** The base every relative artifact URI hangs from; GitHub maps it onto the checkout. */
export const SRCROOT = '%SRCROOT%';
/** Key of our own partial fingerprint; the version changes if the way it is computed does. */
export const FINGERPRINT_KEY = 'nginxUwsgiLint/v1';

export interface SarifNotification {
  message: string;
  level?: 'error' | 'warning' | 'note';
}

export interface SarifReporterOptions {
  /** The directory the result's relative paths are relative to (default: process.cwd()). */
  cwd?: string;
  /** Rules to describe in tool.driver.rules (default: the registry). */
  rules?: readonly RuleMeta[];
  /** Tool version (default: the package's). */
  version?: string;
  /** Fatal problems of the run; any `error` among them marks the invocation unsuccessful. */
  notifications?: SarifNotification[];
  /** Indent for pretty output. Default 2. */
  indent?: number;
}

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarifObject(result: LintResult, options: SarifReporterOptions = {}): Json {
  const cwd = options.cwd ?? process.cwd();
  const metas = options.rules ?? registry.map((r) => r.meta);
  const descriptors: Json[] = [];
  const ruleIndex = new Map<string, number>();
  const describe = (meta: RuleMeta) => {
    ruleIndex.set(meta.id, descriptors.length);
    descriptors.push(ruleDescriptor(meta));
  };
  for (const meta of metas) describe(meta);

  const sources = new ResultSources(result);
  const fingerprints = new Map<string, number>();
  const results: Json[] = [];
  for (const file of result.results) {
    for (const m of file.messages) {
      if (!ruleIndex.has(m.ruleId)) describe(unknownRule(m.ruleId, m.severity));
      results.push(sarifResult(file.filePath, m, ruleIndex.get(m.ruleId)!, sources, fingerprints));
    }
  }

  const notifications = options.notifications ?? [];
  const invocation: Json = { executionSuccessful: !notifications.some((n) => (n.level ?? 'error') === 'error') };
  if (notifications.length > 0) {
    invocation.toolExecutionNotifications = notifications.map((n) => ({ level: n.level ?? 'error', message: { text: n.message } }));
  }

  const { name, version } = readPackageInfo();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name,
            version: options.version ?? version,
            semanticVersion: options.version ?? version,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        invocations: [invocation],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith('/') ? cwd : cwd + '/').href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(result: LintResult, options: SarifReporterOptions = {}): string {
  return JSON.stringify(toSarifObject(result, options), null, options.indent ?? 2) + '\n';
}

function ruleDescriptor(meta: RuleMeta): Json {
  const doc = readRuleDoc(meta.id);
  const properties: Json = { tags: meta.tags };
  if (meta.precision) properties.precision = meta.precision;
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: doc?.summary || meta.description },
    ...(doc ? { help: { text: doc.markdown, markdown: doc.markdown } } : {}),
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties,
  };
}

/** A finding from a rule outside the registry (an internal error): described from itself. */
function unknownRule(id: string, severity: Severity): RuleMeta {
  return { id, description: id, defaultSeverity: severity, tags: [], fixable: false };
}

/** `nginx/missing-include` -> `NginxMissingInclude`: SARIF wants a name distinct from the id. */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function sarifResult(
  filePath: string,
  m: LintMessage,
  ruleIndex: number,
  sources: ResultSources,
  fingerprints: Map<string, number>,
): Json {
  const source = sources.get(filePath);
  const out: Json = {
    ruleId: m.ruleId,
    ruleIndex,
    level: LEVEL[m.severity],
    message: { text: messageText(m) },
    locations: [{ physicalLocation: physicalLocation(filePath, m) }],
  };
  if (m.related.length > 0) {
    out.relatedLocations = m.related.map((r, i) => ({
      id: i + 1,
      physicalLocation: physicalLocation(r.filePath, r),
      message: { text: r.message },
    }));
  }
  out.partialFingerprints = { [FINGERPRINT_KEY]: fingerprint(m.ruleId, filePath, source ? lineText(source, m.line) : '', fingerprints) };
  if (m.fix) out.fixes = [sarifFix(filePath, m.fix, source)];
  return out;
}

/** The message, and for pair findings links to the related locations (GitHub shows them so). */
function messageText(m: LintMessage): string {
  if (m.related.length === 0) return m.message;
  // In a message with embedded links, literal brackets are escaped (SARIF 3.11.6).
  const escaped = m.message.replace(/[\\[\]]/g, (c) => '\\' + c);
  const links = m.related.map((r, i) => `[${r.filePath.replace(/[\\[\]]/g, (c) => '\\' + c)}:${r.line}:${r.column}](${i + 1})`);
  return `${escaped} (see ${links.join(', ')})`;
}

function physicalLocation(filePath: string, at: Pick<RelatedLocation, 'line' | 'column' | 'endLine' | 'endColumn'>): Json {
  return {
    artifactLocation: artifactLocation(filePath),
    region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
  };
}

/** Paths below the working directory become URIs relative to %SRCROOT%; others file: URIs. */
export function artifactLocation(filePath: string): Json {
  if (isAbsolute(filePath)) return { uri: pathToFileURL(filePath).href };
  return { uri: filePath.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/**
 * Stable across edits elsewhere in the file: the rule, the path and the text of the line
 * (whitespace collapsed), never its number; identical lines are told apart by occurrence.
 */
function fingerprint(ruleId: string, filePath: string, line: string, seen: Map<string, number>): string {
  const hash = crypto().createHash('sha256').update(`${ruleId}\0${filePath}\0${line.trim().replace(/\s+/g, ' ')}`).digest('hex').slice(0, 32);
  const occurrence = (seen.get(hash) ?? 0) + 1;
  seen.set(hash, occurrence);
  return `${hash}:${occurrence}`;
}

function sarifFix(filePath: string, fix: NonNullable<LintMessage['fix']>, source: SourceFile | null): Json {
  const [start, end] = fix.range;
  let deletedRegion: Json;
  if (source) {
    const from = positionAt(source, start);
    const to = positionAt(source, end);
    deletedRegion = { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
  } else {
    deletedRegion = { charOffset: start, charLength: end - start };
  }
  const edit = fix.text === '' ? 'Delete the text' : `Replace with ${JSON.stringify(fix.text)}`;
  const kind = fix.applicability === 'safe' ? 'safe fix, applied by --fix' : 'unsafe fix: it changes what the server does; applied only by --fix --unsafe-fixes';
  return {
    description: { text: `${edit} (${kind})` },
    artifactChanges: [
      { artifactLocation: artifactLocation(filePath), replacements: [{ deletedRegion, insertedContent: { text: fix.text } }] },
    ],
    // A property bag (SARIF 3.8) is the standard's place for a tool's own facts about an object.
    properties: { applicability: fix.applicability },
  };
}
