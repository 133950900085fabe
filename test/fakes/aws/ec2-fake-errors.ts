/**
 * AWS errors as the SDK deserialises them. EC2 models no exception classes: the SDK builds
 * an EC2ServiceException named by the error code (HTTP 400, throttling 503). SSM models
 * some (ParameterNotFound, ParameterAlreadyExists) and names the rest by code.
 */
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { ParameterAlreadyExists, ParameterNotFound, SSMServiceException } from '@aws-sdk/client-ssm';

export function ec2Error(code: string, message: string, httpStatusCode = 400): EC2ServiceException {
  return new EC2ServiceException({
    name: code,
    $fault: httpStatusCode >= 500 && code !== 'RequestLimitExceeded' ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'fake-request' },
    message,
  });
}

export function ssmError(code: string, message: string, httpStatusCode = 400): SSMServiceException {
  return new SSMServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'fake-request' },
    message,
  });
}

const clientFault = { $metadata: { httpStatusCode: 400, requestId: 'fake-request' } };

export const fakeErrors = {
  /** EC2 answers throttling with HTTP 503 and the code RequestLimitExceeded. */
  ec2Throttling: (): EC2ServiceException => ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503),
  ssmThrottling: (): SSMServiceException => ssmError('ThrottlingException', 'Rate exceeded'),
  ec2Unauthorized: (action: string): EC2ServiceException =>
    ec2Error('UnauthorizedOperation', `You are not authorized to perform this operation (${action}).`, 403),
  ssmAccessDenied: (action: string): SSMServiceException =>
    ssmError(
      'AccessDeniedException',
      `User: arn:aws:sts::123456789012:assumed-role/ci-scaler/test is not authorized to perform: ${action}`,
    ),
  ec2Internal: (): EC2ServiceException => ec2Error('InternalError', 'An internal error has occurred.', 500),
  parameterNotFound: (): ParameterNotFound => new ParameterNotFound({ message: '', ...clientFault }),
  parameterAlreadyExists: (): ParameterAlreadyExists =>
    new ParameterAlreadyExists({ message: 'The parameter already exists.', ...clientFault }),
};
