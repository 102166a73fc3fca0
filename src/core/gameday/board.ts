import type { BoardRow, GameDayTrainee } from '../../shared/game-day-types';
import type { RunEvent } from '../../shared/run-events';
import { describeAction } from '../grading/describe-moves';

/**
 * One row of the facilitator's board: a trainee's run at a glance, computed
 * from the run's history alone (pure). Leaders are the nodes whose latest
 * reading claims leadership (an unreadable node claims nothing); writes lost
 * are known only once the run's writes have been read back.
 */
export function boardRow(
  trainee: GameDayTrainee,
  events: readonly RunEvent[],
  scenarioFaults: readonly { id: string; kind: string }[] = [],
): BoardRow {
  const fired = new Set<string>();
  let phase: string | undefined;
  let faultAt: number | undefined;
  let leaders: string[] = [];
  let writesLost: number | undefined;
  let ackedSinceFault = 0;
  let failedSinceFault = 0;
  let lastMove: BoardRow['lastMove'];
  let notes = 0;
  let verdict: BoardRow['verdict'];
  for (const e of events) {
    switch (e.kind) {
      case 'phase':
        phase = e.phase;
        break;
      case 'fault':
        if (e.phase === 'inject') fired.add(e.faultId);
        if (e.phase === 'inject' && faultAt === undefined) faultAt = e.t;
        break;
      case 'sample':
        leaders = e.sample.nodes.filter((n) => n.role === 'master').map((n) => n.node);
        break;
      case 'writes':
        if (faultAt === undefined) break;
        for (const r of e.records) {
          if (r.outcome === 'ack') ackedSinceFault++;
          else failedSinceFault++;
        }
        break;
      case 'ledger':
        writesLost = e.counts.fates?.['acked-lost'] ?? e.lostAckedAt?.length ?? e.lostKeys.length;
        break;
      case 'action':
        if (e.source === 'palette' || e.source === 'console')
          lastMove = { text: describeAction(e.action), at: e.t, ok: e.ok };
        break;
      case 'note':
        if (e.author === 'trainee') notes++;
        break;
      case 'grade':
        verdict = { passed: e.result.passed, score: Math.round(e.result.score) };
        break;
      default:
        break;
    }
  }
  return {
    traineeId: trainee.id,
    name: trainee.name,
    scenarioId: trainee.scenarioId,
    ...(trainee.runId ? { runId: trainee.runId } : {}),
    ...(trainee.engine ? { engine: trainee.engine } : {}),
    state: verdict ? 'graded' : trainee.state,
    ...(phase ? { phase } : {}),
    ...(faultAt !== undefined ? { faultAt } : {}),
    leaders,
    ...(writesLost !== undefined ? { writesLost } : {}),
    ackedSinceFault,
    failedSinceFault,
    ...(lastMove ? { lastMove } : {}),
    notes,
    faults: scenarioFaults.map((f) => ({ id: f.id, kind: f.kind, fired: fired.has(f.id) })),
    ...(verdict ? { verdict } : {}),
    ...(trainee.reason ? { reason: trainee.reason } : {}),
  };
}
