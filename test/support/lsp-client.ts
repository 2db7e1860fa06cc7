// A language client for the tests: spawns the built server (bin/nginx-uwsgi-lint.js --lsp, which
// runs bundle/lsp.cjs) and talks LSP to it over stdio with vscode-jsonrpc, as an editor does.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBin = join(repo, 'bin/nginx-uwsgi-lint.js');

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  codeDescription?: { href: string };
  message: string;
  relatedInformation?: { location: { uri: string; range: LspDiagnostic['range'] }; message: string }[];
  data?: unknown;
}

interface Published {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}

export interface TestClient {
  connection: MessageConnection;
  process: ChildProcess;
  stderr: () => string;
  open(path: string, text: string, languageId?: string): Promise<void>;
  change(path: string, text: string): Promise<void>;
  close(path: string): Promise<void>;
  /** The next diagnostics published for `path` that `accept` takes (default: any), waiting up to `ms`. */
  diagnostics(path: string, accept?: (d: LspDiagnostic[]) => boolean, ms?: number): Promise<LspDiagnostic[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  /** How many times diagnostics were published for `path` so far. */
  publishCount(path: string): number;
  stop(): Promise<void>;
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

/** `args`: what node runs (default: the CLI with --lsp). */
export async function startClient(workspace: string, args: string[] = [serverBin, '--lsp']): Promise<TestClient> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: Published[] = [];
  const waiters: (() => void)[] = [];
  const counts = new Map<string, number>();
  connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    published.push(p);
    counts.set(p.uri, (counts.get(p.uri) ?? 0) + 1);
    for (const w of waiters.splice(0)) w();
  });
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: uriOf(workspace), workspaceFolders: [{ uri: uriOf(workspace), name: 'ws' }], capabilities: {} });
  await connection.sendNotification('initialized', {});
  const versions = new Map<string, number>();
  return {
    connection,
    process: child,
    stderr: () => err,
    async open(path, text, languageId = path.endsWith('.ini') ? 'ini' : 'nginx') {
      versions.set(path, 1);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId, version: 1, text } });
    },
    async change(path, text) {
      const version = (versions.get(path) ?? 1) + 1;
      versions.set(path, version);
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(path), version }, contentChanges: [{ text }] });
    },
    async close(path) {
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(path) } });
    },
    async diagnostics(path, accept = () => true, ms = 15_000) {
      const uri = uriOf(path);
      const deadline = Date.now() + ms;
      let seen = 0;
      for (;;) {
        for (; seen < published.length; seen++) {
          const p = published[seen];
          if (p.uri === uri && accept(p.diagnostics)) {
            // This and the earlier ones for the same document are read; other documents' wait their turn.
            const rest = published.filter((q, i) => i > seen || q.uri !== uri);
            published.splice(0, published.length, ...rest);
            return p.diagnostics;
          }
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no accepted diagnostics for ${path} within ${ms} ms; published: ${JSON.stringify(published.map((p) => [p.uri, p.diagnostics.map((d) => d.code)]))}; server stderr: ${err}`);
        await new Promise<void>((done) => {
          const timer = setTimeout(done, left);
          waiters.push(() => {
            clearTimeout(timer);
            done();
          });
        });
      }
    },
    request: (method, params) => connection.sendRequest(method, params),
    publishCount: (path) => counts.get(uriOf(path)) ?? 0,
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      child.kill();
    },
  };
}
