// Writes src/nginx/directives-data.json: every directive of the nginx source tree, from the
// ngx_command_t arrays (name, allowed contexts, argument counts, block or not, handler), with the
// module it belongs to and the module's type; plus which of those modules a given nginx binary
// has compiled in (probed with `nginx -t`). Facts only: no nginx source is copied.
//
// Usage:
//   node scripts/gen-nginx-directives.js <nginx git dir> [rev] [nginx binary or -] [newer rev]
//   node scripts/gen-nginx-directives.js ../nginx release-1.22.1 /usr/sbin/nginx   (a clone of github.com/nginx/nginx)
// The rev defaults to release-1.22.1 (Debian 12 ships 1.22.1). The binary is optional; without it
// the build list is left out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [gitDir, rev = 'release-1.22.1', binary, newerRev = 'master'] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: node scripts/gen-nginx-directives.js <nginx git dir> [rev] [nginx binary]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', `${rev}^{commit}`).trim();
// ngx_conf_file.h and the per-type headers: which flag names mean which context, per module type.
const CONTEXT_FLAGS = {
  NGX_CORE_MODULE: { NGX_MAIN_CONF: ['main'], NGX_ANY_CONF: ['any'] },
  NGX_CONF_MODULE: { NGX_ANY_CONF: ['any'], NGX_MAIN_CONF: ['main'] },
  NGX_EVENT_MODULE: { NGX_EVENT_CONF: ['events'] },
  NGX_HTTP_MODULE: {
    NGX_HTTP_MAIN_CONF: ['http'],
    NGX_HTTP_SRV_CONF: ['server'],
    NGX_HTTP_LOC_CONF: ['location'],
    NGX_HTTP_UPS_CONF: ['upstream'],
    NGX_HTTP_SIF_CONF: ['if-in-server'],
    NGX_HTTP_LIF_CONF: ['if-in-location'],
    NGX_HTTP_LMT_CONF: ['limit_except'],
  },
  NGX_STREAM_MODULE: {
    NGX_STREAM_MAIN_CONF: ['stream'],
    NGX_STREAM_SRV_CONF: ['stream-server'],
    NGX_STREAM_UPS_CONF: ['stream-upstream'],
  },
  NGX_MAIL_MODULE: { NGX_MAIL_MAIN_CONF: ['mail'], NGX_MAIL_SRV_CONF: ['mail-server'] },
};

// ngx_conf_file.h: argument-count flags as the sets of counts they allow.
const ARG_FLAGS = {
  NGX_CONF_NOARGS: [0],
  NGX_CONF_TAKE1: [1],
  NGX_CONF_TAKE2: [2],
  NGX_CONF_TAKE3: [3],
  NGX_CONF_TAKE4: [4],
  NGX_CONF_TAKE5: [5],
  NGX_CONF_TAKE6: [6],
  NGX_CONF_TAKE7: [7],
  NGX_CONF_TAKE12: [1, 2],
  NGX_CONF_TAKE13: [1, 3],
  NGX_CONF_TAKE23: [2, 3],
  NGX_CONF_TAKE123: [1, 2, 3],
  NGX_CONF_TAKE1234: [1, 2, 3, 4],
};
const IGNORED_FLAGS = new Set(['NGX_DIRECT_CONF']);

/** Top-level function bodies of a C file, by name (enough for nginx's one style). */
function functionBodies(text) {
  const bodies = new Map();
  const re = /^(ngx_[a-z0-9_]+)\(([^)]*)\)\n\{\n([\s\S]*?)\n\}\n/gm;
  for (const m of text.matchAll(re)) bodies.set(m[1], m[3]);
  return bodies;
}

