// Shared plumbing of the security rules: every directive nginx reads, with its scope, minus
// those a template fills in or a syntax error hides; reports made once per file and span.
import { span, type RelatedInformation } from '../../diagnostic.js';
import type { NginxDirective, NginxWord } from '../ast.js';
import { onceEach, untemplatedDirectives, type DirectiveList } from '../directives.js';
import type { Scope } from '../model.js';
import type { NginxConfig, Project } from '../../project.js';
import type { RuleContext } from '../../rule.js';
import type { Severity } from '../../diagnostic.js';

const judgedByConfig = new WeakMap<NginxConfig, DirectiveList>();

/**
 * Directives of the run (or of one config of it) that are judged: not templated, not in a
 * templated file, not past a syntax error. Computed once per run: most security rules walk it.
 */
export function judgedDirectives(project: Project, config?: NginxConfig): DirectiveList {
  const all = untemplatedDirectives(project);
  // One config (the usual run): its list is the run's.
  if (!config || project.nginx.length === 1) return all;
  let mine = judgedByConfig.get(config);
  if (!mine) {
    mine = all.forConfig(config);
    judgedByConfig.set(config, mine);
  }
  return mine;
}

export function rootOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}

/** A reporter that blames a word (or a directive's name) once. */
export function reporter(context: RuleContext) {
  const first = onceEach();
  return (d: NginxDirective, word: NginxWord | null, message: string, severity?: Severity, related: RelatedInformation[] = []) => {
    const w = word ?? d.nameWord;
    if (!first(d, w.start, message)) return;
    context.report({ span: span(d.source, w.start, w.end), message, related, ...(severity ? { severity } : {}) });
  };
}

export function relatedAt(d: NginxDirective, message: string, word: NginxWord | null = null): RelatedInformation {
  const w = word ?? null;
  return { span: span(d.source, w ? w.start : d.nameWord.start, w ? w.end : d.end), message };
}
