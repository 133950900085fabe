import { mkdir, mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { StateError } from '../../../src/core/errors.js';
import { withPathLock } from '../../../src/state/actions-cache/path-lock.js';

const fresh = async () => join(await mkdtemp(join(tmpdir(), 'ci-scaler-lock-')), 'state', 'group.json');

describe('withPathLock (group files shared by runs on one machine)', () => {
  it('runs the holders of one path one after the other, and frees the lock after each', async () => {
    const path = await fresh();
    const trace: string[] = [];
    const work = (name: string) => async () => {
      trace.push(`${name} in`);
      await delay(20);
      trace.push(`${name} out`);
      return name;
    };
    const results = await Promise.all([withPathLock(path, work('a')), withPathLock(path, work('b'))]);
    expect(results).toEqual(['a', 'b']);
    // Either may take the lock first; what matters is that neither enters while the other is in.
    const first = trace[0]?.split(' ')[0];
    const second = first === 'a' ? 'b' : 'a';
    expect(trace).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('frees the lock when the work fails, and passes the error on', async () => {
    const path = await fresh();
    await expect(withPathLock(path, () => Promise.reject(new Error('tar failed')))).rejects.toThrow(
      'tar failed',
    );
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('takes over a lock left by a run that died, and gives up on a live one after waiting', async () => {
    const path = await fresh();
    await withPathLock(path, async () => {
      // Held now: a second taker waits, then says which lock and how long.
      await expect(withPathLock(path, () => Promise.resolve(1), { waitMs: 50 })).rejects.toThrow(StateError);
      await expect(withPathLock(path, () => Promise.resolve(1), { waitMs: 50 })).rejects.toThrow(
        `${path}.lock has been held by another run`,
      );
    });
    await writeFile(`${path}.lock`, '');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(`${path}.lock`, old, old);
    expect(await withPathLock(path, () => Promise.resolve('taken over'), { waitMs: 50 })).toBe('taken over');
  });

  it('takes over a fresh lock whose writer process has exited, not one whose writer lives', async () => {
    const path = await fresh();
    await mkdir(dirname(path), { recursive: true });
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await writeFile(`${path}.lock`, child.stdout.toString());
    expect(await withPathLock(path, () => Promise.resolve('taken over'), { waitMs: 50 })).toBe('taken over');
    await writeFile(`${path}.lock`, String(process.pid));
    await expect(withPathLock(path, () => Promise.resolve(1), { waitMs: 50 })).rejects.toThrow(StateError);
  });

  it("a holder taken over (it held past staleMs) leaves the new holder's lock when it ends", async () => {
    // Found by review: its release deleted the lock whatever it held, so a third run could
    // enter while the second was still packing the same group file.
    const path = await fresh();
    const options = { staleMs: 100, waitMs: 5_000 };
    let inside!: () => void;
    const bInside = new Promise<void>((r) => (inside = r));
    let finish!: () => void;
    const bMayFinish = new Promise<void>((r) => (finish = r));
    const a = withPathLock(path, () => delay(300), options);
    await delay(10);
    const b = withPathLock(
      path,
      async () => {
        inside();
        await bMayFinish;
      },
      options,
    );
    await bInside;
    await a;
    const afterA = await readFile(`${path}.lock`, 'utf8').catch(() => 'missing');
    finish();
    await b;
    expect(afterA).toMatch(new RegExp(`^${process.pid} [0-9a-f-]{36}$`));
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});
