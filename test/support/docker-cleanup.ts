import type Dockerode from 'dockerode';

/** Force-removes every container labelled with one of these pools (what a test left behind). */
export async function removePoolContainers(docker: Dockerode, pools: readonly string[]): Promise<void> {
  for (const pool of pools) {
    const infos = await docker.listContainers({ all: true, filters: { label: [`ci-scaler.pool=${pool}`] } });
    await Promise.all(infos.map((info) => removeContainer(docker, info.Id)));
  }
}

export async function removeContainer(docker: Dockerode, idOrName: string): Promise<void> {
  try {
    await docker.getContainer(idOrName).remove({ force: true });
  } catch (error) {
    // Gone already (404) or going (409): both are what cleanup wants.
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status !== 404 && status !== 409) throw error;
  }
}
