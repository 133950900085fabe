/**
 * Vitest global setup: hands test workers a share dir for the one test dockerd
 * (started lazily, see dockerd-share.ts) and stops that daemon when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { createShareDir, releaseShare } from './dockerd-share.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shareDir = await createShareDir();
  project.provide('dockerShareDir', shareDir);
  return () => releaseShare(shareDir);
}
