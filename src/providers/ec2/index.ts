/**
 * The EC2 backend module. The registry loads this file with `import()` only when a pool uses
 * `provider: { type: ec2 }`, so other runtimes never load the AWS SDK.
 */
import { createEc2Provider } from './ec2-provider.js';

export const ec2ProviderModule = { type: 'ec2' as const, create: createEc2Provider };

export { createEc2Provider, type Ec2Clients, type Ec2Provider } from './ec2-provider.js';
export {
  bootstrapScript,
  hardLifetimeMinutes,
  BOOTSTRAP_DEFAULTS,
  type BootstrapOptions,
} from './bootstrap.js';
export { CIRCUITS_MEMO_KEY } from './circuit-breaker.js';
export { parseSelectionLabels, type Selection } from './labels.js';
export { TAG as EC2_TAGS } from './tags.js';
