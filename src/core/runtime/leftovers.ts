import type { ContainerRuntime } from './container-runtime';
import { LABEL, appSelector } from './labels';

/** What some runs left behind on the engine. */
export interface Leftovers {
  /** Names of their containers still there (running or not). */
  containers: string[];
  /** Names of their networks still there. */
  networks: string[];
}

/**
 * Names of the resources whose run label (`dojo.run`) is one of `runIds`,
 * in the order given. Resources without the app label (`dojo.app`) are never
 * counted. Pure.
 */
export function namesOfRuns(
  resources: readonly { name: string; labels: Record<string, string> }[],
  runIds: ReadonlySet<string>,
): string[] {
  const app = appSelector()[LABEL.app];
  return resources
    .filter((r) => r.labels[LABEL.app] === app && runIds.has(r.labels[LABEL.run] ?? ''))
    .map((r) => r.name);
}

/**
 * The containers and networks of `runIds` still on the engine, e.g. after
 * those runs were stopped or ended (they should have removed everything).
 * Listed once by the app label (`dojo.app=failover-dojo`), so nothing the
 * app did not create is ever looked at, then kept by run label.
 */
export async function listLeftovers(
  runtime: Pick<ContainerRuntime, 'listContainers' | 'listNetworks'>,
  runIds: Iterable<string>,
): Promise<Leftovers> {
  const runs = new Set(runIds);
  const [containers, networks] = await Promise.all([
    runtime.listContainers(appSelector()),
    runtime.listNetworks(appSelector()),
  ]);
  return { containers: namesOfRuns(containers, runs), networks: namesOfRuns(networks, runs) };
}
