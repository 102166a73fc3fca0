import type { RunEvent } from '../../../shared/run-events';
import type { AppStore } from './app-store-types';
import { applyRunEvent, emptyRunState, isActive, mergeSnapshot, type RunState } from './run-state';
import { errorText, without, type StoreContext } from './store-context';

/** The store's runs: their events, snapshots, starts and stops. */
export interface RunSlice extends Pick<AppStore, 'startLab' | 'stopLab' | 'refreshRun' | 'flush'> {
  /** Queues a run event; queued events are applied together at the next scheduled flush. */
  push(event: RunEvent): void;
  /** Loads every run the engine has; an active run it no longer lists is marked missing. */
  loadRuns(): Promise<void>;
  /** Forgets the last event seen of every run (after a reconnect the snapshots say where each is). */
  forgetSeqs(): void;
  /** Refreshes every run that is still active or has no snapshot yet. */
  refreshStale(): void;
  /** Cancels the scheduled flush (the queued events stay queued). */
  cancelFlush(): void;
}

export interface RunSliceOptions {
  /** Schedules a flush of queued events; returns its cancel (see AppStoreOptions.scheduleFlush). */
  scheduleFlush: (flush: () => void) => () => void;
  /**
   * A flush applied a `grade` event, or a run reaching `stopped` or `failed`
   * (a scenario run that ends without a grade is kept as an ungraded
   * attempt): the attempts list may be out of date.
   */
  onAttemptsStale(): void;
}

/**
 * The runs: run events are queued and applied in batches (one state update
 * per flush); a run the UI has not seen, a gap in a run's sequence numbers
 * or a run reaching `running` fetch its snapshot again. One snapshot fetch
 * per run at a time.
 */
