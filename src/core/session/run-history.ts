import type { RunEvent, RunEventBody } from '../../shared/run-events';

/**
 * The append-only history of one run. Events get consecutive sequence numbers
 * and are frozen once appended; grading and the timeline read only this.
 */
export class RunHistory {
  private readonly events: RunEvent[] = [];

  constructor(
    readonly runId: string,
    private readonly publish: (event: RunEvent) => void = () => undefined,
  ) {}

  /** Appends an event stamped now (or at `t`, ms since epoch) and publishes it. */
  append(body: RunEventBody, t: number = Date.now()): RunEvent {
    const event = Object.freeze({
      ...body,
      runId: this.runId,
      seq: this.events.length + 1,
      t,
    }) as RunEvent;
    this.events.push(event);
    this.publish(event);
    return event;
  }

  /** Every event so far, in order. The array is a copy; the events are frozen. */
  all(): RunEvent[] {
    return [...this.events];
  }

  get length(): number {
    return this.events.length;
  }
}
