// Writes src/uwsgi/options-data.json: every option the installed uWSGI knows, read from the binary
// itself. `uwsgi --help` lists names and help but not whether an option takes a value or can repeat,
// so a small LD_PRELOAD shim stops uWSGI at the end of its getopt_long() loop and prints its option
// table (core/uwsgi.c build_options: uwsgi.options sits just before uwsgi.long_options in the
// `uwsgi` global): name, argument type, short form, flags, and the handler function's symbol.
// Each plugin in the plugin directory is loaded alone (`--plugins <name>`); options beyond the
// core's belong to it. Nothing is hand-typed: the only fixed knowledge below is which handler
// functions overwrite a single value (core/uwsgi.c uwsgi_opt_set_str & co.).
// Run on Debian 12 with uwsgi-core and plugins installed: node scripts/gen-uwsgi-options.js [--out FILE]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_VERSION = 1;

/** Handlers that overwrite one value: a second line replaces the first (core/uwsgi.c 2.0). */
const SINGLE_VALUE_HANDLERS = new Set([
  'uwsgi_opt_set_str', 'uwsgi_opt_set_int', 'uwsgi_opt_set_64bit', 'uwsgi_opt_set_16bit', 'uwsgi_opt_set_megabytes',
  'uwsgi_opt_set_placeholder_ignore', 'uwsgi_opt_true', 'uwsgi_opt_false', 'uwsgi_opt_set_uid', 'uwsgi_opt_set_gid',
  'uwsgi_opt_set_immediate_uid', 'uwsgi_opt_set_immediate_gid', 'uwsgi_opt_set_rawint', 'uwsgi_opt_set_sig',
]);
/** Handlers that append one entry per line (string lists, sockets, daemons, crons, ...). */
const MULTI_VALUE_HANDLER = /^uwsgi_opt_(add_|load|set_env$|unset_env$|pythonpath$|spooler$|fileserve_mode$)/;

const FLAG_NAMES = ['immediate', 'master', 'logMaster', 'threads', 'cheaper', 'vhost', 'memory', 'procname', 'lazy', 'noInitial', 'noServer', 'postBuffering', 'cluster', 'mime', 'reqLogMaster', 'metrics'];

const SHIM = String.raw`
#define _GNU_SOURCE
#include <dlfcn.h>
#include <getopt.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct uwsgi_option { char *name; int type; int shortcut; char *help; void (*func)(char *, char *, void *); void *data; uint64_t flags; };

static void json_string(const char *s) {
  putchar('"');
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void dump(const struct option *longopts) {
  void *global = dlsym(RTLD_DEFAULT, "uwsgi");
  Dl_info info; const ElfW(Sym) *sym = NULL;
  if (!global || !dladdr1(global, &info, (void **)&sym, RTLD_DL_SYMENT) || !sym) { fprintf(stderr, "shim: no uwsgi global\n"); _exit(3); }
  uintptr_t *words = (uintptr_t *)global;
  size_t n = sym->st_size / sizeof(uintptr_t);
  struct uwsgi_option *options = NULL;
  for (size_t i = 1; i < n; i++) {
    if (words[i] == (uintptr_t)longopts) {
      struct uwsgi_option *candidate = (struct uwsgi_option *)words[i - 1];
      if (candidate && candidate[0].name == longopts[0].name) { options = candidate; break; }
    }
  }
  if (!options) { fprintf(stderr, "shim: uwsgi.options not found next to uwsgi.long_options\n"); _exit(3); }
  for (struct uwsgi_option *op = options; op->name; op++) {
    const char *func = NULL;
    Dl_info fi; const ElfW(Sym) *fs = NULL;
    if (op->func && dladdr1((void *)op->func, &fi, (void **)&fs, RTLD_DL_SYMENT) && fi.dli_saddr == (void *)op->func) func = fi.dli_sname;
    printf("{\"name\":"); json_string(op->name);
    printf(",\"type\":%d,\"shortcut\":%d,\"flags\":%llu,\"data\":\"%p\",\"func\":", op->type, op->shortcut, (unsigned long long)op->flags, op->data);
    if (func) json_string(func); else printf("null");
    printf(",\"help\":"); json_string(op->help);
    printf("}\n");
  }
  fflush(stdout);
  _exit(0);
}

int getopt_long(int argc, char *const argv[], const char *optstring, const struct option *longopts, int *longindex) {
  static int (*real)(int, char *const[], const char *, const struct option *, int *);
  if (!real) real = (int (*)(int, char *const[], const char *, const struct option *, int *))dlsym(RTLD_NEXT, "getopt_long");
  int r = real(argc, argv, optstring, longopts, longindex);
  if (r == -1) dump(longopts);
  return r;
}
`;

function findUwsgi() {
  for (const candidate of ['/usr/bin/uwsgi-core', '/usr/bin/uwsgi']) if (existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v uwsgi'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

function readTable(uwsgi, shim, args) {
  const run = spawnSync(uwsgi, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LD_PRELOAD: shim }, timeout: 30000 });
  const unable = /UNABLE to load uWSGI plugin: (.*?) !!!/.exec(run.stderr ?? '');
  if (run.status !== 0 || unable) return { ok: false, error: unable ? unable[1] : (run.stderr || run.stdout || String(run.error)).trim().split('\n').slice(-1)[0] };
  return { ok: true, rows: run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) };
}

