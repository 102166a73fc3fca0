/** What placement needs to know of an engine (see PoolEngine). */
export interface PlacementEngine {
  id: string;
  reachable: boolean;
  /** Labs it holds by its CPUs and memory. */
  labsFit: number;
  /** Labs on it now. */
  labsRunning: number;
  /** Round trip of the last look, ms (the nearer engine wins a tie). */
  pingMs?: number;
}

/** Where one lab goes; `over` when every reachable engine was already full. */
export interface Placement {
  engineId: string;
  over: boolean;
}

/**
 * Places `count` labs, one at a time, each on the reachable engine with the most room left
 * (labs it fits minus labs on it and placed so far); a tie goes to the nearer engine, then to
 * the one listed first. When every engine is full the lab still goes where the room is least
 * short, marked `over`: capacity is an estimate, and the facilitator decides. Throws when no
 * engine is reachable.
 */
export function placeLabs(engines: readonly PlacementEngine[], count: number): Placement[] {
  const open = engines
    .map((e, order) => ({ e, order, room: e.labsFit - e.labsRunning }))
    .filter((c) => c.e.reachable);
  if (open.length === 0) throw new Error('no engine of the pool answers: no lab can be placed');
  const placed: Placement[] = [];
  for (let i = 0; i < count; i++) {
    const best = open.reduce((a, b) => {
      if (a.room !== b.room) return b.room > a.room ? b : a;
      const pa = a.e.pingMs ?? Infinity;
      const pb = b.e.pingMs ?? Infinity;
      if (pa !== pb) return pb < pa ? b : a;
      return b.order < a.order ? b : a;
    });
    placed.push({ engineId: best.e.id, over: best.room <= 0 });
    best.room--;
  }
  return placed;
}

/** Labs an engine holds by its CPUs and memory, at `footprint` per lab (0 when unknown). */
export function labsFitting(
  cpus: number | undefined,
  memoryBytes: number | undefined,
  footprint: { cpus: number; memoryBytes: number },
): number {
  if (cpus === undefined || memoryBytes === undefined) return 0;
  return Math.max(
    0,
    Math.min(Math.floor(cpus / footprint.cpus), Math.floor(memoryBytes / footprint.memoryBytes)),
  );
}
