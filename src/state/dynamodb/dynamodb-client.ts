/**
 * The DynamoDB client, configured from settings first and the standard AWS environment
 * second. The environment is the injected one, not process.env, so a test or an
 * in-process CLI run points the client at its own endpoint and credentials; when nothing
 * is set the SDK's default chain (profiles, SSO, container and instance roles) decides.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export type Env = Readonly<Record<string, string | undefined>>;

export interface DynamoDbClientSettings {
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly env: Env;
}

/**
 * Without a timeout a half-open connection would hold a reconcile (and the pool lock
 * it took) forever; the SDK retries a timed-out call like any other transient failure.
 */
const REQUEST_TIMEOUT_MS = 10_000;
const CONNECTION_TIMEOUT_MS = 3_000;

export function dynamoDbClientConfig(settings: DynamoDbClientSettings): DynamoDBClientConfig {
  const env = settings.env;
  const region = settings.region ?? nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
  const endpoint =
    settings.endpoint ?? nonEmpty(env['AWS_ENDPOINT_URL_DYNAMODB']) ?? nonEmpty(env['AWS_ENDPOINT_URL']);
  const accessKeyId = nonEmpty(env['AWS_ACCESS_KEY_ID']);
  const secretAccessKey = nonEmpty(env['AWS_SECRET_ACCESS_KEY']);
  const sessionToken = nonEmpty(env['AWS_SESSION_TOKEN']);
  return {
    ...(region !== undefined && { region }),
    ...(endpoint !== undefined && { endpoint }),
    // The SDK's chain reads these from process.env first too; here they come from the injected env.
    ...(accessKeyId !== undefined &&
      secretAccessKey !== undefined && {
        credentials: { accessKeyId, secretAccessKey, ...(sessionToken !== undefined && { sessionToken }) },
      }),
    requestHandler: {
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  };
}

export function createDynamoDbClient(settings: DynamoDbClientSettings): DynamoDBClient {
  return new DynamoDBClient(dynamoDbClientConfig(settings));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
