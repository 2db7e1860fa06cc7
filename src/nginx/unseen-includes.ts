// Which blocks an unread include may change: an include the run could not read may hold any
// directive, so a block with one around it or inside it is not judged on what it lacks.
import type { NginxDirective } from './ast.js';
import { isUnreadInclude, type ConfigFacts } from './include-facts.js';
import type { Scope } from './model.js';
import { GLOB_CHARS } from './resolve.js';
import type { NginxConfig } from '../project.js';

/**
 * Which blocks of one config have an include the run could not read around them or inside them.
 * The model drops such includes, so a level's own lines (and the files they include) are read
 * again here, once per level: every server asks about the same http block.
 */
export class UnseenIncludes {
  /**
   * The answers by level; null for a config without an unread include (most), where no level
   * needs asking: a run over thousands of one-file configs makes no maps for them.
   */
  private readonly atLevel: Map<Scope, boolean> | null;
  private readonly around: Map<Scope, boolean> | null;

  constructor(private readonly config: NginxConfig, facts: ConfigFacts) {
    this.atLevel = facts.hasUnreadInclude ? new Map() : null;
    this.around = facts.hasUnreadInclude ? new Map() : null;
  }

  /** Whether `scope` or a level around it has an include the run could not read. */
  aroundOrAt(scope: Scope): boolean {
    if (this.around === null) return false;
    let unseen = this.around.get(scope);
    if (unseen === undefined) {
      unseen = this.at(scope) || (scope.parent !== null && this.aroundOrAt(scope.parent));
      this.around.set(scope, unseen);
    }
    return unseen;
  }

  /** aroundOrAt(), or such an include at any level inside `scope`. */
  within(scope: Scope): boolean {
    if (this.around === null) return false;
    if (this.aroundOrAt(scope)) return true;
    const stack = scope.children.slice();
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (this.at(s)) return true;
      for (let i = 0; i < s.children.length; i++) stack.push(s.children[i]);
    }
    return false;
  }

  /** Asked only when the config has an unread include (atLevel is then made). */
  private at(s: Scope): boolean {
    const atLevel = this.atLevel!;
    let unseen = atLevel.get(s);
    if (unseen === undefined) {
      unseen = unseenIn(s.directive ? (s.directive.block ?? []) : this.config.root.directives, null, this.config);
      atLevel.set(s, unseen);
    }
    return unseen;
  }
}

/** `seen`: the include lines already followed, made at the first include (most levels have none). */
function unseenIn(lines: readonly NginxDirective[], seen: Set<NginxDirective> | null, config: NginxConfig): boolean {
  for (let i = 0; i < lines.length; i++) {
    const d = lines[i];
    if (d.name !== 'include') continue;
    if (seen === null) seen = new Set();
    else if (seen.has(d)) continue;
    seen.add(d);
    if (isUnreadInclude(d, config)) return true;
    // The files of a glob are not looked into (as before; configFacts does look, for its fast path).
    const included = config.included.get(d);
    if (included === undefined || GLOB_CHARS.test(d.args[0]?.value ?? '')) continue;
    for (let k = 0; k < included.length; k++) if (unseenIn(included[k].directives, seen, config)) return true;
  }
  return false;
}
