import { randomBytes } from 'node:crypto';

/** One cache entry: reserved by CreateCacheEntry, filled through its blob, then finalized. */
export interface CacheEntry {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  /** Creation order; "most recently created" compares this. */
  readonly created: number;
  /** The `sig` of the upload URL; the blob refuses writes signed otherwise. */
  readonly uploadSig: string;
  /** The `sig`s of the download URLs handed out for this entry. */
  readonly readSigs: Set<string>;
  /** Staged, uncommitted blocks by block id (Put Block). */
  readonly blocks: Map<string, Buffer>;
  /** The committed blob (Put Blob or Put Block List). */
  blob: Buffer | undefined;
  blobWrittenAt: Date | undefined;
  finalized: boolean;
  sizeBytes: number | undefined;
}

export const newSig = (): string => randomBytes(18).toString('base64url');

/**
 * The entries of one repository scope, with the service's rules: a (key, version) pair is
 * created once and never changes; a lookup sees finalized entries of the same version
 * only, and picks, as GitHub documents for actions/cache, an exact match of `key`, else
 * the most recently created entry whose key starts with `key`, else the same for each
 * restore key in turn. Branch scopes are not modelled: every entry is in one scope.
 */
export class CacheEntries {
  private readonly byId = new Map<number, CacheEntry>();
  private nextId = 1;

  create(key: string, version: string): CacheEntry | undefined {
    if (this.find(key, version) !== undefined) return undefined;
    const id = this.nextId++;
    const entry: CacheEntry = {
      id,
      key,
      version,
      created: id,
      uploadSig: newSig(),
      readSigs: new Set(),
      blocks: new Map(),
      blob: undefined,
      blobWrittenAt: undefined,
      finalized: false,
      sizeBytes: undefined,
    };
    this.byId.set(id, entry);
    return entry;
  }

  /** The entry with exactly this key and version, finalized or not. */
  find(key: string, version: string): CacheEntry | undefined {
    return [...this.byId.values()].find((e) => e.key === key && e.version === version);
  }

  get(id: number): CacheEntry | undefined {
    return this.byId.get(id);
  }

  match(key: string, restoreKeys: readonly string[], version: string): CacheEntry | undefined {
    const visible = [...this.byId.values()].filter((e) => e.finalized && e.version === version);
    const exact = visible.find((e) => e.key === key);
    if (exact !== undefined) return exact;
    for (const prefix of [key, ...restoreKeys]) {
      const newest = visible.filter((e) => e.key.startsWith(prefix)).sort((a, b) => b.created - a.created)[0];
      if (newest !== undefined) return newest;
    }
    return undefined;
  }

  all(): readonly CacheEntry[] {
    return [...this.byId.values()];
  }
}
