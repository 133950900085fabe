import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { formatTrace, parseTrace } from '../../../src/sim/trace-file.js';
import type { Trace } from '../../../src/sim/types.js';

const line = (fields: Record<string, unknown>): string =>
  JSON.stringify({ id: 'j1', at: 0, duration: 60, labels: ['self-hosted', 'linux'], ...fields });

function problemsOf(text: string): { path: string; message: string }[] {
  try {
    parseTrace(text, 'trace.jsonl');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return [...(err as InputError).problems];
  }
  throw new Error('expected the trace to be refused');
}

describe('parseTrace', () => {
  it('reads numeric at as seconds, sorts by at and keeps file order between equal times', () => {
    const text = [
      line({ id: 'b', at: 30 }),
      line({ id: 'a', at: 10, kind: 'plan', group: 'ws-1' }),
      line({ id: 'c', at: 30, duration: 0.5, labels: [] }),
    ].join('\n');
    const trace = parseTrace(text, 'trace.jsonl');
    expect(trace.start).toBeUndefined();
    expect(trace.jobs.map((j) => j.id)).toEqual(['a', 'b', 'c']);
    expect(trace.jobs[0]).toEqual({
      id: 'a',
      at: 10,
      duration: 60,
      labels: ['self-hosted', 'linux'],
      kind: 'plan',
      group: 'ws-1',
    });
    expect(trace.jobs[2]).toEqual({ id: 'c', at: 30, duration: 0.5, labels: [] });
  });

  it('gives jobs with the same labels one shared array, so label matching answers once per set', () => {
    const text = [
      line({ id: 'a' }),
      line({ id: 'b', labels: ['self-hosted', 'linux', 'large'] }),
      line({ id: 'c' }),
      line({ id: 'd', labels: ['linux', 'self-hosted'] }),
    ].join('\n');
    const [a, b, c, d] = parseTrace(text, 'trace.jsonl').jobs;
    expect(a?.labels).toBe(c?.labels);
    expect(a?.labels).not.toBe(b?.labels);
    // Another order is another array: labels are kept as written.
    expect(d?.labels).toEqual(['linux', 'self-hosted']);
    expect(d?.labels).not.toBe(a?.labels);
  });

  it('turns ISO times into seconds from the earliest, whatever their zone and order', () => {
    const text = [
      line({ id: 'late', at: '2026-11-02T10:00:30.500+01:00' }),
      line({ id: 'first', at: '2026-11-02T09:00:00Z' }),
    ].join('\n');
    const trace = parseTrace(text, 'trace.jsonl');
    expect(trace.start).toBe('2026-11-02T09:00:00Z');
    expect(trace.jobs.map((j) => [j.id, j.at])).toEqual([
      ['first', 0],
      ['late', 30.5],
    ]);
  });

  it('skips blank lines and comments, and takes the start from a "# start:" line', () => {
    const text = `# a weekday\n\n   \n# start: 2026-11-02T00:00:00Z\r\n${line({ at: 3600 })}\n# done\n`;
    const trace = parseTrace(text, 'trace.jsonl');
    expect(trace).toEqual({
      start: '2026-11-02T00:00:00Z',
      jobs: [{ id: 'j1', at: 3600, duration: 60, labels: ['self-hosted', 'linux'] }],
    });
    const iso = parseTrace(`# start: 2026-11-02T00:00:00Z\n${line({ at: '2026-11-02T01:00:00Z' })}`, 't');
    expect(iso.jobs[0]?.at).toBe(3600);
  });

  it('reports every bad line at once, each at trace.jsonl:LINE and naming the field', () => {
    const text = [
      line({ id: 'ok' }),
      line({ id: 'd0', duration: 0 }),
      '{not json',
      '',
      line({ id: 'neg', at: -1 }),
      line({ id: 'iso', at: '2026-02-30T00:00:00Z' }),
      JSON.stringify({ at: 5, duration: '60', labels: 'linux', durations: 1 }),
      '[1, 2]',
      line({ id: 'lab', labels: ['linux', ''] }),
      JSON.stringify({ id: 'both', at: 'noon', duration: -1, labels: ['linux'] }),
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'trace.jsonl:2', message: 'duration: must be a number of seconds > 0' },
      { path: 'trace.jsonl:3', message: expect.stringMatching(/^not valid JSON \(/) as unknown },
      { path: 'trace.jsonl:5', message: 'at: seconds from the start must be >= 0' },
      {
        path: 'trace.jsonl:6',
        message: expect.stringMatching(/^at: must be an ISO time with a zone/) as unknown,
      },
      { path: 'trace.jsonl:7', message: 'id: required (a non-empty string)' },
      { path: 'trace.jsonl:7', message: 'duration: must be a number of seconds > 0' },
      { path: 'trace.jsonl:7', message: 'labels: must be a list of label strings' },
      {
        path: 'trace.jsonl:7',
        message: 'unknown key "durations" (expected id, at, duration, labels, kind, group)',
      },
      { path: 'trace.jsonl:8', message: 'must be a JSON object with id, at, duration and labels' },
      { path: 'trace.jsonl:9', message: 'labels[1]: must be a non-empty string' },
      // A bad time is reported with the line's other problems, not only once they are fixed.
      {
        path: 'trace.jsonl:10',
        message: 'at: must be an ISO time with a zone (e.g. 2026-11-02T09:00:00Z), got "noon"',
      },
      { path: 'trace.jsonl:10', message: 'duration: must be a number of seconds > 0' },
    ]);
  });

  it('formats the error as path: message lines under the source name', () => {
    expect(() => parseTrace(line({ duration: -3 }), 'day.jsonl')).toThrow(
      'invalid trace day.jsonl:\nday.jsonl:1: duration: must be a number of seconds > 0',
    );
  });

  it('names both lines of a duplicate id', () => {
    const text = [line({ id: 'a' }), line({ id: 'b' }), line({ id: 'a', at: 9 })].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'trace.jsonl:3', message: 'id: "a" is also the id on line 1' },
    ]);
  });

  it('refuses a file that mixes ISO times and seconds, naming the line that set the kind', () => {
    const text = [
      '# iso first',
      line({ id: 'a', at: '2026-11-02T09:00:00Z' }),
      line({ id: 'b', at: 5 }),
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      {
        path: 'trace.jsonl:3',
        message: 'at: seconds, but line 2 gives ISO times; use one kind of "at" per file',
      },
    ]);
  });

  it('refuses ISO times before the "# start:" line and a second or malformed start', () => {
    const text = [
      '# start: 2026-11-02T09:00:00Z',
      line({ at: '2026-11-02T08:59:59Z' }),
      '# start: 2026-11-03T00:00:00Z',
      '#start: yesterday',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'trace.jsonl:2', message: "at: before the trace's start (# start: on line 1)" },
      { path: 'trace.jsonl:3', message: '# start: given twice (first on line 1)' },
      { path: 'trace.jsonl:4', message: '# start: given twice (first on line 1)' },
    ]);
    expect(problemsOf(`#start: yesterday\n${line({})}`)).toEqual([
      {
        path: 'trace.jsonl:1',
        message: '# start: must be an ISO time with a zone (e.g. 2026-11-02T09:00:00Z)',
      },
    ]);
  });

  it('refuses a trace without jobs', () => {
    expect(problemsOf('# nothing here\n\n')).toEqual([
      { path: 'trace.jsonl', message: 'has no jobs (every line is blank or a comment)' },
    ]);
    expect(problemsOf('')).toHaveLength(1);
  });
});

