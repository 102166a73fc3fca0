import { DebriefView } from './components/debrief-view';
import { Header } from './components/header';
import { HistoryView } from './components/history-view';
import { Home } from './components/home';
import { RunView } from './components/run-view';
import { useRoute } from './route';
import { useAppState } from './store/react';

export function App() {
  const route = useRoute();
  const ready = useAppState((s) => s.engineStatus !== null);
  return (
    <div className="app" data-testid="app" data-app-ready={ready ? 'true' : 'false'}>
      <Header />
      <main className="app-main">
        {route.name === 'run' ? (
          <RunView key={route.runId} runId={route.runId} />
        ) : route.name === 'debrief' ? (
          <DebriefView key={route.runId} runId={route.runId} />
        ) : route.name === 'history' ? (
          <HistoryView filter={route} />
        ) : (
          <Home />
        )}
      </main>
    </div>
  );
}
