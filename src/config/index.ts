/** Public API of config/: load, validate and map ci-scaler configuration. */
export type { Config } from './schema.js';
export type { PoolConfig } from './pool-schema.js';
export type { GithubSourceConfig, SourceConfig, TfcSourceConfig } from './source-schema.js';
export type {
  DockerProviderConfig,
  Ec2ProviderConfig,
  EcsProviderConfig,
  GcpProviderConfig,
  KubernetesProviderConfig,
  MemoryProviderConfig,
  ProviderConfig,
} from './provider-schema.js';
export type { StateConfig } from './state-schema.js';
export type { ServerConfig } from './server-schema.js';
export type { Env } from './env.js';
export type { TextFormat } from './parse-text.js';
export {
  loadConfigFile,
  loadConfigFileOffline,
  parseConfigDocument,
  parseConfigText,
  readConfigDocument,
  validateConfig,
  validateConfigOffline,
  type OfflineConfig,
} from './load.js';
export { capacityOf, toPolicy, toUnits, type PoolUnit } from './policy.js';
export { workerClasses } from './capacity-classes.js';
export { DEFAULT_CAPACITY_CLASS } from './ecs-schema.js';
export { configJsonSchema, configJsonSchemaText, CONFIG_SCHEMA_ID } from './json-schema.js';
export { parseDuration, formatDuration, durationSchema } from './duration.js';
export { DEFAULT_STATE_PATH } from './state-schema.js';
export { PRESETS, POLICY_NAMES, type PolicyName, type Preset } from './presets.js';
