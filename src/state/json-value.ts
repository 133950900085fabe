/**
 * Stores keep JSON documents. The memory store could keep anything structuredClone
 * copies (a Date, a Map, `undefined`), but the file and DynamoDB stores cannot: a value
 * that works in tests and turns into `{}` in production is a bug we refuse at the door.
 */
export function assertJsonValue(value: unknown, what: string): void {
  check(value, what, new Set());
}

function check(value: unknown, path: string, ancestors: Set<object>): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}, which JSON cannot hold`);
    return;
  }
  if (typeof value !== 'object') {
    // undefined, function, symbol, bigint
    throw new TypeError(`${path} is ${typeof value}, which JSON cannot hold (omit the property instead)`);
  }
  if (ancestors.has(value)) throw new TypeError(`${path} refers to itself`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) check(value[i], `${path}[${i}]`, ancestors);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`${path} is ${Object.prototype.toString.call(value)}, not a plain object`);
    }
    for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`, ancestors);
  }
  ancestors.delete(value);
}