describe('formatTrace', () => {
  const trace: Trace = {
    start: '2026-11-02T00:00:00Z',
    jobs: [
      { id: 'j1', at: 0, duration: 240, labels: ['self-hosted', 'linux'] },
      { id: 'j2', at: 12.25, duration: 0.001, labels: [], kind: 'apply', group: 'ws "1"' },
      { id: 'j3', at: 12.25, duration: 1e6, labels: ['self-hosted', 'linux', 'arm64'] },
    ],
  };

  it('writes one JSON object a line after the start line, with a trailing newline', () => {
    const text = formatTrace(trace);
    const lines = text.split('\n');
    expect(text.endsWith('\n')).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('# start: 2026-11-02T00:00:00Z');
    expect(lines[1]).toBe('{"id":"j1","at":0,"duration":240,"labels":["self-hosted","linux"]}');
  });

  it('round-trips through parseTrace, with and without a start', () => {
    expect(parseTrace(formatTrace(trace), 'x')).toEqual(trace);
    const { start: _start, ...numeric } = trace;
    expect(formatTrace(numeric).startsWith('{')).toBe(true);
    expect(parseTrace(formatTrace(numeric), 'x')).toEqual(numeric);
  });

  it('round-trips a trace read from ISO times', () => {
    const parsed = parseTrace(
      [line({ id: 'a', at: '2026-11-02T09:00:00Z' }), line({ id: 'b', at: '2026-11-02T09:00:07.125Z' })].join(
        '\n',
      ),
      'x',
    );
    expect(parseTrace(formatTrace(parsed), 'x')).toEqual(parsed);
  });
});
