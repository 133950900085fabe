export { FakeCacheService, type FakeCacheServiceOptions } from './fake-cache-service.js';
export type { CacheEntry } from './cache-entries.js';
export { setProcessEnv } from './process-env.js';
export type { BlobOperation, CacheCall, CacheFault, FaultTarget, TwirpMethod } from './types.js';
