/** ECS errors as the SDK deserialises them: modelled exception classes, and throttling as a plain ECSServiceException. */
import {
  AccessDeniedException,
  ClusterNotFoundException,
  ECSServiceException,
  InvalidParameterException,
  ServerException,
  ServiceNotActiveException,
  ServiceNotFoundException,
} from '@aws-sdk/client-ecs';

const clientFault = { $metadata: { httpStatusCode: 400 } };

export const ecsErrors = {
  /** ECS does not model throttling: the SDK builds a generic exception named by the error code. */
  throttling: (message = 'Rate exceeded'): ECSServiceException =>
    new ECSServiceException({ name: 'ThrottlingException', $fault: 'client', message, ...clientFault }),
  server: (message = 'Service Unavailable. Please try again later.'): ServerException =>
    new ServerException({ message, $metadata: { httpStatusCode: 500 } }),
  accessDenied: (action: string): AccessDeniedException =>
    new AccessDeniedException({
      message: `User: arn:aws:sts::123456789012:assumed-role/ci-scaler/test is not authorized to perform: ${action}`,
      ...clientFault,
    }),
  invalidParameter: (message: string): InvalidParameterException =>
    new InvalidParameterException({ message, ...clientFault }),
  clusterNotFound: (): ClusterNotFoundException =>
    new ClusterNotFoundException({ message: 'Cluster not found.', ...clientFault }),
  serviceNotFound: (): ServiceNotFoundException =>
    new ServiceNotFoundException({ message: 'Service not found.', ...clientFault }),
  serviceNotActive: (): ServiceNotActiveException =>
    new ServiceNotActiveException({ message: 'Service was not ACTIVE.', ...clientFault }),
};
