import { errorMessage } from '../../core/errors.js';
import type { DoctorCheck } from '../../core/doctor.js';
import { buildFromCli } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';

async function guarded(
  name: string,
  probe: () => Promise<readonly DoctorCheck[]>,
): Promise<readonly DoctorCheck[]> {
  try {
    return await probe();
  } catch (err) {
    return [{ name, ok: false, detail: errorMessage(err) }];
  }
}

/**
 * `ci-scaler doctor`: per pool, do the credentials work and carry the permissions, does
 * the provider answer and have what a launch needs, is the state store reachable.
 */
export async function doctorCommand(io: CliIo, opts: { config: string; pool?: string }): Promise<number> {
  const built = await buildFromCli(io, opts);
  let failures = 0;
  const print = (checks: readonly DoctorCheck[]): void => {
    for (const c of checks) {
      if (!c.ok) failures += 1;
      io.stdout(
        `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}${c.ok || c.fix === undefined ? '' : `\n       fix: ${c.fix}`}\n`,
      );
    }
  };
  try {
    io.stdout(`state (${built.store.type})\n`);
    print(
      await guarded('state store reachable', async () => {
        await built.store.get('doctor/probe');
        return [{ name: 'state store reachable', ok: true, detail: `${built.store.type} store answers` }];
      }),
    );
    for (const pool of built.pools) {
      io.stdout(`${pool.policy.name} (${pool.source.type} -> ${pool.provider.type})\n`);
      print(
        await guarded(
          `${pool.source.type} source`,
          async () => (await pool.source.doctor?.(pool.policy)) ?? [],
        ),
      );
      print(
        await guarded(
          `${pool.provider.type} provider`,
          async () => (await pool.provider.doctor?.(pool.policy)) ?? [],
        ),
      );
    }
  } finally {
    await built.close();
  }
  io.stdout(failures === 0 ? 'all checks passed\n' : `${failures} check(s) failed\n`);
  return failures === 0 ? 0 : 1;
}