export function createRunSlice(ctx: StoreContext, opts: RunSliceOptions): RunSlice {
  const { client } = ctx;
  let queue: RunEvent[] = [];
  let cancelScheduled: (() => void) | null = null;
  const inflightRuns = new Map<string, Promise<void>>();

  function cancelFlush(): void {
    cancelScheduled?.();
    cancelScheduled = null;
  }

  function flush(): void {
    cancelFlush();
    if (queue.length === 0 || ctx.isDisposed()) return;
    const events = queue;
    queue = [];
    const runs: Record<string, RunState> = { ...ctx.getState().runs };
    const refetch = new Set<string>();
    const rebuild = new Set<string>();
    let attemptsStale = false;
    for (const ev of events) {
      if (ev.kind === 'grade' || (ev.kind === 'phase' && !isActive(ev.phase))) attemptsStale = true;
      const current = runs[ev.runId];
      if (!current) {
        // A run this UI has not seen (started elsewhere, or the event overtook startLab's answer).
        runs[ev.runId] = applyRunEvent(emptyRunState(ev.runId, '', ev.t), ev);
        refetch.add(ev.runId);
        continue;
      }
      if (current.lastSeq > 0 && ev.seq > current.lastSeq + 1) refetch.add(ev.runId); // missed events
      // An event older than the last applied one is late, not a duplicate, when the
      // host held it back (a blind drill's fault, released once over): rebuild from a snapshot.
      if (current.lastSeq > 0 && ev.seq < current.lastSeq) rebuild.add(ev.runId);
      const next = applyRunEvent(current, ev);
      if (ev.kind === 'phase' && ev.phase === 'running' && current.phase !== 'running')
        refetch.add(ev.runId); // authoritative readyAfterMs
      runs[ev.runId] = next;
    }
    ctx.set({ runs });
    for (const runId of rebuild) void refreshRun(runId, true);
    for (const runId of refetch) if (!rebuild.has(runId)) void refreshRun(runId);
    if (attemptsStale) opts.onAttemptsStale();
  }

  async function loadRuns(): Promise<void> {
    // Runs known before the call: an active one the engine no longer lists is gone
    // (engine restarted). Runs added while the call is in flight are not judged.
    const knownBefore = new Set(Object.keys(ctx.getState().runs));
    try {
      const snaps = await client.listRuns();
      ctx.set((s) => {
        const runs: Record<string, RunState> = { ...s.runs };
        const missingRuns: Record<string, true> = { ...s.missingRuns };
        const listed = new Set<string>();
        for (const snap of snaps) {
          runs[snap.runId] = mergeSnapshot(runs[snap.runId], snap);
          listed.add(snap.runId);
          delete missingRuns[snap.runId];
        }
        for (const id of knownBefore) {
          const run = runs[id];
          if (run && !listed.has(id) && isActive(run.phase)) missingRuns[id] = true;
        }
        return { runs, missingRuns, runsLoaded: true };
      });
    } catch {
      ctx.set({ runsLoaded: true });
    }
  }

  function refreshRun(runId: string, rebuildScenario = false): Promise<void> {
    const inflight = inflightRuns.get(runId);
    // A rebuild needs a snapshot asked for after the late event: chain it behind the one in flight.
    if (inflight && !rebuildScenario) return inflight;
    if (inflight) {
      const chained = inflight.then(() => refreshRun(runId, true));
      return chained;
    }
    const p = (async () => {
      try {
        const snap = await client.getRun({ runId });
        if (!snap) {
          ctx.set((s) => ({ missingRuns: { ...s.missingRuns, [runId]: true } }));
          return;
        }
        ctx.set((s) => ({
          runs: { ...s.runs, [runId]: mergeSnapshot(s.runs[runId], snap, { rebuildScenario }) },
          missingRuns: without(s.missingRuns, runId),
        }));
      } catch {
        // The link dropped or the host failed; the next reconnect refreshes again.
      } finally {
        inflightRuns.delete(runId);
      }
    })();
    inflightRuns.set(runId, p);
    return p;
  }

  return {
    push(event) {
      queue.push(event);
      if (!cancelScheduled) cancelScheduled = opts.scheduleFlush(flush);
    },
    flush,
    cancelFlush,
    loadRuns,
    refreshRun,
    forgetSeqs() {
      ctx.set((s) => {
        const runs: Record<string, RunState> = {};
        for (const [id, run] of Object.entries(s.runs))
          runs[id] = run.lastSeq === 0 ? run : { ...run, lastSeq: 0 };
        return { runs };
      });
    },
    refreshStale() {
      for (const [runId, run] of Object.entries(ctx.getState().runs)) {
        if (isActive(run.phase) || !run.hasSnapshot) void refreshRun(runId);
      }
    },
    async startLab(labId) {
      if (ctx.getState().starting[labId]) return null;
      ctx.set((s) => ({
        starting: { ...s.starting, [labId]: true },
        startErrors: without(s.startErrors, labId),
      }));
      try {
        const { runId } = await client.startLab({ labId });
        ctx.set((s) => {
          const existing = s.runs[runId];
          const run = existing
            ? { ...existing, labId: existing.labId || labId }
            : emptyRunState(runId, labId);
          return { runs: { ...s.runs, [runId]: run }, starting: without(s.starting, labId) };
        });
        void refreshRun(runId);
        return runId;
      } catch (err) {
        ctx.set((s) => ({
          starting: without(s.starting, labId),
          startErrors: { ...s.startErrors, [labId]: errorText(err) },
        }));
        return null;
      }
    },
    async stopLab(runId) {
      if (ctx.getState().stopping[runId]) return;
      ctx.set((s) => ({
        stopping: { ...s.stopping, [runId]: true },
        stopErrors: without(s.stopErrors, runId),
      }));
      try {
        await client.stopLab({ runId });
        ctx.set((s) => ({ stopping: without(s.stopping, runId) }));
      } catch (err) {
        ctx.set((s) => ({
          stopping: without(s.stopping, runId),
          stopErrors: { ...s.stopErrors, [runId]: errorText(err) },
        }));
      }
      flush();
      await refreshRun(runId);
    },
  };
}
