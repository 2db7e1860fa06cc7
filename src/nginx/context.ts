// Where nginx reads a directive: the one context type, and the one rule for the context inside a
// block. The names follow the context flags of the nginx source (NGX_HTTP_LIF_CONF is
// if-in-location); ngx_conf_handler() (src/core/ngx_conf_file.c) reads a block's lines in the
// context its directive opens.

/** A block nginx reads directives in. */
export type DirectiveContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if-in-server'
  | 'if-in-location'
  | 'limit_except'
  | 'upstream'
  | 'stream'
  | 'stream-server'
  | 'stream-upstream'
  | 'mail'
  | 'mail-server';

/**
 * Where a file's top level sits as far as include resolution can tell: a whole `nginx.conf`
 * (main), a `sites-enabled/*.conf` fragment (http), a snippet of server or location lines, or
 * unknown. The contexts a file can be placed in, collapsed onto these four (see placementInside).
 */
export type NginxContext = 'main' | 'http' | 'server' | 'location' | 'unknown';

/**
 * The context of the lines inside a block named `name` that stands in `outer`, or null when
 * nginx does not read them as directives of a known context (map, types, a third-party block).
 * The caller has checked that nginx accepts the block directive there; with `outer` unknown only
 * the blocks nginx allows in one context are named.
 */
export function innerContext(name: string, outer: DirectiveContext | null): DirectiveContext | null {
  switch (name) {
    // Allowed in one context only: the inside is the same wherever nginx accepts the block.
    case 'events':
    case 'http':
    case 'stream':
    case 'mail':
    case 'location':
    case 'limit_except':
      return name;
    case 'server':
      return outer === 'http' ? 'server' : outer === 'stream' ? 'stream-server' : outer === 'mail' ? 'mail-server' : null;
    case 'if':
      return outer === 'server' ? 'if-in-server' : outer === 'location' ? 'if-in-location' : null;
    case 'upstream':
      return outer === 'http' ? 'upstream' : outer === 'stream' ? 'stream-upstream' : null;
    default:
      return null;
  }
}

/** A placement as a context (unknown: none). */
export function contextOfPlacement(placement: NginxContext): DirectiveContext | null {
  return placement === 'unknown' ? null : placement;
}

/**
 * The placement of a file included inside a block named `name` that sits in `outer`: the lines
 * of an `if` read as those of the server or location around it, for resolution's purposes.
 */
export function placementInside(name: string, outer: NginxContext): NginxContext {
  const inner = innerContext(name, contextOfPlacement(outer));
  switch (inner) {
    case 'http':
    case 'server':
    case 'location':
      return inner;
    case 'if-in-location':
      return 'location';
    case 'if-in-server':
      return 'server';
    default:
      return 'unknown';
  }
}
