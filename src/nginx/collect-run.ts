// The run's columns filled: every directive each linted config reaches, in list order (each
// block's lines, then the blocks inside it), with its scope, what nginx says of it and whether the
// security rules judge it. src/nginx/directive-list.ts reads them.
import type { NginxDirective } from './ast.js';
import { directiveSpecs, judge } from './directive-table.js';
import { RunColumns } from './directive-list.js';
import type { NginxModel, Scope } from './model.js';
import { NOTHING_PAST } from './syntax-reach.js';
import type { TemplateFacts } from './templated.js';
import type { NginxConfig, Project } from '../project.js';
import type { SourceFile } from '../source.js';

/**
 * The run's directives in list order, with what nginx says of each and whether the security
 * rules judge it, in one pass over the models.
 */
export function collectRunDirectives(project: Project, models: (config: NginxConfig) => NginxModel, templates: TemplateFacts, broken: (d: NginxDirective) => boolean): RunColumns {
  // A call per directive of the run otherwise (2 ms of a large one) for the usual answer, no.
  const mayBeBroken = broken !== NOTHING_PAST;
  // The blocks whose lines the run reads, config by config in list order, counted first: the
  // columns are then made at their size (150,000 places in a large config: grown by push(), they
  // were copied over and over, a tenth of what the run allocated).
  const blocksOf = project.nginx.map((config) => readBlocks(models(config).root));
  let size = 0;
  for (const blocks of blocksOf) for (let b = 0; b < blocks.length; b++) size += blocks[b].directives.length;
  const run = new RunColumns(size);
  const { directives: runDirectives, scopes, placesByName, refusedPlaces } = run;
  // Consecutive directives mostly come from one file: ask about the file once per change.
  let lastSource: SourceFile | null = null;
  let lastSourceTemplated = false;
  let previousName = '';
  let previousPlaces: number[] | null = null;
  let place = 0;
  // A fragment a linted main config includes is also linted on its own, its place guessed from
  // its lines (a top-level `server {` reads as http's): where the main config places it, its lines
  // are judged there, and the guess does not refuse them (a stream.d/ file's `proxy_pass db:5432;`).
  const inMainConfig = new Set<SourceFile>();
  for (const config of project.nginx) if (config.root.context === 'main') for (const f of config.files) inMainConfig.add(f.source);
  for (let c = 0; c < project.nginx.length; c++) {
    const blocks = blocksOf[c];
    const guessed = project.nginx[c].root.context !== 'main';
    for (let b = 0; b < blocks.length; b++) {
      const scope = blocks[b];
      const context = scope.context;
      const directives = scope.directives;
      for (let i = 0; i < directives.length; i++) {
        const directive = directives[i];
        if (mayBeBroken && broken(directive)) continue;
        const verdict = judge(directive.name, context, directive.args.length, directive.block !== null);
        runDirectives[place] = directive;
        scopes[place] = scope;
        // The name of the line before, more often than not (an included file's fifteen
        // `uwsgi_param` lines): its places without a lookup.
        if (directive.name !== previousName || previousPlaces === null) {
          previousName = directive.name;
          previousPlaces = placesByName.get(previousName) ?? null;
          if (previousPlaces === null) {
            previousPlaces = [];
            placesByName.set(previousName, previousPlaces);
          }
        }
        previousPlaces.push(place);
        if (verdict.kind !== 'ok' && !(verdict.kind === 'not-allowed' && guessed && inMainConfig.has(directive.source))) {
          const refused = refusedPlaces.get(verdict.kind);
          if (refused) refused.push(place);
          else refusedPlaces.set(verdict.kind, [place]);
        }
        if (directive.source !== lastSource) {
          lastSource = directive.source;
          lastSourceTemplated = templates.inTemplatedFile(directive);
        }
        const isJudged = !lastSourceTemplated && !templates.templated(directive);
        if (run.judged !== null) run.judged.push(isJudged);
        else if (!isJudged) {
          // The first directive left out: every one before it was judged.
          run.judged = new Array<boolean>(place).fill(true);
          run.judged.push(false);
        }
        place++;
      }
    }
    run.configEnds.push({ config: project.nginx[c], end: place });
  }
  // Lines past a syntax error were counted and left out.
  runDirectives.length = place;
  scopes.length = place;
  return run;
}

/** The blocks under `root` (itself included) whose lines nginx reads as directives, in list order: each block's lines, then the blocks inside it. */
function readBlocks(root: Scope): Scope[] {
  const out: Scope[] = [];
  const stack: Scope[] = [root];
  while (stack.length > 0) {
    const scope = stack.pop()!;
    out.push(scope);
    for (let i = scope.children.length - 1; i >= 0; i--) if (readsDirectives(scope.children[i])) stack.push(scope.children[i]);
  }
  return out;
}

/** Whether nginx reads a block's lines as directives: not for map, types, geo, ..., Lua bodies, or blocks no module defines. */
function readsDirectives(scope: Scope): boolean {
  const d = scope.directive;
  if (!d || d.rawBody) return d === null;
  const specs = directiveSpecs(d.name);
  return specs.length > 0 && !specs.every((s) => s.customBlock);
}
