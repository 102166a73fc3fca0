import type { EngineStatus } from '../../../shared/lab-types';
import { useAppState, useStore } from '../store/react';

export function engineSummary(status: EngineStatus): string {
  const parts = [`Docker ${status.version ?? '?'}`];
  if (status.apiVersion) parts.push(`API ${status.apiVersion}`);
  parts.push(status.endpoint);
  return parts.join(' · ');
}

function RecheckButton() {
  const store = useStore();
  const checking = useAppState((s) => s.engineChecking);
  return (
    <button
      type="button"
      className="btn btn-small"
      data-testid="recheck-engine"
      disabled={checking}
      onClick={() => void store.recheckEngine()}
    >
      {checking ? 'Checking…' : 'Re-check'}
    </button>
  );
}

/** Docker engine status: a slim line when reachable, a full panel with instructions when not. */
export function EngineStatusSection() {
  const status = useAppState((s) => s.engineStatus);
  const hostError = useAppState((s) => s.engineStatusError);

  if (!status) {
    if (hostError) {
      return (
        <section className="engine-panel" data-testid="engine-status-error" role="alert">
          <h2>Could not ask the engine host for Docker's status</h2>
          <p className="mono">{hostError}</p>
          <RecheckButton />
        </section>
      );
    }
    return (
      <section className="engine-line pending" data-testid="engine-status-loading">
        Checking the Docker engine…
      </section>
    );
  }

  if (status.reachable) {
    return (
      <section
        className="engine-line ok"
        data-testid="engine-status"
        data-reachable="true"
        title={status.os ? `OS: ${status.os}` : undefined}
      >
        <span className="dot" aria-hidden="true" />
        <span className="mono" data-testid="engine-summary">
          {engineSummary(status)}
        </span>
        <RecheckButton />
      </section>
    );
  }

  return (
    <section
      className="engine-panel"
      data-testid="engine-status"
      data-reachable="false"
      role="alert"
    >
      <h2>
        No Docker engine answers at <span className="mono">{status.endpoint}</span>
      </h2>
      {status.error && (
        <p className="engine-error mono" data-testid="engine-error">
          {status.error}
        </p>
      )}
      {status.howToStart.length > 0 && (
        <>
          <p>Labs run real containers, so a Docker engine is needed. To start one:</p>
          <ol className="how-to-start" data-testid="how-to-start">
            {status.howToStart.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
        </>
      )}
      <div className="panel-actions">
        <RecheckButton />
        <span className="muted">Checked again every few seconds.</span>
      </div>
    </section>
  );
}
