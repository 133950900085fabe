export * from './types.js';
export * from './errors.js';
export { decide } from './decide.js';
export { labelsMatch } from './labels.js';
export { countDemand, slotsFor } from './demand.js';
export { parseMemory, EMPTY_MEMORY, MEMORY_VERSION } from './memory.js';
export { toIso, formatDuration } from './time.js';
export { routeJobs, type RoutePool, type SeenJob, type Routing } from './route.js';
export { joinWorkers, type JoinMachine, type JoinRegistration } from './join.js';
