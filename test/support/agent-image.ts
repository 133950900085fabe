/**
 * The test agent image: busybox plus test/fixtures/agent-image/agent.sh (a fake
 * tfc-agent, docs/dev/fake-agent-protocol.md), built with no registry.
 */
import { fileURLToPath } from 'node:url';
import type Dockerode from 'dockerode';
import { ensureScriptImage } from './script-image.js';

export const AGENT_IMAGE = 'ci-scaler-test/agent:latest';

/** Builds and tags the image unless the tag already holds this agent.sh. Returns the tag. */
export function ensureAgentImage(docker: Dockerode, tag = AGENT_IMAGE): Promise<string> {
  return ensureScriptImage(docker, tag, {
    script: fileURLToPath(new URL('../fixtures/agent-image/agent.sh', import.meta.url)),
    scriptName: 'agent.sh',
    applets: ['sh', 'wget', 'sleep', 'cat', 'echo', 'tr', 'hostname', 'env', 'ls'],
    label: 'ci-scaler-test.agent-sha256',
  });
}
