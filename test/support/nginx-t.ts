// Runs the real `nginx -t` on a config held in memory and reports nginx's first error as
// {message, file, line}, classified as a SYNTAX error (the tokenizer and block parser of
// src/core/ngx_conf_file.c) or OTHER (everything a directive handler or the cycle reports).
//
// Isolation: `nginx -t` as root is not read-only. It creates the pid file (CREATE_OR_OPEN,
// ngx_cycle.c ngx_create_pidfile), opens every error_log/access_log file the config names,
// mkdirs and chowns every *_temp_path / proxy_cache_path. Corpus configs name /run/nginx.pid,
// /var/log/nginx/*.log, /var/cache/nginx/... So each run happens in a throw-away chroot that
// holds a copy of the nginx binary, its libraries, /etc/passwd and /etc/group (for `user`), and
// copies of Debian's /etc/nginx/{mime.types,*_params}; whatever nginx creates lands there.
// `-g 'pid ...;'` is not used: a config with its own `pid` would then fail with
// `"pid" directive is duplicate` at that line and hide everything after it.
// Without the right to chroot (not root) the runner falls back to `-p tmp -e tmp/error.log
// -g 'pid tmp/nginx.pid;'`, which is what a non-root nginx can do anyway.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const NGINX_BINARY = '/usr/sbin/nginx';

/** Debian's stock include files, copied beside every config so `include uwsgi_params` resolves. */
export const STOCK_INCLUDES = ['mime.types', 'uwsgi_params', 'fastcgi_params', 'scgi_params', 'proxy_params'];

/** Where a fragment's top level sits, i.e. what nginx would wrap around it when including it. */
export type Wrapping = 'main' | 'http' | 'server' | 'location';
export const WRAPPINGS: readonly Wrapping[] = ['main', 'http', 'server', 'location'];

export type NginxVerdict = 'ok' | 'syntax' | 'other';

export interface NginxConfigFile {
  /** Relative path inside the config directory, `/`-separated (e.g. `h5bp/basic.conf`). */
  path: string;
  text: string | Uint8Array;
}

export interface NginxTResult {
  ok: boolean;
  verdict: NginxVerdict;
  /** nginx's own words for its first error, without `[emerg]` and ` in file:line`. */
  message: string | null;
  /** The file the error is in, relative to the config directory (null: no location given). */
  file: string | null;
  line: number | null;
  /** Everything nginx printed, for failure messages. */
  output: string;
}

/**
 * The messages src/core/ngx_conf_file.c emits while reading tokens and matching braces; they
 * depend on the characters of the file alone. Checked against ngx_conf_read_token() and
 * ngx_conf_parse() of release-1.22.1 (unchanged in nginx master but for indentation):
 *  - `unexpected "%c"`: `;` or `{` with no directive name before it; `}` after a directive's
 *    words (no `;`); any character other than space, tab, CR, LF, `;`, `{`, `)` right after a
 *    closing quote; `}` with no open block in this file (ngx_conf_parse, also in an included
 *    file, which is parsed as a file of its own); and `{` inside a block read by a custom
 *    handler (`types`, `map`, `geo`, `split_clients`, `charset_map`), which takes only
 *    `word ... ;` lines. That last one needs to know those block names, but no module table.
 *  - `unexpected end of file, expecting ";" or "}"`: the file ends inside a directive or string.
 *  - `unexpected end of file, expecting "}"`: the file ends inside a block.
 *  - `unexpected end of parameter, expecting ";"`: the same, for `-g` text (never for files).
 *  - `too long parameter "<10 bytes>..." started` / `too long parameter, probably missing
 *    terminating "<quote>" character`: one token (or comment) outgrows the 4096-byte read
 *    buffer (NGX_CONF_BUFFER), i.e. in practice an unterminated string in a large file.
 *
 * Not syntax, on purpose: `directive "x" is not terminated by ";"` and `directive "x" has no
 * opening "{"`. ngx_conf_handler() emits them only after it found "x" in a loaded module's
 * command table and allowed in this context (otherwise the message is `unknown directive` or
 * `is not allowed here`), and whether "x" takes a block is a fact of that module. The braces
 * themselves are balanced: `listen 80 { }` tokenizes fine. A directive-knowledge rule owns them.
 */
