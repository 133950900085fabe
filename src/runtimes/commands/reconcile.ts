import { errorMessage } from '../../core/errors.js';
import type { ReconcileResult } from '../../engine/engine.js';
import { buildFromCli } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';

export interface ReconcileOptions {
  readonly config: string;
  readonly pool?: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

function describe(r: ReconcileResult): string[] {
  const lines = [`${r.pool}: ${r.result} (desired ${r.decision?.desired ?? '-'}, ${r.apiCalls} API calls)`];
  if (r.decision !== undefined) lines.push(`  ${r.decision.reason}`);
  if (r.result === 'dry-run')
    for (const a of r.decision?.actions ?? []) lines.push(`  would ${a.type}: ${a.reason}`);
  for (const o of r.outcomes) lines.push(`  ${o.type} ${o.target}: ${o.result}, ${o.detail}`);
  if (r.unmatched.length > 0) lines.push(`  queued jobs matching no pool: ${r.unmatched.join(', ')}`);
  return lines;
}

function toJson(r: ReconcileResult): Record<string, unknown> {
  return {
    result: r.result,
    desired: r.decision?.desired ?? null,
    reason: r.decision?.reason ?? null,
    actions: r.result === 'dry-run' ? (r.decision?.actions ?? []) : r.outcomes,
    apiCalls: r.apiCalls,
    unmatched: r.unmatched,
  };
}

/** `ci-scaler reconcile`: one full reconcile per pool. Exit 1 when any action or pool failed. */
export async function reconcileCommand(io: CliIo, opts: ReconcileOptions): Promise<number> {
  const built = await buildFromCli(io, opts);
  const results: ReconcileResult[] = [];
  let failed = false;
  try {
    for (const pool of built.pools) {
      try {
        results.push(await built.engine.reconcile(pool.policy.name, { dryRun: opts.dryRun === true }));
      } catch (err) {
        failed = true;
        io.stderr(`error: pool ${pool.policy.name}: ${errorMessage(err)}\n`);
      }
    }
  } finally {
    await built.close();
  }
  failed ||= results.some((r) => r.result === 'partial');
  if (opts.json === true)
    io.stdout(
      `${JSON.stringify({ version: 1, pools: Object.fromEntries(results.map((r) => [r.pool, toJson(r)])) }, null, 2)}\n`,
    );
  else io.stdout(`${results.flatMap(describe).join('\n')}\n`);
  return failed ? 1 : 0;
}
