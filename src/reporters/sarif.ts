// SARIF 2.1.0, as GitHub code scanning reads it: the tool and every rule (the whole doc as help
// for the rules that found something, a line and the doc's address for the others; a security
// rule's score as security-severity), one result per message with a full region, related
// locations for the other side of a pair, fixes as replacements, fingerprints that survive edits
// above the finding, and fatal errors as tool execution notifications. Validated against the
// OASIS schema in test/sarif.test.ts.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules as registry } from '../../rules/index.js';
import type { Severity } from '../diagnostic.js';
import { ruleDocsUrlAt, type RuleMeta } from '../rule.js';
import type { LintMessage, LintResult, RelatedLocation } from '../result.js';
import { positionAt, type SourceFile } from '../source.js';
import { Fingerprints } from './fingerprint.js';
import { readPackageInfo, readRuleDoc } from './package-files.js';
import { ResultSources } from './sources.js';

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
  /** Tool version (default: the package's); the rule docs are linked at its tag, v<version>. */
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
  const version = options.version ?? readPackageInfo().version;
  const metas = options.rules ?? registry.map((r) => r.meta);
  // The whole doc only where a result points to it: a clean run stays small.
  const found = new Set(result.results.flatMap((file) => file.messages.map((m) => m.ruleId)));
  const descriptors: Json[] = [];
  const ruleIndex = new Map<string, number>();
  const describe = (meta: RuleMeta) => {
    ruleIndex.set(meta.id, descriptors.length);
    descriptors.push(ruleDescriptor(meta, version, found.has(meta.id)));
  };
  for (const meta of metas) describe(meta);

  const sources = new ResultSources(result);
  const fingerprints = new Fingerprints(sources);
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

  const { name } = readPackageInfo();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name,
            version,
            semanticVersion: version,
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

function ruleDescriptor(meta: RuleMeta, version: string, withFullHelp: boolean): Json {
  const doc = readRuleDoc(meta.id);
  const helpUri = ruleDocsUrlAt(meta.id, version);
  const properties: Json = { tags: meta.tags };
  if (meta.precision) properties.precision = meta.precision;
  // GitHub reads it only beside the "security" tag, as a string; the rule meta-test keeps them together.
  if (meta.securitySeverity !== undefined) properties['security-severity'] = meta.securitySeverity.toFixed(1);
  // A rule without results keeps its one line and the doc's address; the rest is the doc again.
  const described: Json = {};
  if (withFullHelp) described.fullDescription = { text: doc?.summary || meta.description };
  if (doc && withFullHelp) described.help = { text: doc.markdown, markdown: doc.markdown };
  else if (doc) described.help = { text: `Documentation: ${helpUri}`, markdown: `[Documentation](${helpUri})` };
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.description },
    ...described,
    helpUri,
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
  fingerprints: Fingerprints,
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
  const { hash, occurrence } = fingerprints.next(filePath, m);
  out.partialFingerprints = { [FINGERPRINT_KEY]: `${hash}:${occurrence}` };
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
