/**
 * The SSM Parameter Store calls the provider makes: PutParameter (no overwrite with tags,
 * ParameterAlreadyExists), GetParametersByPath (one level or recursive, at most 10 per page,
 * SecureString values encrypted unless asked otherwise), DeleteParameter(s).
 */
import type {
  DeleteParameterCommandInput,
  DeleteParameterCommandOutput,
  DeleteParametersCommandInput,
  DeleteParametersCommandOutput,
  GetParametersByPathCommandInput,
  GetParametersByPathCommandOutput,
  Parameter,
  ParameterType,
  PutParameterCommandInput,
  PutParameterCommandOutput,
} from '@aws-sdk/client-ssm';
import { fakeErrors, ssmError } from './ec2-fake-errors.js';
import type { FakeParameter, FakeState } from './ec2-fake-state.js';

const ok = { $metadata: { httpStatusCode: 200 } };

export function putParameter(state: FakeState, input: PutParameterCommandInput): PutParameterCommandOutput {
  const { Name: name, Value: value, Type: type } = input;
  if (name === undefined || value === undefined)
    throw ssmError('ValidationException', 'Name and Value are required');
  if (input.Tags !== undefined && input.Overwrite === true) {
    throw ssmError(
      'ValidationException',
      "Tags and Overwrite can't be used together. To create a parameter with tags, please remove overwrite flag.",
    );
  }
  const existing = state.parameters.get(name);
  if (existing !== undefined && input.Overwrite !== true) throw fakeErrors.parameterAlreadyExists();
  const tier =
    input.Tier === 'Intelligent-Tiering'
      ? Buffer.byteLength(value) > 4096
        ? 'Advanced'
        : 'Standard'
      : (input.Tier ?? 'Standard');
  if (Buffer.byteLength(value) > (tier === 'Advanced' ? 8192 : 4096)) {
    throw ssmError('ParameterMaxVersionLimitExceeded', 'the value is too large for the tier');
  }
  const version = (existing?.version ?? 0) + 1;
  state.parameters.set(name, {
    name,
    value,
    type: type ?? existing?.type ?? 'String',
    tier,
    version,
    lastModified: new Date(state.clock()),
    tags:
      input.Tags !== undefined
        ? new Map(input.Tags.map((t) => [t.Key ?? '', t.Value ?? '']))
        : new Map(existing?.tags ?? []),
  });
  return { ...ok, Version: version, Tier: tier };
}

/** What GetParametersByPath answers for a SecureString without decryption: ciphertext, never the value. */
function shown(p: FakeParameter, decrypt: boolean): Parameter {
  const value =
    p.type === 'SecureString' && !decrypt ? `AQICAHfake${Buffer.from(p.name).toString('base64')}` : p.value;
  return {
    Name: p.name,
    Type: p.type as ParameterType,
    Value: value,
    Version: p.version,
    LastModifiedDate: p.lastModified,
    ARN: `arn:aws:ssm:eu-west-1:123456789012:parameter${p.name}`,
    DataType: 'text',
  };
}

export function getParametersByPath(
  state: FakeState,
  input: GetParametersByPathCommandInput,
): GetParametersByPathCommandOutput {
  const path = (input.Path ?? '').replace(/\/$/, '');
  if (!path.startsWith('/')) throw ssmError('ValidationException', 'Path must start with /');
  const max = input.MaxResults ?? 10;
  if (max < 1 || max > 10) throw ssmError('ValidationException', 'MaxResults must be between 1 and 10');
  const found = [...state.parameters.values()]
    .filter(
      (p) =>
        p.name.startsWith(`${path}/`) &&
        (input.Recursive === true || !p.name.slice(path.length + 1).includes('/')),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  const start = input.NextToken !== undefined ? Number(input.NextToken) : 0;
  const end = Math.min(found.length, start + max);
  return {
    ...ok,
    Parameters: found.slice(start, end).map((p) => shown(p, input.WithDecryption === true)),
    ...(end < found.length && { NextToken: String(end) }),
  };
}

export function deleteParameter(
  state: FakeState,
  input: DeleteParameterCommandInput,
): DeleteParameterCommandOutput {
  if (input.Name === undefined || !state.parameters.delete(input.Name)) throw fakeErrors.parameterNotFound();
  return ok;
}

export function deleteParameters(
  state: FakeState,
  input: DeleteParametersCommandInput,
): DeleteParametersCommandOutput {
  const names = input.Names ?? [];
  if (names.length < 1 || names.length > 10)
    throw ssmError('ValidationException', 'Names must have 1 to 10 members');
  const deleted = names.filter((name) => state.parameters.delete(name));
  return { ...ok, DeletedParameters: deleted, InvalidParameters: names.filter((n) => !deleted.includes(n)) };
}
