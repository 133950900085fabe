/**
 * Records keyed by job ids or worker names (launch attempts, launches in flight): plain
 * JSON objects, held in V8's dictionary mode.
 *
 * V8 gives an object built key by key a hidden class per key added, linked from the
 * class before it. Keys that never repeat (each job has its own id) make that tree grow
 * for the whole run, and a copy of a record keyed by them (`{ ...attempts }`) then walks
 * it: about 8 µs for ten keys in a long run, against 2 µs for the same copy kept in
 * dictionary mode. An object without a prototype starts in dictionary mode and stays
 * there. It serializes to the same JSON, and `Object.hasOwn`, `Object.keys` and
 * `Object.entries` read it as they read any object.
 */
export function idRecord<T>(from?: Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (from !== undefined) for (const key of Object.keys(from)) out[key] = from[key] as T;
  return out;
}

/** The value stored under `key` itself: never one inherited (`constructor`) from a prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
