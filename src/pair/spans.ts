// Where a pair finding points and how it quotes the two sides: the pass directive's argument on
// the nginx side, the option's value on the uWSGI side.
import { posix } from '../posix-path.js';
import type { SourceSpan } from '../diagnostic.js';
import { wordSpan } from '../query/spans.js';
import type { PassTarget } from '../nginx/model.js';
import type { UwsgiOption } from '../uwsgi/ast.js';
import type { SocketBinding } from '../uwsgi/sockets.js';

/** The pass directive's argument: what pair findings blame on the nginx side. */
export function targetSpan(target: PassTarget): SourceSpan {
  return wordSpan(target.directive, target.directive.args[0]);
}

/** An option's value, or its key when the value is empty. */
export function optionSpan(option: UwsgiOption): SourceSpan {
  return option.valueSpan.end > option.valueSpan.start ? option.valueSpan : option.keySpan;
}

/** `uwsgi_pass unix:/x` as written, for messages. */
export function passText(target: PassTarget): string {
  return `${target.directive.name} ${target.directive.args.map((a) => a.raw).join(' ')}`;
}

/** `socket = /run/x.sock` as written, for messages. */
export function bindingText(binding: SocketBinding): string {
  return `${binding.option.key} = ${binding.option.rawValue}`;
}

/** The file name of a path, for messages that name the file a line is in. */
export function fileName(path: string): string {
  return posix.basename(path);
}
