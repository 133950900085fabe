/**
 * The test-only agent protocol (docs/dev/fake-agent-protocol.md): plain-text POSTs under
 * `/fake-agent/` that the test agent image speaks with busybox `wget`.
 */
import type { Reply } from './api-handler.js';
import { FakeError } from './fake-error.js';
import type { TfcState } from './state.js';

export interface ProtocolRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | undefined;
  readonly remoteAddress: string | undefined;
}

function text(status: number, body: string): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function param(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (value === null || value === '') throw new FakeError(400, `missing ${name}`);
  return value;
}

function register(state: TfcState, req: ProtocolRequest): string {
  const pool = state.pool(param(req.url, 'pool'));
  const token = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1];
  if (pool.agentToken !== undefined && token !== pool.agentToken)
    throw new FakeError(401, 'agent token rejected');
  const ip = req.url.searchParams.get('ip') ?? req.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  return state.addAgent(pool.id, param(req.url, 'name'), 'idle', ip).id;
}

const HANDLERS: Readonly<Record<string, (state: TfcState, req: ProtocolRequest) => string>> = {
  '/fake-agent/register': register,
  '/fake-agent/poll': (state, req) => {
    const work = state.take(state.agentNamed(param(req.url, 'name')));
    return work === undefined ? '' : `${work.run.id} ${work.phase}`;
  },
  '/fake-agent/finish': (state, req) => {
    state.finish(state.agentNamed(param(req.url, 'name')), param(req.url, 'run'));
    return 'ok';
  },
  '/fake-agent/exit': (state, req) => {
    state.exit(state.agentNamed(param(req.url, 'name')));
    return 'ok';
  },
};

export function handleProtocol(state: TfcState, req: ProtocolRequest): Reply {
  const handler = HANDLERS[req.url.pathname];
  if (handler === undefined || req.method !== 'POST') {
    return text(404, `no fake agent endpoint ${req.method} ${req.url.pathname}`);
  }
  try {
    return text(200, handler(state, req));
  } catch (error) {
    if (error instanceof FakeError) return text(error.status, error.message);
    throw error;
  }
}
