/** Splitting a list for APIs that take at most `size` items per call. Pure. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** ECS API limits per call (ECS API reference, each action's request parameters). */
export const ECS_LIMITS = {
  describeServices: 10,
  describeTasks: 100,
  getTaskProtection: 100,
  updateTaskProtection: 10,
  listTasksPage: 100,
  /** UpdateTaskProtection `expiresInMinutes`: 1 minute to 48 hours. */
  protectionMinutes: { min: 1, max: 2880 },
} as const;
