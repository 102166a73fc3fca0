import type { ConnectionState } from '../client/types';
import { useAppState } from '../store/react';
import { EngineStatusSection } from './engine-status';

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  open: 'connected',
  closed: 'disconnected — reconnecting',
};

export function Header() {
  const connection = useAppState((s) => s.connection);
  const trainee = useAppState((s) => s.principal?.role === 'trainee');
  return (
    <header className="app-header">
      <div className="bar">
        <a className="brand" href="#/">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          Failover Dojo
        </a>
        {!trainee && (
          <>
            <a className="link" href="#/history" data-testid="nav-history">
              History
            </a>
            <a className="link" href="#/gameday" data-testid="nav-gameday">
              Game day
            </a>
            <a className="link" href="#/studio" data-testid="nav-studio">
              Studio
            </a>
          </>
        )}
        <span
          className={`conn conn-${connection}`}
          data-testid="connection-state"
          data-state={connection}
        >
          <span className="dot" aria-hidden="true" />
          engine {CONNECTION_LABELS[connection]}
        </span>
      </div>
      <EngineStatusSection />
    </header>
  );
}
