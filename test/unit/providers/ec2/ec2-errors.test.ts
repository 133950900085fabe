import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { fleetErrorKind, toProviderError } from '../../../../src/providers/ec2/ec2-errors.js';
import { ec2Error, fakeErrors } from '../../../fakes/aws/ec2-fake-errors.js';

const flags = (e: ProviderError) => ({
  retryable: e.retryable,
  capacity: e.capacity,
  alreadyExists: e.alreadyExists,
  status: e.status,
});

describe('EC2 error mapping', () => {
  it.each([
    ['RequestLimitExceeded', 503, { retryable: true, capacity: false, alreadyExists: false, status: 429 }],
    ['ThrottlingException', 400, { retryable: true, capacity: false, alreadyExists: false, status: 429 }],
    ['UnauthorizedOperation', 403, { retryable: false, capacity: false, alreadyExists: false, status: 403 }],
    ['AuthFailure', 401, { retryable: false, capacity: false, alreadyExists: false, status: 403 }],
    [
      'InsufficientInstanceCapacity',
      500,
      { retryable: true, capacity: true, alreadyExists: false, status: 503 },
    ],
    ['VcpuLimitExceeded', 400, { retryable: true, capacity: true, alreadyExists: false, status: 503 }],
    [
      'IdempotentParameterMismatch',
      400,
      { retryable: false, capacity: false, alreadyExists: true, status: 409 },
    ],
    ['InternalError', 500, { retryable: true, capacity: false, alreadyExists: false, status: 502 }],
    ['InvalidParameterValue', 400, { retryable: false, capacity: false, alreadyExists: false, status: 502 }],
  ])('%s (HTTP %i)', (code, http, expected) => {
    const error = toProviderError('CreateFleet', ec2Error(code, 'm', http));
    expect(flags(error)).toEqual(expected);
    expect(error.message).toBe(`ec2: CreateFleet failed (${code}): m`);
  });

  it('takes the SDK throttling trait even for an unknown code', () => {
    const error = new EC2ServiceException({ name: 'SomethingNew', $fault: 'client', $metadata: {} });
    expect(toProviderError('x', error).retryable).toBe(false);
    error.$retryable = { throttling: true };
    expect(toProviderError('x', error).retryable).toBe(true);
  });

  it('treats a connection failure as retryable and any other local error as not', () => {
    expect(
      toProviderError('x', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
        .retryable,
    ).toBe(true);
    expect(toProviderError('x', new Error('Could not load credentials from any providers')).retryable).toBe(
      false,
    );
  });

  it('masks secrets that an error message quotes back', () => {
    const error = toProviderError('PutParameter', fakeErrors.ssmAccessDenied('value s3cr3t'), ['s3cr3t']);
    expect(error.message).not.toContain('s3cr3t');
    expect(error.message).toContain('***');
  });

  it('classifies per-override fleet errors', () => {
    expect(fleetErrorKind('InsufficientInstanceCapacity')).toBe('pool-capacity');
    expect(fleetErrorKind('UnfulfillableCapacity')).toBe('pool-capacity');
    expect(fleetErrorKind('SpotMaxPriceTooLow')).toBe('pool-capacity');
    expect(fleetErrorKind('InsufficientCapacity')).toBe('pool-capacity');
    expect(fleetErrorKind('MaxSpotInstanceCountExceeded')).toBe('quota');
    expect(fleetErrorKind('InvalidParameterValue')).toBe('other');
    expect(fleetErrorKind(undefined)).toBe('other');
  });
});
