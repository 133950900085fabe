/**
 * The state file format and its migrations.
 *
 *     { "schemaVersion": 1,
 *       "docs":    { "<key>":  { "value": <json>, "version": <int >= 1> } },
 *       "locks":   { "<name>": { "owner": "<owner>", "expiresAt": <epoch ms> } },
 *       "history": { "<pool>": [ <HistoryEntry>, ... oldest first ] },
 *       "tombstones": { "<key>": { "version": <int >= 1>, "deletedAt": <epoch ms> } } }
 *
 * `tombstones` (deleted keys' versions, state-data.ts) is written only when there are
 * some. Files written before it read as having none, and a reader that predates it
 * ignores it, which costs only the protection it gives: it needed no new schema version.
 *
 * Older files are migrated on read and written back in the current version by the next
 * change. A file we cannot read (bad JSON, unknown or newer version, wrong shape) is an
 * error naming the path, never an empty store: an empty store would forget locks and
 * bindings and let two processes launch for the same job.
 */
import { StateError } from '../../core/errors.js';
import type { StateData, StoredLock, Tombstone } from '../state-data.js';
import type { HistoryEntry, Versioned } from '../store.js';

export const SCHEMA_VERSION = 1;

type Json = Record<string, unknown>;

/**
 * MIGRATIONS[n] turns a version-n document into version n+1. To change the format, bump
 * SCHEMA_VERSION, add the step from the previous version here and keep the old steps:
 * a file may skip several releases.
 *
 * v0 (files written before the format had a version): `{ "docs": { key: { value,
 * version } } }`, optionally with `locks` and `history` in the v1 shapes. It is told
 * apart from a foreign JSON file by its `docs` object. The step adds `schemaVersion`
 * and the sections v0 files could leave out.
 */
const MIGRATIONS: Readonly<Record<number, (doc: Json) => Json>> = {
  0: (doc) => ({ locks: {}, history: {}, ...doc, schemaVersion: 1 }),
};

export function parseStateFile(text: string, path: string): StateData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateError(`state file ${path} is not valid JSON (${describe(error)})`, { cause: error });
  }
  if (!isObject(parsed)) throw new StateError(`state file ${path} does not hold a JSON object`);
  return toStateData(migrate(parsed, path), path);
}

export function serializeStateFile(data: StateData): string {
  const doc = {
    schemaVersion: SCHEMA_VERSION,
    docs: Object.fromEntries(data.docs),
    locks: Object.fromEntries(data.locks),
    history: Object.fromEntries(data.history),
    ...(data.tombstones.size > 0 && { tombstones: Object.fromEntries(data.tombstones) }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function migrate(doc: Json, path: string): Json {
  let version = schemaVersionOf(doc, path);
  let current = doc;
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (step === undefined)
      throw new StateError(`state file ${path}: no migration from schemaVersion ${version}`);
    current = step(current);
    version += 1;
  }
  return current;
}

function schemaVersionOf(doc: Json, path: string): number {
  const version = doc['schemaVersion'];
  if (version === undefined) {
    if (isObject(doc['docs'])) return 0;
    throw new StateError(`state file ${path} has no schemaVersion and no docs: not a ci-scaler state file`);
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0 || version > SCHEMA_VERSION) {
    throw new StateError(
      `state file ${path} has unknown schemaVersion ${JSON.stringify(version)} (this version reads up to ${SCHEMA_VERSION})`,
    );
  }
  return version;
}

function toStateData(doc: Json, path: string): StateData {
  const bad = (where: string): StateError => new StateError(`state file ${path} is corrupt at ${where}`);
  const docs = new Map<string, Versioned<unknown>>();
  for (const [key, entry] of section(doc, 'docs', bad)) {
    if (!isObject(entry) || !('value' in entry) || !isPositiveInteger(entry['version']))
      throw bad(`docs.${key}`);
    docs.set(key, { value: entry['value'], version: entry['version'] });
  }
  const locks = new Map<string, StoredLock>();
  for (const [name, entry] of section(doc, 'locks', bad)) {
    if (!isObject(entry) || typeof entry['owner'] !== 'string' || typeof entry['expiresAt'] !== 'number') {
      throw bad(`locks.${name}`);
    }
    locks.set(name, { owner: entry['owner'], expiresAt: entry['expiresAt'] });
  }
  const history = new Map<string, HistoryEntry[]>();
  for (const [pool, entries] of section(doc, 'history', bad)) {
    if (!Array.isArray(entries) || !entries.every((e) => isObject(e) && e['pool'] === pool)) {
      throw bad(`history.${pool}`);
    }
    // Entry fields beyond `pool` are not checked: history is for people to read.
    history.set(pool, entries as HistoryEntry[]);
  }
  const tombstones = new Map<string, Tombstone>();
  for (const [key, entry] of doc['tombstones'] === undefined ? [] : section(doc, 'tombstones', bad)) {
    if (!isObject(entry) || !isPositiveInteger(entry['version']) || typeof entry['deletedAt'] !== 'number')
      throw bad(`tombstones.${key}`);
    tombstones.set(key, { version: entry['version'], deletedAt: entry['deletedAt'] });
  }
  return { docs, locks, history, tombstones };
}

function section(doc: Json, name: string, bad: (where: string) => StateError): [string, unknown][] {
  const value = doc[name];
  if (!isObject(value)) throw bad(name);
  return Object.entries(value);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
