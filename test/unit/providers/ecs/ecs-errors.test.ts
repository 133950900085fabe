/** Classifying ECS SDK errors into ProviderErrors. */
import { ClusterNotFoundException, ECSServiceException, ServiceNotFoundException } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { toProviderError } from '../../../../src/providers/ecs/ecs-errors.js';
import { ecsErrors } from '../../../fakes/aws/ecs-fake.js';

const meta = { $metadata: {} };

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 1.2.3.4:443`), { code });
}

describe('ECS error classification', () => {
  it.each([
    ['ThrottlingException', ecsErrors.throttling(), { retryable: true, status: 429 }],
    [
      'HTTP 429',
      new ECSServiceException({
        name: 'TooManyRequests',
        $fault: 'client',
        $metadata: { httpStatusCode: 429 },
      }),
      { retryable: true, status: 429 },
    ],
    ['ServerException', ecsErrors.server(), { retryable: true, status: 502 }],
    [
      'an unmodelled 503',
      new ECSServiceException({
        name: 'ServiceUnavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      }),
      { retryable: true, status: 502 },
    ],
    ['AccessDeniedException', ecsErrors.accessDenied('ecs:ListTasks'), { retryable: false, status: 403 }],
    ['ServiceNotFoundException', new ServiceNotFoundException({ message: 'x', ...meta }), { status: 404 }],
    ['ClusterNotFoundException', new ClusterNotFoundException({ message: 'x', ...meta }), { status: 404 }],
    ['ServiceNotActiveException', ecsErrors.serviceNotActive(), { retryable: false, status: 409 }],
    ['InvalidParameterException', ecsErrors.invalidParameter('bad'), { retryable: false, status: 400 }],
    ['ECONNRESET', networkError('ECONNRESET'), { retryable: true, status: 502 }],
    ['a TypeError', new TypeError('boom'), { retryable: false, status: 502 }],
  ] as const)('%s', (_label, error, expected) => {
    const mapped = toProviderError('doing a thing', error);
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped).toMatchObject({ retryable: false, ...expected });
    expect(mapped.message).toMatch(/^ecs: doing a thing failed \(/);
    expect(mapped.cause).toBe(error);
  });

  it('only ServiceNotFound and ClusterNotFound become 404', () => {
    for (const error of [ecsErrors.server(), ecsErrors.throttling(), new Error('not found')]) {
      expect(toProviderError('x', error).status).not.toBe(404);
    }
  });

  it('a ProviderError passes through unchanged', () => {
    const original = new ProviderError('already classified', { status: 409 });
    expect(toProviderError('x', original)).toBe(original);
  });

  it('access denied says where to look for the permissions', () => {
    expect(toProviderError('x', ecsErrors.accessDenied('ecs:StopTask')).message).toContain(
      'docs/providers/ecs.md',
    );
  });
});
