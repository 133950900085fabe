import type { ActionCore } from '../../../src/runtimes/action.js';

/** An @actions/core stand-in that records everything the action shows a person. */
export function fakeCore(inputs: Record<string, string>) {
  const calls = {
    errors: [] as { message: string; file?: string }[],
    failed: [] as string[],
    warnings: [] as string[],
    lines: [] as string[],
    secrets: [] as string[],
    outputs: {} as Record<string, string>,
    summary: '',
  };
  const core: ActionCore = {
    getInput: (name) => inputs[name] ?? '',
    debug: (m) => calls.lines.push(m),
    info: (m) => calls.lines.push(m),
    warning: (m) => calls.warnings.push(m),
    error: (m, p) => calls.errors.push({ message: m, ...(p?.file !== undefined && { file: p.file }) }),
    setFailed: (m) => calls.failed.push(m),
    setOutput: (k, v) => (calls.outputs[k] = v),
    setSecret: (v) => calls.secrets.push(v),
    summary: {
      addRaw: (t) => (calls.summary += t),
      write: () => Promise.resolve(),
    },
  };
  /** Everything printed or written, to check that no secret got through. */
  const transcript = () =>
    [
      ...calls.lines,
      ...calls.warnings,
      ...calls.failed,
      ...calls.errors.map((e) => e.message),
      calls.summary,
      JSON.stringify(calls.outputs),
    ].join('\n');
  return { core, calls, transcript };
}
