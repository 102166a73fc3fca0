import { useEffect, useState } from 'react';
import { formatMinSec } from '../format';
import { scenarioTimeLeft, TIME_WARNING_MS } from '../store/time-base';
import type { ScenarioLive } from '../store/scenario-state';

/**
 * Time left before the scenario ends by itself ("7:12 left"), from its
 * `scenario` event's time limit, ticking each second while it runs. In the
 * last minute a warning (role="alert") says what happens at 0:00.
 */
export function ScenarioClock({
  live,
  running,
  fallbackLimitMs,
}: {
  live: Pick<ScenarioLive, 'startedAt' | 'timeLimitMs'>;
  /** The scenario runs (the clock stops once it is grading or graded). */
  running: boolean;
  /** The card's limit, for histories whose `scenario` event carries none. */
  fallbackLimitMs?: number;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const left = scenarioTimeLeft(live, now, fallbackLimitMs);
  if (!running || left === undefined) return null;
  const warn = left <= TIME_WARNING_MS;
  return (
    <>
      <span
        className={`clock mono${warn ? ' clock-low' : ''}`}
        data-testid="scenario-clock"
        data-left-ms={left}
        title="The scenario ends by itself when this reaches 0:00"
      >
        {formatMinSec(left)} left
      </span>
      {warn && (
        <span className="time-warning" role="alert" data-testid="time-warning">
          Under a minute left: at 0:00 the scenario ends and is graded as it stands
        </span>
      )}
    </>
  );
}
