// The playground's state in the URL fragment: `#nginx=<base64url>&uwsgi=<base64url>` of the two
// texts (UTF-8), so that a link reproduces the case. No Node builtin.

export interface PairTexts {
  nginx: string;
  uwsgi: string;
}

export function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeState(texts: PairTexts): string {
  return `#nginx=${toBase64Url(texts.nginx)}&uwsgi=${toBase64Url(texts.uwsgi)}`;
}

/** The texts a fragment holds; null when it holds none or cannot be read. */
export function decodeState(hash: string): PairTexts | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const nginx = params.get('nginx');
  const uwsgi = params.get('uwsgi');
  if (nginx === null || uwsgi === null) return null;
  try {
    return { nginx: fromBase64Url(nginx), uwsgi: fromBase64Url(uwsgi) };
  } catch {
    return null;
  }
}
