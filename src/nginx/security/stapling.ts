// OCSP stapling of a TLS server, for the rules about it (nginx/ssl-stapling-without-resolver,
// nginx/ssl-stapling-letsencrypt): whether stapling is in force for a server, and which of its
// certificates Let's Encrypt issued. Facts: ngx_http_ssl_merge_srv_conf (ssl_stapling and the
// certificates are server-level, inherited from http), ngx_ssl_stapling (nginx 1.22.1).
import type { NginxDirective } from '../ast.js';
import { effective, type Scope } from '../model.js';

/** Where certbot keeps what it issues; a path under it is a Let's Encrypt certificate. */
const LETS_ENCRYPT_DIR = '/etc/letsencrypt/';

function last(scope: Scope, name: string): NginxDirective | undefined {
  return effective(scope, name).at(-1);
}

/** Whether the server speaks TLS: a listen with `ssl` or `quic`, or `ssl on` in force. */
export function speaksTls(server: Scope): boolean {
  for (const d of server.directives) if (d.name === 'listen' && d.args.slice(1).some((a) => a.value === 'ssl' || a.value === 'quic')) return true;
  return last(server, 'ssl')?.args[0]?.value === 'on';
}

/** The `ssl_stapling on` in force for a TLS server (its own or the http block's), or null. */
export function staplingInForce(server: Scope): NginxDirective | null {
  if (!speaksTls(server)) return null;
  const stapling = last(server, 'ssl_stapling');
  return stapling?.args[0]?.value === 'on' ? stapling : null;
}

/** The server's ssl_certificate / ssl_trusted_certificate lines in force that name a file under /etc/letsencrypt/. */
export function letsEncryptCertificates(server: Scope): NginxDirective[] {
  const out: NginxDirective[] = [];
  for (const name of ['ssl_certificate', 'ssl_trusted_certificate']) {
    for (const d of effective(server, name)) if (d.args[0]?.value.startsWith(LETS_ENCRYPT_DIR)) out.push(d);
  }
  return out;
}
