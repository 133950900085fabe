import { describe, expect, it } from 'vitest';
import { agentRegistration, mergeByName } from '../../../../src/sources/tfc/agents.js';

const agent = (status: string, name: string | null = 'a1', ip: string | null = '10.0.0.5') => ({
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
});
