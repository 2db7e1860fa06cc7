// The other sides of a document's pair (src/pair-context.ts findPairPartners), kept between
// keystrokes: finding them walks the document's whole git work tree (about 100 ms in this
// repository's 2,000 files), and typing in a document does not change which files are configs.
// Forgotten when the editor saves, opens or closes a document, and after a few seconds, so that
// files created or deleted outside the editor are seen soon.
import { findPairPartners, type PairPartners } from '../pair-context.js';

/** How long a walk's answer is reused. */
export const PARTNERS_TTL_MS = 5000;

export class PartnerCache {
  private readonly found = new Map<string, { at: number; partners: Promise<PairPartners> }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The partners of `path` (absolute) under the `pairs` setting (absolute paths). */
  get(path: string, pairs: readonly { nginx: string; uwsgi: string }[]): Promise<PairPartners> {
    const key = JSON.stringify([path, pairs]);
    const hit = this.found.get(key);
    if (hit && this.now() - hit.at < PARTNERS_TTL_MS) return hit.partners;
    const partners = findPairPartners([path], pairs);
    this.found.set(key, { at: this.now(), partners });
    // A walk that failed is not remembered.
    partners.catch(() => this.found.delete(key));
    return partners;
  }

  clear(): void {
    this.found.clear();
  }
}