const SYNTAX_MESSAGES: readonly RegExp[] = [
  /^unexpected "[\s\S]"$/,
  /^unexpected end of file, expecting ";" or "}"$/,
  /^unexpected end of file, expecting "}"$/,
  /^unexpected end of parameter, expecting ";"$/,
  /^too long parameter "[\s\S]*\.\.\." started$/,
  /^too long parameter, probably missing terminating "["'"]" character$/,
];

export function classifyNginxMessage(message: string): 'syntax' | 'other' {
  return SYNTAX_MESSAGES.some((re) => re.test(message)) ? 'syntax' : 'other';
}

/**
 * nginx's first emerg/alert/crit message. Two shapes, depending on where the log goes:
 * `nginx: [emerg] MSG in FILE:LINE` (stderr copy) and `YYYY/MM/DD HH:MM:SS [emerg] PID#TID: MSG
 * in FILE:LINE` (the log itself is stderr). A message may span lines (a token with a newline).
 */
export function parseNginxOutput(output: string): { message: string; file: string | null; line: number | null } | null {
  const entries = output.split(/\n(?=nginx: |\d{4}\/\d\d\/\d\d )/);
  for (const entry of entries) {
    const m = /^(?:nginx: |\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d )\[(emerg|alert|crit)\] (?:\d+#\d+: )?([\s\S]*?)\n?$/.exec(entry);
    if (!m) continue;
    const body = m[2];
    const at = /^([\s\S]*) in (\/[^\n]*):(\d+)$/.exec(body);
    if (at) return { message: at[1], file: at[2], line: Number(at[3]) };
    return { message: body, file: null, line: null };
  }
  return null;
}

export interface RunOptions {
  /** Which wrapper to load `entry` through; `main` uses it as the config file itself. */
  wrap?: Wrapping;
  timeoutMs?: number;
}

/** What a main config around a fragment looks like; the include keeps the fragment's line numbers. */
export function wrapperText(wrap: Exclude<Wrapping, 'main'>, entry: string): string {
  const include = `include ${entry};`;
  switch (wrap) {
    case 'http':
      return `events {}\nhttp {\n${include}\n}\n`;
    case 'server':
      return `events {}\nhttp {\nserver {\n${include}\n}\n}\n`;
    case 'location':
      return `events {}\nhttp {\nserver {\nlocation / {\n${include}\n}\n}\n}\n`;
  }
}

const WRAPPER_NAME = '__nginx_t_wrapper__.conf';

export interface NginxT {
  readonly mode: 'chroot' | 'plain';
  run(files: NginxConfigFile[], entry: string, options?: RunOptions): Promise<NginxTResult>;
  dispose(): void;
}

/** Why `nginx -t` cannot run here, or null when it can. */
export function nginxUnavailableReason(): string | null {
  if (!existsSync(NGINX_BINARY)) return `${NGINX_BINARY} not found`;
  try {
    execFileSync(NGINX_BINARY, ['-v'], { stdio: 'pipe', timeout: 5000 });
  } catch (error) {
    return `${NGINX_BINARY} -v failed: ${(error as Error).message}`;
  }
  return null;
}

export function createNginxT(): NginxT {
  const base = mkdtempSync(join(tmpdir(), 'nginx-t-'));
  let counter = 0;
  const root = join(base, 'root');
  const mode = buildChroot(root) ? 'chroot' : 'plain';
  const runsOnHost = mode === 'chroot' ? join(root, 'runs') : join(base, 'runs');
  mkdirSync(runsOnHost, { recursive: true });

  async function run(files: NginxConfigFile[], entry: string, options: RunOptions = {}): Promise<NginxTResult> {
    const wrap = options.wrap ?? 'main';
    const id = String(counter++);
    const hostDir = join(runsOnHost, id);
    // The directory as nginx sees it: inside the chroot, or the host path.
    const nginxDir = mode === 'chroot' ? `/runs/${id}` : hostDir;
    mkdirSync(hostDir, { recursive: true });
    try {
      for (const name of STOCK_INCLUDES) {
        if (existsSync(`/etc/nginx/${name}`)) copyFileSync(`/etc/nginx/${name}`, join(hostDir, name));
      }
      for (const file of files) {
        const target = join(hostDir, file.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.text);
      }
      let confName = entry;
      if (wrap !== 'main') {
        confName = WRAPPER_NAME;
        writeFileSync(join(hostDir, confName), wrapperText(wrap, entry));
      }
      const args = ['-t', '-p', `${nginxDir}/`, '-c', `${nginxDir}/${confName}`, '-e', `${nginxDir}/error.log`];
      if (mode === 'plain') args.push('-g', `pid ${nginxDir}/nginx.pid;`);
      const [command, commandArgs] = mode === 'chroot' ? ['chroot', [root, NGINX_BINARY, ...args]] : [NGINX_BINARY, args];
      const { code, output } = await execute(command, commandArgs, options.timeoutMs ?? 10_000);
      return interpret(code, output, nginxDir);
    } finally {
      rmSync(hostDir, { recursive: true, force: true });
    }
  }

  return {
    mode,
    run,
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

function interpret(code: number, output: string, nginxDir: string): NginxTResult {
  if (code === 0) return { ok: true, verdict: 'ok', message: null, file: null, line: null, output };
  const first = parseNginxOutput(output);
  if (!first) throw new Error(`nginx -t failed (exit ${code}) without an [emerg] line:\n${output}`);
  let file = first.file;
  if (file !== null && file.startsWith(`${nginxDir}/`)) file = file.slice(nginxDir.length + 1);
  return { ok: false, verdict: classifyNginxMessage(first.message), message: first.message, file, line: first.line, output };
}

function execute(command: string, args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error && (error as NodeJS.ErrnoException & { killed?: boolean }).killed) {
        reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms`));
        return;
      }
      if (error && typeof (error as { code?: unknown }).code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, output });
    });
  });
}

/** A minimal root for nginx: the binary, the libraries ldd names, passwd/group, stock includes. */
function buildChroot(root: string): boolean {
  try {
    const ldd = execFileSync('ldd', [NGINX_BINARY], { encoding: 'utf8', timeout: 5000 });
    const libraries = [...ldd.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1]);
    for (const file of [NGINX_BINARY, ...libraries, '/etc/passwd', '/etc/group']) {
      if (!existsSync(file)) continue;
      mkdirSync(join(root, dirname(file)), { recursive: true });
      copyFileSync(file, join(root, file));
    }
    for (const name of STOCK_INCLUDES) {
      const file = `/etc/nginx/${name}`;
      if (!existsSync(file)) continue;
      mkdirSync(join(root, '/etc/nginx'), { recursive: true });
      copyFileSync(file, join(root, file));
    }
    for (const dir of ['/run', '/var/log/nginx', '/var/lib/nginx', '/tmp', '/dev']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'probe.conf'), 'events {}\n');
    execFileSync('chroot', [root, NGINX_BINARY, '-t', '-q', '-p', '/', '-c', '/probe.conf', '-e', '/probe.log'], {
      stdio: 'pipe',
      timeout: 10_000,
    });
    return true;
  } catch {
    rmSync(root, { recursive: true, force: true });
    return false;
  }
}

/** A small pool: at most `limit` jobs at a time, results in input order. */
export async function mapPool<T, R>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One-shot form: a fresh sandbox, one run, cleaned up. */
export async function runNginxT(files: NginxConfigFile[], entry: string, options: RunOptions = {}): Promise<NginxTResult> {
  const nginxT = createNginxT();
  try {
    return await nginxT.run(files, entry, options);
  } finally {
    nginxT.dispose();
  }
}
