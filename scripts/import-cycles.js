// Prints the import circles among the TypeScript files under src/ (or the directories given):
// every relative `import`/`export ... from`/`import()` is followed, `.js` specifiers read as the
// `.ts` file beside them. Type-only imports count too: a circle of types still ties two modules
// together, so neither can be read or moved alone. `--runtime` leaves them out.
// Usage: node scripts/import-cycles.js [--runtime] [dir ...]   (exit status 1 when a circle is found)
// A test can import { importCycles } and expect [].
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// `import|export [type] [clause from] 'x'` (group 1: type, 2: clause, 3: specifier), or `import('x')` (4).
const SPECIFIER = /(?:^|[\n;])\s*(?:import|export)\s+(type\s+)?(?:([^'";]*?)\s*from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** `{ type A, type B }`: every name imported is a type, so nothing of the module is loaded for it. */
function typesOnly(clause) {
  const names = /^\{([^}]*)\}$/.exec(clause.trim());
  return names !== null && names[1].split(',').every((name) => name.trim() === '' || /^type\s/.test(name.trim()));
}

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The files a module imports by relative path (type-only ones unless `runtime`). */
function importsOf(file, runtime) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const out = new Set();
  for (const m of text.matchAll(SPECIFIER)) {
    const specifier = m[3] ?? m[4];
    if (!specifier.startsWith('.')) continue;
    if (runtime && (m[1] || (m[2] && typesOnly(m[2])))) continue;
    const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
    if (existsSync(target)) out.add(target);
    else if (existsSync(join(target.replace(/\.ts$/, ''), 'index.ts'))) out.add(join(target.replace(/\.ts$/, ''), 'index.ts'));
  }
  return [...out];
}

/**
 * Every import circle among the .ts files under `dirs` (relative to `root`): each strongly
 * connected group of files, as one circle through it, first file repeated at the end.
 */
export function importCycles(root, dirs = ['src'], { runtime = false } = {}) {
  const files = dirs.flatMap((dir) => tsFiles(resolve(root, dir)));
  const edges = new Map(files.map((file) => [file, importsOf(file, runtime)]));
  // Tarjan's strongly connected components.
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const groups = [];
  let next = 0;
  const visit = (file) => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!edges.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file), low.get(target)));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file), index.get(target)));
    }
    if (low.get(file) !== index.get(file)) return;
    const group = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || (edges.get(file) ?? []).includes(file)) groups.push(group);
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return groups.map((group) => circleThrough(group, edges).map((file) => relative(root, file)));
}

/** One circle inside a strongly connected group: the shortest way from its first file back to itself. */
function circleThrough(group, edges) {
  const members = new Set(group);
  const start = [...group].sort()[0];
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const target of edges.get(file)) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [file];
        for (let at = cameFrom.get(file); at !== null; at = cameFrom.get(at)) path.unshift(at);
        return [...path, start];
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return [...group, group[0]];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const runtime = args.includes('--runtime');
  const dirs = args.filter((a) => a !== '--runtime');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const cycles = importCycles(root, dirs.length > 0 ? dirs : ['src'], { runtime });
  for (const cycle of cycles) console.log(cycle.join(' -> '));
  if (cycles.length > 0) {
    console.log(`${cycles.length} import circle${cycles.length === 1 ? '' : 's'}`);
    process.exitCode = 1;
  } else console.log('no import circles');
}
