// The language server: diagnostics for nginx and uWSGI documents on open, on change (debounced)
// and on save, from the buffers' texts (a document's own, and the open buffers of the files it
// reads); quick fixes for findings that carry a fix; a hover that explains the finding under the
// cursor. Editing a document relints the open documents whose last run read it (as the other side
// of their pair, as an include, as a context file): their findings may depend on it.
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from './code-actions.js';
import { configDiagnostic, toLspDiagnostic } from './convert.js';
import { findingHover } from './hover.js';
import { PartnerCache } from './partners.js';
import { lintDocument, workspaceFolderOf } from './workspace-lint.js';

/** Time after the last keystroke before a changed document is linted. */
export const CHANGE_DELAY_MS = 150;

function pathOf(uri: string): string | null {
  return uri.startsWith('file:') ? fileURLToPath(uri) : null;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): Connection {
  const documents = new TextDocuments(TextDocument);
  let folders: string[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const partners = new PartnerCache();
  /** The files each linted document's last run read: whose findings a change to a file may change. */
  const readWith = new Map<string, ReadonlySet<string>>();
  /** The diagnostics last published for each document, and the version they are for (the hover reads them). */
  const published = new Map<string, { version: number; diagnostics: LspDiagnostic[] }>();

  connection.onInitialize((params) => {
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = uris.map(pathOf).filter((p): p is string => p !== null);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
      },
      serverInfo: { name: 'nginx-uwsgi-lint' },
    };
  });

  /** The open buffers' texts by absolute path. */
  const openTexts = (): Map<string, string> => {
    const texts = new Map<string, string>();
    for (const doc of documents.all()) {
      const path = pathOf(doc.uri);
      if (path !== null) texts.set(path, doc.getText());
    }
    return texts;
  };

  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    const path = pathOf(uri);
    if (!doc || !path) return;
    const version = doc.version;
    const text = doc.getText();
    try {
      const found = await lintDocument(path, text, openTexts(), workspaceFolderOf(path, folders), partners);
      // A newer version is on its way (or the document closed): these findings are stale.
      if (documents.get(uri)?.version !== version) return;
      readWith.set(uri, new Set(found.read));
      const bom = text.startsWith('\uFEFF');
      const diagnostics = found.configError !== undefined ? [configDiagnostic(found.configError)] : found.messages.map((m) => toLspDiagnostic(m, found.cwd, version, bom));
      published.set(uri, { version, diagnostics });
      await connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      // The linter does not throw on any content; should it all the same, say so and keep serving.
      connection.console.error(`nginx-uwsgi-lint: linting ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  function schedule(uri: string, delay: number): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri);
      }, delay),
    );
  }

  /**
   * The document and, after it, the other open ones whose last run read it (all of
   * them with `everyOther`: after a save, the files on disk, and so the partners, may have changed).
   */
  function refresh(uri: string, delay: number, everyOther = false): void {
    schedule(uri, delay);
    const path = pathOf(uri);
    for (const other of documents.all()) {
      if (other.uri === uri) continue;
      const read = readWith.get(other.uri);
      if (everyOther || read === undefined || (path !== null && read.has(path))) schedule(other.uri, delay + CHANGE_DELAY_MS);
    }
  }

  // TextDocuments fires a content change right after each open: that one is the open's.
  const opening = new Set<string>();
  documents.onDidOpen((e) => {
    partners.clear();
    opening.add(e.document.uri);
    refresh(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    if (!opening.delete(e.document.uri)) refresh(e.document.uri, CHANGE_DELAY_MS);
  });
  documents.onDidSave((e) => {
    partners.clear();
    refresh(e.document.uri, 0, true);
  });
  documents.onDidClose((e) => {
    partners.clear();
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    readWith.delete(e.document.uri);
    published.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // A closed partner or include is read from disk again.
    for (const other of documents.all()) schedule(other.uri, CHANGE_DELAY_MS);
  });
  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? quickFixes(doc, params.context.diagnostics) : [];
  });

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    const last = published.get(params.textDocument.uri);
    // Findings for an older version of the buffer may no longer stand where they were.
    if (!doc || !last || last.version !== doc.version) return null;
    return findingHover(last.diagnostics, params.position);
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
