import type { RunEvent, RunEventBody } from '../../shared/run-events';

/**
 * The append-only history of one run. Events get consecutive sequence numbers
 * and are frozen once appended; grading and the timeline read only this.
 */
export class RunHistory {
  private readonly events: RunEvent[] = [];
  private readonly listeners = new Set<(event: RunEvent) => void>();

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
    for (const listen of this.listeners) listen(event);
    return event;
  }

  /**
   * Calls `listen` with every event appended from now on, in order, until
   * the returned function is called. For the engine's own live readers
   * (a scripted step waiting for the tell); clients get `publish`.
   */
  onAppend(listen: (event: RunEvent) => void): () => void {
    this.listeners.add(listen);
    return () => this.listeners.delete(listen);
  }

  /** Every event so far, in order. The array is a copy; the events are frozen. */
  all(): RunEvent[] {
    return [...this.events];
  }

  get length(): number {
    return this.events.length;
  }
}
