import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { parseLogLevel, pinoLogger } from '../../../src/telemetry/pino-logger.js';

function capture(level: 'debug' | 'info' | 'warn' | 'error', secrets: string[]) {
  const lines: string[] = [];
  const logger = pinoLogger({ level, secrets: () => secrets, write: (l) => lines.push(l), clock: () => 0 });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('pinoLogger', () => {
  it('writes one JSON line per record with level, time, message and fields', () => {
    const { logger, lines, parsed } = capture('info', []);
    logger.debug('hidden');
    logger.info('webhook accepted', { delivery: 'd-1', pool: 'linux', job: '42' });
    logger.error('plain');
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    expect(parsed()).toEqual([
      {
        level: 'info',
        time: '1970-01-01T00:00:00.000Z',
        msg: 'webhook accepted',
        delivery: 'd-1',
        pool: 'linux',
        job: '42',
      },
      { level: 'error', time: '1970-01-01T00:00:00.000Z', msg: 'plain' },
    ]);
  });

  it('masks every secret in messages, field values, nested fields and errors, learnt late too', () => {
    const secrets = ['tok-123'];
    const { logger, lines } = capture('debug', secrets);
    logger.info('token tok-123 in the message');
    secrets.push('jit"quoted\\secret');
    logger.warn('fields', {
      a: 'tok-123',
      nested: { list: ['x', 'jit"quoted\\secret'] },
      err: new Error('failed with tok-123'),
    });
    const text = lines.join('');
    expect(text).not.toContain('tok-123');
    expect(text).not.toContain('quoted');
    // The message, the field, the nested value, and the error's message (its stack repeats it).
    expect(text.match(/\*\*\*/g)?.length).toBeGreaterThanOrEqual(4);
  });
});

describe('parseLogLevel', () => {
  it('defaults to info, accepts the four levels, refuses a typo', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel('WARN')).toBe('warn');
    expect(() => parseLogLevel('verbose')).toThrow(InputError);
    expect(() => parseLogLevel('verbose')).toThrow(
      /CI_SCALER_LOG_LEVEL: must be one of debug, info, warn, error/,
    );
  });
});
