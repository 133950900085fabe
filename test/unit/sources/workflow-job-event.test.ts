import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { parseWorkflowJobEvent } from '../../../src/sources/github/index.js';
import { workflowJobExamples } from '../../support/webhook-examples.js';

interface Example {
  action: string;
  workflow_job: { id: number; status: string; labels: string[]; runner_name: string | null };
}
const examples = workflowJobExamples() as unknown as Example[];

describe('parseWorkflowJobEvent on real payloads from @octokit/webhooks-examples', () => {
  it('has examples of every action', () => {
    expect(new Set(examples.map((e) => e.action))).toEqual(
      new Set(['queued', 'waiting', 'in_progress', 'completed']),
    );
  });

  it.each(examples.map((e, i) => [`${i}: ${e.action} (${e.workflow_job.status})`, e] as const))(
    '%s',
    (_name, example) => {
      const event = parseWorkflowJobEvent(example);
      expect(event.action).toBe(example.action);
      expect(event.job.id).toBe(String(example.workflow_job.id));
      expect(event.job.labels).toEqual(example.workflow_job.labels);
      const expected = { queued: 'queued', waiting: 'waiting', in_progress: 'running', completed: 'queued' }[
        event.action
      ];
      expect(event.job.state).toBe(expected);
      if (
        example.action !== 'queued' &&
        example.action !== 'waiting' &&
        example.workflow_job.runner_name !== null
      ) {
        expect(event.runnerName).toBe(example.workflow_job.runner_name);
      }
      expect(event.owner.length).toBeGreaterThan(0);
    },
  );

  it('a queued payload whose job already says waiting is still queued work', () => {
    const example = examples.find((e) => e.action === 'queued' && e.workflow_job.status === 'waiting');
    expect(example).toBeDefined();
    expect(parseWorkflowJobEvent(example).job.state).toBe('queued');
  });

  it('rejects a payload that is not a workflow_job, naming the fields', () => {
    expect(() => parseWorkflowJobEvent({ action: 'created', zen: 'x' })).toThrow(InputError);
    try {
      parseWorkflowJobEvent({ action: 'queued', workflow_job: { id: 'x' } });
    } catch (err) {
      expect((err as InputError).problems.map((p) => p.path)).toEqual(
        expect.arrayContaining(['workflow_job.id', 'repository']),
      );
    }
  });
});
