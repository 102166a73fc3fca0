import type { EngineApi } from '../../shared/engine-contract';
import type { EnginePool } from './engine-pool';

/** The engine methods of the pool: list, add, remove, prepare (the facilitator's). */
export type PoolMethods = Pick<
  EngineApi,
  'listEngines' | 'addEngine' | 'removeEngine' | 'prepareEngine'
>;

/** What the pool's methods need of a run: its engine, and how to end it with a reason. */
export interface PooledRun {
  engineId: string;
  /** The run's phase (`stopped` and `failed` runs are over). */
  phase(): string;
  /** Ends the run with `reason` (kept with its attempt); resolves once it is over. */
  end(reason: string): Promise<void>;
  /** Notes a problem on the run's timeline. */
  note(message: string): void;
}

/** Ends every run still going on the engine `engineId` (gone away) with `reason`. */
export function endRunsOn(runs: Iterable<PooledRun>, engineId: string, reason: string): void {
  for (const run of runs) {
    if (run.engineId !== engineId || ['stopped', 'failed'].includes(run.phase())) continue;
    run
      .end(reason)
      .catch((error: unknown) =>
        run.note(`ending the run: ${(error as Error).message.split('\n')[0]}`),
      );
  }
}

/** The images the labs `labIds` need (default every lab): theirs and the workload client's. */
export function imagesOfLabs(
  labs: ReadonlyMap<string, { images: readonly string[] }>,
  labIds?: readonly string[],
): string[] {
  const chosen = (labIds ?? [...labs.keys()]).map((id) => {
    const lab = labs.get(id);
    if (!lab) throw new Error(`unknown lab "${id}"`);
    return lab;
  });
  return [...new Set(chosen.flatMap((l) => [...l.images, 'client']))];
}

/** The pool's engine methods over `pool`. */
export function poolMethods(
  pool: EnginePool,
  /** The images the labs need (lab images and the workload client); throws for an unknown lab. */
  imagesOf: (labIds: readonly string[] | undefined) => string[],
): PoolMethods {
  return {
    listEngines: () => pool.list(),
    addEngine: (input) => pool.add(input),
    removeEngine: async ({ engineId }) => pool.remove(engineId),
    prepareEngine: async ({ engineId, labIds }) => ({
      images: await pool.prepare(engineId, imagesOf(labIds)),
    }),
  };
}
