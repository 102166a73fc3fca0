import Docker from 'dockerode';

/** What the test checks on the engine directly, independent of the app. */
export class DockerProbe {
  private readonly docker = new Docker();

  /** Containers (any state) carrying the app's label for this run. */
  async containersOfRun(runId: string): Promise<string[]> {
    const list = await this.docker.listContainers({
      all: true,
      filters: { label: [`dojo.run=${runId}`] },
    });
    return list.map((c) => c.Names[0] ?? c.Id);
  }

  async networksOfRun(runId: string): Promise<string[]> {
    const list = await this.docker.listNetworks({ filters: { label: [`dojo.run=${runId}`] } });
    return list.map((n) => n.Name);
  }
}