function repeatOf(func) {
  if (func === null) return 'unknown';
  if (SINGLE_VALUE_HANDLERS.has(func)) return 'single';
  if (MULTI_VALUE_HANDLER.test(func)) return 'multi';
  return 'unknown';
}

/** The data, as a plain object (keys in a stable order). */
export function generate({ uwsgi = findUwsgi(), pluginDir = '/usr/lib/uwsgi/plugins' } = {}) {
  if (!uwsgi) throw new Error('uwsgi not found (install uwsgi-core)');
  const work = mkdtempSync(join(tmpdir(), 'uwsgi-options-'));
  try {
    const shim = join(work, 'shim.so');
    writeFileSync(join(work, 'shim.c'), SHIM);
    execFileSync('cc', ['-shared', '-fPIC', '-O1', '-o', shim, join(work, 'shim.c'), '-ldl'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const version = execFileSync(uwsgi, ['--version'], { encoding: 'utf8' }).trim();
    const core = readTable(uwsgi, shim, []);
    if (!core.ok) throw new Error(`reading the core option table failed: ${core.error}`);
    const coreNames = new Set(core.rows.map((r) => r.name));
    const plugins = existsSync(pluginDir)
      ? [...new Set(readdirSync(pluginDir).filter((f) => f.endsWith('_plugin.so')).map((f) => f.slice(0, -'_plugin.so'.length)))].sort()
      : [];
    const byPlugin = new Map();
    const failed = {};
    const tables = new Map();
    for (const plugin of plugins) {
      const table = readTable(uwsgi, shim, ['--plugins', plugin]);
      if (table.ok) tables.set(plugin, table.rows);
      else failed[plugin] = table.error;
    }
    // A plugin that needs another loaded first (gevent_python3 needs python3's symbols) is read
    // after that one: the plugin named by the end of its own name.
    for (const plugin of Object.keys(failed)) {
      const base = [...tables.keys()].find((other) => plugin.endsWith('_' + other));
      if (!base) continue;
      const table = readTable(uwsgi, shim, ['--plugins', `${base},${plugin}`]);
      if (!table.ok) continue;
      const baseNames = new Set(tables.get(base).map((r) => r.name));
      tables.set(plugin, table.rows.filter((r) => !baseNames.has(r.name)));
      delete failed[plugin];
    }
    for (const plugin of plugins) if (tables.has(plugin)) byPlugin.set(plugin, tables.get(plugin).filter((r) => !coreNames.has(r.name)));
    // Aliases write the same field through the same handler (processes/workers, module/wsgi).
    const options = new Map();
    const canonical = new Map();
    const add = (row, provider) => {
      const known = options.get(row.name);
      if (known) {
        if (provider !== 'core' && !known.plugins.includes(provider)) known.plugins.push(provider);
        return;
      }
      const target = row.data !== '(nil)' && row.func ? `${provider}|${row.func}|${row.data}` : null;
      const aliasOf = target && canonical.has(target) ? canonical.get(target) : null;
      if (target && !aliasOf) canonical.set(target, row.name);
      options.set(row.name, {
        name: row.name,
        ...(aliasOf && aliasOf !== row.name ? { aliasOf } : {}),
        ...(row.shortcut > 0 ? { short: String.fromCharCode(row.shortcut) } : {}),
        value: ['none', 'required', 'optional'][row.type] ?? 'required',
        repeat: repeatOf(row.func),
        flags: FLAG_NAMES.filter((_, bit) => (BigInt(row.flags) >> BigInt(bit)) & 1n),
        handler: row.func,
        core: provider === 'core',
        plugins: provider === 'core' ? [] : [provider],
        help: row.help,
      });
    };
    for (const row of core.rows) add(row, 'core');
    for (const [plugin, rows] of byPlugin) for (const row of rows) add(row, plugin);
    const sorted = [...options.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const o of sorted) o.plugins.sort();
    return {
      schemaVersion: SCHEMA_VERSION,
      generator: 'scripts/gen-uwsgi-options.js',
      source: `${basename(realpathSync(uwsgi))} --version ${version}, option tables read at the end of getopt_long(); plugins from ${pluginDir}`,
      uwsgiVersion: version,
      plugins: [...byPlugin.keys()],
      pluginsNotLoadable: failed,
      options: sorted,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function serialize(data) {
  return JSON.stringify(data, null, 1) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  const outAt = process.argv.indexOf('--out');
  const out = outAt > 0 ? process.argv[outAt + 1] : fileURLToPath(new URL('../src/uwsgi/options-data.json', import.meta.url));
  const data = generate();
  writeFileSync(out, serialize(data));
  console.log(`wrote ${out}: ${data.options.length} options, uWSGI ${data.uwsgiVersion}, plugins: ${data.plugins.join(' ')}`);
  if (Object.keys(data.pluginsNotLoadable).length) console.log(`not loadable: ${JSON.stringify(data.pluginsNotLoadable)}`);
}
