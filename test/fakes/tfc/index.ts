export { FakeTfc } from './fake-tfc.js';
export type * from './types.js';
