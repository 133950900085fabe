/** The ECS client for a provider config: region, optional endpoint and call timeout, default credential chain. */
import { ECSClient } from '@aws-sdk/client-ecs';
import type { EcsProviderConfig } from '../../config/ecs-schema.js';
import { awsRequestHandler } from '../aws-request-handler.js';

/**
 * Credentials come from the SDK's default chain (environment, shared config, web identity,
 * container or instance role); ci-scaler never reads or logs them.
 */
export function createEcsClient(
  config: Pick<EcsProviderConfig, 'region' | 'endpoint' | 'requestTimeout'>,
): ECSClient {
  return new ECSClient({
    region: config.region,
    ...(config.endpoint !== undefined && { endpoint: config.endpoint }),
    requestHandler: awsRequestHandler(config.requestTimeout),
  });
}
