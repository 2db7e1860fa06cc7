// The entry point of bundle/lsp.cjs: `nginx-uwsgi-lint --lsp` and `nginx-uwsgi-lint-lsp` start the
// language server on stdin/stdout. stdout carries the protocol: anything else printed there
// would break it, so console output goes to stderr (the editor's log of the server).
import { startServer } from './server.js';

export function main(): void {
  console.log = console.error;
  console.info = console.error;
  startServer();
}
