// The VS Code extension: starts the language server that ships inside it (server/lsp.cjs, the
// repository's bundle/lsp.cjs) with VS Code's own Node, over stdio, for nginx and ini documents.
'use strict';
const path = require('node:path');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function activate(context) {
  const server = context.asAbsolutePath(path.join('server', 'nginx-uwsgi-lint-lsp.js'));
  const run = { module: server, transport: TransportKind.stdio };
  client = new LanguageClient(
    'nginx-uwsgi-lint',
    'nginx-uwsgi-lint',
    { run, debug: run },
    {
      // nginx configs (the language this extension contributes: sites-available/*, nginx.conf,
      // ...) and ini files (uWSGI's; the server says nothing about other ini files).
      documentSelector: [
        { scheme: 'file', language: 'nginx' },
        { scheme: 'file', language: 'ini' },
      ],
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
