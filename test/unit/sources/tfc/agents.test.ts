import { describe, expect, it } from 'vitest';
import { decide } from '../../../../src/core/decide.js';
import { joinReplicas } from '../../../../src/core/join-replicas.js';
import {
  agentRegistration,
  knownAgentStatus,
  listAgents,
  mergeByName,
} from '../../../../src/sources/tfc/agents.js';
import type { TfcHttp } from '../../../../src/sources/tfc/http-client.js';
import { MIN, policy, T0 } from '../../core/builders.js';

const agent = (status: string | undefined, name: string | null = 'a1', ip: string | null = '10.0.0.5') => ({
  id: 'agent-1',
  type: 'agents',
  attributes: { name, status, 'ip-address': ip, 'last-ping-at': '2026-11-22T10:00:00Z' },
});

describe('TFC agents as registrations', () => {
  it.each([
    ['idle', true, false],
    ['busy', true, true],
    ['unknown', true, true],
    ['errored', false, false],
  ])('%s: online %s, busy %s', (status, online, busy) => {
    expect(agentRegistration(agent(status))).toEqual({ name: 'a1', online, busy, ip: '10.0.0.5' });
  });

  it('exited agents are gone; a nameless agent goes by its id, without an ip when none is reported', () => {
    expect(agentRegistration(agent('exited'))).toBeUndefined();
    expect(agentRegistration(agent('idle', null, null))).toEqual({
      name: 'agent-1',
      online: true,
      busy: false,
    });
  });

  it('two records of one name merge to the safe side: busy and online if either is', () => {
    const merged = mergeByName([
      { name: 'a1', online: true, busy: false, ip: '10.0.0.5' },
      { name: 'a1', online: true, busy: true },
      { name: 'a2', online: false, busy: false },
    ]);
    expect(merged).toEqual([
      { name: 'a1', online: true, busy: true, ip: '10.0.0.5' },
      { name: 'a2', online: false, busy: false },
    ]);
  });

  // Found by review: these read as offline, so the agent's replica looked like one that
  // never registered and was stopped mid-run once older than bootTimeout.
  it.each(['draining', undefined])('an undocumented status (%s) counts as busy, the safe side', (status) => {
    expect(agentRegistration(agent(status))).toEqual({
      name: 'a1',
      online: true,
      busy: true,
      ip: '10.0.0.5',
    });
    expect(knownAgentStatus(status)).toBe(false);
    expect(['idle', 'busy', 'unknown', 'errored', 'exited'].every(knownAgentStatus)).toBe(true);
  });

  it('the replica of an agent in an undocumented status is never stopped, however old', () => {
    const reg = agentRegistration(agent('draining', 'task1'));
    const workers = joinReplicas(
      [{ id: 'task1', state: 'running', createdAt: T0 - 60 * MIN }],
      reg === undefined ? [] : [reg],
      [],
      'regular',
    );
    expect(workers.map((w) => w.state)).toEqual(['busy']);
    const d = decide(
      { now: T0, jobs: [], workers, memory: { version: 1 }, complete: true, serviceDesired: 1 },
      policy({ capacity: 'replica' }),
    );
    expect(d.actions.filter((a) => a.type === 'terminate')).toEqual([]);
  });

  it('a listing says which agents it counted as busy for a status it does not know', async () => {
    const http = {
      getAll: () =>
        Promise.resolve({ data: [agent('idle', 'a1'), { ...agent('draining', 'a2'), id: 'agent-2' }] }),
    } as unknown as TfcHttp;
    const warnings: string[] = [];
    const regs = await listAgents(http, 'apool-1', (m) => warnings.push(m));
    expect(regs.map((r) => [r.name, r.busy])).toEqual([
      ['a1', false],
      ['a2', true],
    ]);
    expect(warnings).toEqual([
      'TFC agent agent-2 has status "draining", which ci-scaler does not know; counted as busy',
    ]);
  });
});