function extract(commit) {
  const files = git('ls-tree', '-r', '--name-only', commit, 'src').split('\n').filter((p) => p.endsWith('.c'));
  const modules = [];
  const directives = [];
  const duplicateHandlers = new Set();
  // Handlers that set cf->handler read their block themselves: its lines are not directives.
  const customBlockHandlers = new Set();
  // "is duplicate" only for some arguments (the same zone twice, "off" with others), read off
  // each handler's code: these directives may repeat at one level.
  const CONDITIONAL_DUPLICATE = new Set([
    'ngx_http_mirror', 'ngx_http_limit_conn', 'ngx_http_limit_req', 'ngx_stream_limit_conn',
    'ngx_http_proxy_redirect', 'ngx_http_proxy_cookie_domain', 'ngx_http_proxy_cookie_path',
    'ngx_http_proxy_cookie_flags', 'ngx_http_v2_push',
  ]);
  const handlerUses = new Map();
  const unknownFlags = new Set();

  for (const path of files) {
    const text = git('show', `${commit}:${path}`);
    for (const [name, body] of functionBodies(text)) {
      // A handler that can answer "is duplicate" makes its directive single-slot at one level.
      if (/return "is duplicate"/.test(body)) duplicateHandlers.add(name);
      if (/cf->handler = /.test(body)) customBlockHandlers.add(name);
    }
    if (!text.includes('ngx_command_t')) continue;
    // module name, commands array and type from `ngx_module_t  name = { NGX_MODULE_V1, &ctx, commands, TYPE, ...`
    const moduleRe = /^ngx_module_t\s+(ngx_[a-z0-9_]+)\s*=\s*\{\s*NGX_MODULE_V1,\s*[^,]+,\s*([a-z0-9_]+),\s*([A-Z_]+),/gm;
    const byCommands = new Map();
    for (const m of text.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(moduleRe)) byCommands.set(m[2], { name: m[1], type: m[3] });
    const arrayRe = /static ngx_command_t\s+([a-z0-9_]+)\[\]\s*=\s*\{([\s\S]*?)ngx_null_command/g;
    for (const m of text.matchAll(arrayRe)) {
      const module = byCommands.get(m[1]);
      if (!module) throw new Error(`${path}: no ngx_module_t uses ${m[1]}`);
      modules.push({ name: module.name, type: module.type, file: path });
      const entryRe = /\{\s*ngx_string\("([^"]+)"\),\s*([A-Z0-9_|\s]+?),\s*([a-z0-9_]+),/g;
      for (const e of m[2].matchAll(entryRe)) {
        const [, name, flagText, handler] = e;
        const flags = flagText.split('|').map((f) => f.trim()).filter(Boolean);
        const contexts = new Set();
        const args = new Set();
        let block = false;
        let more = null;
        let flag = false;
        let any = false;
        for (const f of flags) {
          const ctx = CONTEXT_FLAGS[module.type]?.[f];
          if (ctx) ctx.forEach((c) => contexts.add(c));
          else if (ARG_FLAGS[f]) ARG_FLAGS[f].forEach((n) => args.add(n));
          else if (f === 'NGX_CONF_BLOCK') block = true;
          else if (f === 'NGX_CONF_FLAG') flag = true;
          else if (f === 'NGX_CONF_ANY') any = true;
          else if (f === 'NGX_CONF_1MORE') more = 1;
          else if (f === 'NGX_CONF_2MORE') more = 2;
          else if (!IGNORED_FLAGS.has(f)) unknownFlags.add(`${module.type}:${f}`);
        }
        // ngx_conf_handler's order: ANY, then FLAG (exactly 1), 1MORE, 2MORE, else the TAKE bits.
        const argSpec = any ? 'any' : flag ? 'flag' : more !== null ? `${more}+` : [...args].sort((a, b) => a - b).join(',');
        directives.push({ name, module: module.name, contexts: [...contexts], args: argSpec, block, handler });
        handlerUses.set(handler, (handlerUses.get(handler) ?? 0) + 1);
      }
    }
  }
  if (unknownFlags.size) throw new Error(`flags not understood: ${[...unknownFlags].join(', ')}`);
  for (const d of directives) {
    if (duplicateHandlers.has(d.handler)) d.duplicate = CONDITIONAL_DUPLICATE.has(d.handler) ? 'some-arguments' : true;
    if (d.block && customBlockHandlers.has(d.handler)) d.customBlock = true;
  }

  return { modules, directives };
}

const { modules, directives } = extract(commit);
const version = git('show', `${commit}:src/core/nginx.h`).match(/#define NGINX_VERSION\s+"([^"]+)"/)[1];

// Where a probe puts a directive: its native context, wrapped in what nginx needs around it.
const PROBE_WRAP = {
  any: (x) => `events {}\n${x}\n`,
  main: (x) => `events {}\n${x}\n`,
  events: (x) => `events { ${x} }\n`,
  http: (x) => `events {}\nhttp { ${x} }\n`,
  server: (x) => `events {}\nhttp { server { ${x} } }\n`,
  location: (x) => `events {}\nhttp { server { location / { ${x} } } }\n`,
  'if-in-location': (x) => `events {}\nhttp { server { location / { if ($a) { ${x} } } } }\n`,
  'if-in-server': (x) => `events {}\nhttp { server { if ($a) { ${x} } } }\n`,
  limit_except: (x) => `events {}\nhttp { server { location / { limit_except GET { ${x} } } } }\n`,
  upstream: (x) => `events {}\nhttp { upstream u { ${x} } }\n`,
  stream: (x) => `events {}\nstream { ${x} }\n`,
  'stream-server': (x) => `events {}\nstream { server { ${x} } }\n`,
  'stream-upstream': (x) => `events {}\nstream { upstream u { ${x} } }\n`,
  mail: (x) => `events {}\nmail { ${x} }\n`,
  'mail-server': (x) => `events {}\nmail { server { ${x} } }\n`,
};

/**
 * Which modules a binary has compiled in. One directive of each module, in its native context:
 * nginx answers `unknown directive` (no module has the name) or `is not allowed here` (only
 * another module has it) when the module is missing, anything else when it is there.
 */
function probeBuild(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'gen-nginx-directives-'));
  const present = [];
  const absent = [];
  try {
    for (const m of modules) {
      const d = directives.find((x) => x.module === m.name);
      if (!d) continue;
      const conf = join(dir, 'probe.conf');
      writeFileSync(conf, PROBE_WRAP[d.contexts[0]](`${d.name} x;`));
      let out = '';
      try {
        out = execFileSync(bin, ['-t', '-p', `${dir}/`, '-c', conf, '-e', join(dir, 'error.log'), '-g', `pid ${dir}/nginx.pid;`], { encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        out = `${error.stdout}${error.stderr}`;
      }
      const missing = out.includes(`unknown directive "${d.name}"`) || out.includes(`"${d.name}" directive is not allowed here`) || /unknown directive "(stream|mail)"/.test(out);
      (missing ? absent : present).push(m.name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { present, absent };
}

const data = {
  generatedBy: 'scripts/gen-nginx-directives.js',
  nginx: { version, rev, commit, source: 'https://github.com/nginx/nginx' },
  contexts: Object.fromEntries(Object.entries(CONTEXT_FLAGS).map(([t, m]) => [t, Object.values(m).flat()])),
  modules: modules.map((m) => ({ name: m.name, type: m.type, file: m.file })),
  directives,
};
// Directives of a newer nginx that this version lacks: not typos, but not for this nginx either.
const newerCommit = git('rev-parse', `${newerRev}^{commit}`).trim();
const newerVersion = git('show', `${newerCommit}:src/core/nginx.h`).match(/#define NGINX_VERSION\s+"([^"]+)"/)[1];
const known = new Set(directives.map((d) => d.name));
const newer = extract(newerCommit).directives.filter((d) => !known.has(d.name));
data.newer = { version: newerVersion, rev: newerRev, commit: newerCommit, directives: newer };

if (binary && binary !== '-') {
  const versionLine = execFileSync(binary, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || '';
  const { present, absent } = probeBuild(binary);
  let label = binary;
  try {
    const pkg = execFileSync('dpkg-query', ['-S', binary], { encoding: 'utf8' }).split(':')[0];
    const pkgVersion = execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' }).trim();
    label = `Debian ${pkg} ${pkgVersion}`;
  } catch {
    label = `${binary} ${versionLine.trim()}`;
  }
  data.builds = { [label]: { modules: present, missing: absent } };
}
writeFileSync(new URL('../src/nginx/directives-data.json', import.meta.url), JSON.stringify(data, null, 1) + '\n');
console.log(`wrote src/nginx/directives-data.json: nginx ${version} (${rev} ${commit}), ${modules.length} modules, ${directives.length} directives, ${directives.filter((d) => d.duplicate).length} single-slot; newer nginx ${data.newer.version}: ${data.newer.directives.length} more`);
