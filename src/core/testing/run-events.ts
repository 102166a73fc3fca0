import type { EngineEvent } from '../../shared/engine-contract';
import type { RunEvent } from '../../shared/run-events';

/** The part of the engine (or its client) that pushes events. */
export interface EventSource {
  /** Subscribes to every event the engine pushes; returns the unsubscribe. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/**
 * Resolves with the next event of run `runId` that `match` accepts (events
 * pushed from now on). Rejects when the run fails first (its `phase` event
 * `failed`, unless `match` accepts that one), with the phase's detail. For
 * tests and benches that drive an engine from outside.
 */
export function nextRunEvent(
  engine: EventSource,
  runId: string,
  match: (event: RunEvent) => boolean,
): Promise<RunEvent> {
  return new Promise((resolve, reject) => {
    const off = engine.onEvent((e) => {
      if (e.type !== 'run' || e.event.runId !== runId) return;
      if (match(e.event)) {
        off();
        resolve(e.event);
      } else if (e.event.kind === 'phase' && e.event.phase === 'failed') {
        off();
        reject(new Error(`run ${runId} failed: ${e.event.detail ?? ''}`));
      }
    });
  });
}

/** Resolves with run `runId`'s `scenario` event (its scenario has started); rejects when the run fails first. */
export function scenarioStarted(engine: EventSource, runId: string): Promise<RunEvent> {
  return nextRunEvent(engine, runId, (e) => e.kind === 'scenario');
}

/**
 * Asks `probe` until it answers a value (not undefined), every 250 ms: a readiness signal the
 * engine gives (a board row, a list), never a fixed sleep. Throws naming `what` after `timeoutMs`.
 */
export async function untilAnswer<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
