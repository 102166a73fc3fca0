import { durationMs, type Scenario } from '../../shared/scenario-schema';
import type { RunHistory } from './run-history';

/** One hint of a scenario: its text, and `after` counted from `since`. */
type Hint = Scenario['hints'][number];

/** A hint and when it is due, ms since the scenario's start. */
export interface DueHint {
  /** The hint's index in the scenario's `hints`. */
  index: number;
  /** When it is due, ms since the scenario's start. */
  atMs: number;
}

/**
 * The hints of one scenario run: when each is due, and showing them (on
 * time, or the next one when the trainee asks), each once, as `hint` events
 * in the run history.
 */
export class ScenarioHints {
  /** Indexes of the hints shown so far (on time or asked for). */
  private readonly shown = new Set<number>();

  constructor(
    private readonly hints: readonly Hint[],
    private readonly history: RunHistory,
  ) {}

  /**
   * The hints that count from `since` (`start`, a fault id, `<fault id>:healed`,
   * or `first-fault` for hints without `since`), each due its `after` past
   * `base` (ms since the scenario's start), in the scenario's order.
   */
  dueFrom(since: string, base: number): DueHint[] {
    const due: DueHint[] = [];
    this.hints.forEach((hint, index) => {
      if ((hint.since ?? 'first-fault') === since)
        due.push({ index, atMs: base + durationMs(hint.after) });
    });
    return due;
  }

  /**
   * Shows hint `index` (marked `requested` when the trainee asked for it)
   * unless it was shown already or there is none; says whether it showed it.
   */
  show(index: number, requested: boolean): boolean {
    const hint = this.hints[index];
    if (!hint || this.shown.has(index)) return false;
    this.shown.add(index);
    this.history.append({
      kind: 'hint',
      index,
      text: hint.text,
      ...(requested ? { requested: true } : {}),
    });
    return true;
  }

  /** Shows the next hint not yet shown, because the trainee asked for it; says which, or why none. */
  request(): { ok: boolean; detail: string } {
    const total = this.hints.length;
    const next = this.hints.findIndex((_, i) => !this.shown.has(i));
    if (next < 0)
      return {
        ok: false,
        detail: total === 0 ? 'this scenario has no hints' : `all ${total} hints are shown`,
      };
    this.show(next, true);
    return { ok: true, detail: `hint ${next + 1} of ${total} shown` };
  }
}
