// The registry: every rule, listed explicitly. Adding a rule = one file, its doc, one line here.
import type { Rule } from '../src/rule.js';
import { rule as lintUnusedSuppression } from './lint-unused-suppression.js';
import { rule as nginxBom } from './nginx-bom.js';
import { rule as nginxIncludeCycle } from './nginx-include-cycle.js';
import { rule as nginxMissingInclude } from './nginx-missing-include.js';
import { rule as nginxSyntax } from './nginx-syntax.js';
import { rule as pairBufferSize } from './pair-buffer-size.js';
import { rule as pairMissingParams } from './pair-missing-params.js';
import { rule as pairOrphanSocket } from './pair-orphan-socket.js';
import { rule as pairProtocolMismatch } from './pair-protocol-mismatch.js';
import { rule as pairSocketMismatch } from './pair-socket-mismatch.js';
import { rule as pairSocketPermissions } from './pair-socket-permissions.js';
import { rule as pairTimeouts } from './pair-timeouts.js';
import { rule as pairUnpaired } from './pair-unpaired.js';
import { rule as uwsgiInclude } from './uwsgi-include.js';
import { rule as uwsgiLimit } from './uwsgi-limit.js';
import { rule as uwsgiNotEvaluated } from './uwsgi-not-evaluated.js';
import { rule as uwsgiSection } from './uwsgi-section.js';
import { rule as uwsgiSyntax } from './uwsgi-syntax.js';

export const rules: readonly Rule[] = [
  // nginx
  nginxSyntax,
  nginxBom,
  nginxMissingInclude,
  nginxIncludeCycle,
  // uwsgi
  uwsgiSyntax,
  uwsgiSection,
  uwsgiInclude,
  uwsgiLimit,
  uwsgiNotEvaluated,
  // pair
  pairSocketMismatch,
  pairProtocolMismatch,
  pairSocketPermissions,
  pairMissingParams,
  pairBufferSize,
  pairTimeouts,
  pairOrphanSocket,
  pairUnpaired,
  // lint
  lintUnusedSuppression,
];
