import type { Debrief } from '../../shared/debrief-types';
import type { Scenario } from '../../shared/scenario-schema';
import type { WriteRecord } from '../../shared/scenario-types';
import { buildDebrief } from '../debrief/debrief';
import type { FaultContext, LabMember } from '../faults/fault-types';
import { gradeRun } from '../grading/grade-run';
import type { ContainerRuntime } from '../runtime/container-runtime';
import type { ScenarioSystemAdapter } from '../systems/scenario-system';
import type { InFlight } from './in-flight';
import type { RunController } from './run-controller';
import type { RunHistory } from './run-history';
import { readFinalHealth, readLedger } from './scenario-readback';

/** How long the end waits for moves still in flight before grading anyway, ms. */
export const IN_FLIGHT_WAIT_MS = 90_000;

/**
 * Waits (at most IN_FLIGHT_WAIT_MS) for every move, injection and read still
 * in flight; says so in the history if some never finished.
 */
export async function settleInFlight(inFlight: InFlight, history: RunHistory): Promise<void> {
  const left = await inFlight.settle(IN_FLIGHT_WAIT_MS);
  if (left > 0)
    history.append({
      kind: 'error',
      message: `${left} move(s) still in flight ${IN_FLIGHT_WAIT_MS / 1000} s after the end: graded without them`,
    });
}

/** What grading a scenario run that has ended reads. */
export interface EndedRun {
  runtime: ContainerRuntime;
  /** The run: its history, its lab's observer, its nodes' expected stops. */
  controller: RunController;
  scenario: Scenario;
  system: ScenarioSystemAdapter;
  /** The workload's client containers, stopped first. */
  clients: readonly LabMember[];
  /** Seconds each client gets to finish its in-flight writes on stop. */
  clientGraceS: number;
  /** Closes the run's write followers and event streams; called once the clients have stopped. */
  closeStreams(): Promise<void>;
  /** Every write record the workload reported. */
  writes: readonly WriteRecord[];
  /** The lab's members (nodes and workload clients) as faults address them, at the time of the call. */
  context(): FaultContext;
  /** Ids of the faults still in place, at the time of the call. */
  activeFaultIds(): string[];
}

/**
 * Grades a scenario run once nothing is in flight any more: stops the
 * workload (the clients' exits read as expected), closes the streams,
 * records the final health and the ledger (the surviving writes), then the
 * grade, and builds the debrief from the history. Rejects when a step fails
 * (the caller records it and removes the lab either way).
 */
export async function gradeEndedRun(run: EndedRun): Promise<Debrief> {
  const { controller, scenario } = run;
  const history = controller.history;
  for (const c of run.clients) controller.expectStop(c.name, 'the workload ended');
  await Promise.all(
    run.clients.map((c) => run.runtime.stopContainer(c.containerId, run.clientGraceS)),
  );
  await run.closeStreams();
  const observer = controller.labObserver;
  if (!observer) throw new Error('no observer');
  const health = await readFinalHealth(observer, run.context(), run.activeFaultIds());
  history.append({ kind: 'final-health', health });
  const replayed = new Set(
    history.all().flatMap((e) => (e.kind === 'replayed-keys' ? e.addedKeys : [])),
  );
  history.append(await readLedger(run.system, run.context(), run.writes, health, replayed));
  const result = gradeRun(scenario, history.all());
  history.append({ kind: 'grade', result });
  return buildDebrief(scenario, history.all());
}
