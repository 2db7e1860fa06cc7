// bench/naive-ohm.js stands for the "naive Ohm grammar" yardstick: it has to parse what
// the synthetic config holds (comments, quotes, nested blocks), or its throughput means nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { oneShapeHttpConfig, pairIni, syntheticHttpConfig } from '../bench/synthetic.js';
import { variedHttpConfig } from '../bench/varied.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'nul-yardstick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(variant: string, text: string) {
  const file = join(dir, `${variant}-${text.length}.conf`);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [join(repo, 'bench/naive-ohm.js'), variant, file], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, out: r.status === 0 ? JSON.parse(r.stdout) : null };
}

describe('the naive Ohm grammars of the bench', () => {
  it.each(['naive', 'ranges'])('%s: parses a small synthetic config, comments and quotes included', (variant) => {
    const text = `${syntheticHttpConfig(10, { logDir: 'logs' })}# a comment { ; }\nadd_header X-Q "a;b {c}" 'd e';\n`;
    const r = run(variant, text);
    expect(r.stderr).toBe('');
    // The synthetic config's top-level statements, then the add_header.
    expect(r.out).toMatchObject({ variant, bytes: text.length, statements: text.split('\n').filter((l) => /^[a-z]/.test(l)).length });
  });

  it.each(['naive', 'ranges'])('%s: refuses what is not a config (exit 1, one line)', (variant) => {
    const r = run(variant, 'server {\n');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

// The shape cache treats letters, digits and `. _ - / :` in a statement alike; this stands in
// for its key, to tell whether the varied config's servers really differ in shape.
const shapeOf = (block: string) => block.replace(/[A-Za-z0-9._\-/:]+/g, 'w');
const serversOf = (text: string) => text.split('\n    server {').slice(1).map((b) => b.split('\n    }')[0]);

function nginxT(text: string, name: string) {
  const d = join(dir, name);
  mkdirSync(join(d, 'logs'), { recursive: true });
  for (const f of ['mime.types', 'uwsgi_params']) copyFileSync(join('/etc/nginx', f), join(d, f));
  writeFileSync(join(d, 'nginx.conf'), text);
  return spawnSync('/usr/sbin/nginx', ['-t', '-q', '-e', 'stderr', '-p', `${d}/`, '-c', join(d, 'nginx.conf'), '-g', `pid ${join(d, 'nginx.pid')}; error_log stderr;`], { encoding: 'utf8' });
}
const hasNginx = existsSync('/usr/sbin/nginx') && existsSync('/etc/nginx/uwsgi_params');
if (!hasNginx) console.warn('bench-yardstick: /usr/sbin/nginx or /etc/nginx/uwsgi_params missing, the nginx -t checks are skipped');

describe('the generated workloads of the bench', () => {
  it('varied: one seed, one text; another seed, another text; the size asked for', () => {
    const a = variedHttpConfig({ seed: 7, bytes: 50_000 });
    expect(variedHttpConfig({ seed: 7, bytes: 50_000 }).text).toBe(a.text);
    expect(variedHttpConfig({ seed: 8, bytes: 50_000 }).text).not.toBe(a.text);
    expect(a.text.length).toBeGreaterThanOrEqual(50_000);
    expect(a.text.length).toBeLessThan(52_000);
  });

  it('varied: servers rarely share a shape, where the synthetic config has five', () => {
    const varied = variedHttpConfig({ seed: 20, bytes: 200_000 });
    const servers = serversOf(varied.text);
    expect(servers).toHaveLength(varied.servers);
    expect(new Set(servers.map(shapeOf)).size).toBeGreaterThan(servers.length * 0.9);
    const synthetic = serversOf(syntheticHttpConfig(100));
    expect(new Set(synthetic.map(shapeOf)).size).toBeLessThanOrEqual(5);
  });

  it.skipIf(!hasNginx)('nginx -t accepts the varied config for several seeds and the one-shape config', () => {
    for (const seed of [1, 20, 99]) {
      const r = nginxT(variedHttpConfig({ seed, bytes: 300_000, logDir: 'logs' }).text, `varied-${seed}`);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const r = nginxT(oneShapeHttpConfig(50, { logDir: 'logs', sockets: 7 }), 'pair');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it("pair: every target of the one-shape config is a socket of the ini", () => {
    const conf = oneShapeHttpConfig(40, { sockets: 6 });
    const ini = pairIni(6);
    const targets = [...conf.matchAll(/uwsgi_pass unix:(\S+);/g)].map((m) => m[1]);
    const sockets = new Set([...ini.matchAll(/^socket = (\S+)$/gm)].map((m) => m[1]));
    expect(targets).toHaveLength(40);
    expect(sockets.size).toBe(6);
    for (const t of targets) expect(sockets.has(t)).toBe(true);
  });
});
