/**
 * The test runner image: busybox plus test/fixtures/runner-image/runner.sh (a fake
 * actions/runner, docs/dev/fake-runner-protocol.md), built with no registry.
 */
import { fileURLToPath } from 'node:url';
import type Dockerode from 'dockerode';
import { ensureScriptImage } from './script-image.js';

export const RUNNER_IMAGE = 'ci-scaler-test/runner:latest';

/** Builds and tags the image unless the tag already holds this runner.sh. Returns the tag. */
export function ensureRunnerImage(docker: Dockerode, tag = RUNNER_IMAGE): Promise<string> {
  return ensureScriptImage(docker, tag, {
    script: fileURLToPath(new URL('../fixtures/runner-image/runner.sh', import.meta.url)),
    scriptName: 'runner.sh',
    applets: ['sh', 'wget', 'base64', 'sleep', 'cat', 'echo', 'tr', 'cut', 'ls', 'env'],
    label: 'ci-scaler-test.runner-sha256',
  });
}
