export { FakeGitHub } from './fake-github.js';
export { encodeJitConfig } from './runner-routes.js';
export type { WorkflowJobPayload } from './webhook-payload.js';
export type * from './types.js';
