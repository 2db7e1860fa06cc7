// Fails when the committed bundle/cli.cjs is not what the source builds to: the "check dist" of
// JavaScript Actions. The pre-commit hook and the GitHub Action run the committed bundle, so a
// source change committed without its rebuilt bundle would ship the old code to them.
//
// node scripts/check-bundle.js [--against FILE]
// Builds the bundle from dist/ (which `npm run build` and `npm ci` make) into a temporary
// directory with scripts/build-bin.js, and compares it byte for byte with bundle/cli.cjs as
// committed (git's index, so a rebuilt but unstaged bundle still counts as stale), or with the
// file on disk outside a git checkout, or with FILE. Exit 0 when equal, 1 when stale, 2 when the
// bundle cannot be built.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const REFRESH = 'Run `npm run build` and commit bundle/cli.cjs.';

/** The bundle to hold to the fresh build, and how to name it in a message. */
function committedBundle(args, base = 'cli.cjs') {
  const against = args.indexOf('--against');
  if (against !== -1 && base === 'cli.cjs') {
    const file = args[against + 1];
    if (!file) throw new Error('--against needs a file');
    return { bytes: existsSync(resolve(file)) ? readFileSync(resolve(file)) : null, name: file };
  }
  const rel = `bundle/${base}`;
  const file = join(root, rel);
  if (!existsSync(join(root, '.git'))) {
    // Not a git checkout (an unpacked package): the file on disk is all there is.
    return { bytes: existsSync(file) ? readFileSync(file) : null, name: rel };
  }
  // A checkout git refuses to read (another user's clone without safe.directory, say) must not
  // fall back to the file on disk, which `npm ci` has just rebuilt: that would always pass.
  const git = (args, encoding = 'utf8') => spawnSync('git', args, { cwd: root, encoding, maxBuffer: 256 * 1024 * 1024 });
  const inside = git(['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0) throw new Error(`git cannot read this checkout, so the committed bundle cannot be compared: ${String(inside.stderr || inside.error).trim()}`);
  const name = `${rel} as committed (git index)`;
  if (git(['ls-files', '--error-unmatch', rel]).status !== 0) return { bytes: null, name };
  const blob = git(['show', `:${rel}`], 'buffer');
  if (blob.status !== 0) throw new Error(`git show :${rel} failed: ${blob.stderr.toString().trim()}`);
  return { bytes: blob.stdout, name };
}

/** The first line where two texts differ, 1-based, with both versions of it (cut to 100 characters). */
function firstDifference(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) {
      const cut = (line) => (line === undefined ? '(end of file)' : line.length > 100 ? `${line.slice(0, 100)}...` : line);
      return { line: i + 1, committed: cut(left[i]), built: cut(right[i]) };
    }
  }
  return null;
}

/** Compares one built file with its committed copy: 0 equal, 1 stale or missing. */
function compare(committed, fresh, base) {
  const refresh = REFRESH.replace('bundle/cli.cjs', `bundle/${base}`);
  if (committed.bytes === null) {
    console.error(`check-bundle: ${committed.name} is missing. ${refresh}`);
    return 1;
  }
  if (fresh.equals(committed.bytes)) {
    console.log(`check-bundle: ${committed.name} is what the source builds to (${fresh.length} bytes).`);
    return 0;
  }
  const at = firstDifference(committed.bytes.toString('latin1'), fresh.toString('latin1'));
  console.error(`check-bundle: ${committed.name} is stale: it is not what the source builds to (${committed.bytes.length} bytes committed, ${fresh.length} built).`);
  if (at) console.error(`  first difference at line ${at.line}:\n    committed: ${at.committed}\n    built:     ${at.built}`);
  console.error(`  ${refresh}`);
  return 1;
}

function main(args) {
  if (!existsSync(join(root, 'dist/src/cli.js'))) {
    console.error('check-bundle: dist/src/cli.js is missing, nothing to build the bundle from. Run `npm run build` first.');
    return 2;
  }
  // bundle/cli.cjs, and the language server's bundle/lsp.cjs (not with --against: that names one file for cli.cjs).
  const bases = args.includes('--against') ? ['cli.cjs'] : ['cli.cjs', 'lsp.cjs'];
  const committed = new Map();
  try {
    for (const base of bases) committed.set(base, committedBundle(args, base));
  } catch (error) {
    console.error(`check-bundle: ${error.message}`);
    return 2;
  }
  const out = mkdtempSync(join(tmpdir(), 'nul-bundle-check-'));
  try {
    const build = spawnSync(process.execPath, [join(root, 'scripts/build-bin.js'), '--outdir', out], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) {
      console.error(`check-bundle: scripts/build-bin.js failed (exit ${build.status}); the bundle could not be built to compare.`);
      return 2;
    }
    let status = 0;
    for (const base of bases) status = Math.max(status, compare(committed.get(base), readFileSync(join(out, base)), base));
    return status;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
