import { DebriefView } from './components/debrief-view';
import { Header } from './components/header';
import { HistoryView } from './components/history-view';
import { GameDayView } from './components/gameday/game-day-view';
import { TraineeHome } from './components/gameday/trainee-home';
import { Home } from './components/home';
import { RunView } from './components/run-view';
import { StudioView } from './components/studio/studio-view';
import { useRoute } from './route';
import { useAppState } from './store/react';

export function App() {
  const route = useRoute();
  const ready = useAppState((s) => s.engineStatus !== null && s.principal !== null);
  const trainee = useAppState((s) => s.principal?.role === 'trainee');
  return (
    <div className="app" data-testid="app" data-app-ready={ready ? 'true' : 'false'}>
      <Header />
      <main className="app-main">
        {route.name === 'run' ? (
          <RunView key={route.runId} runId={route.runId} />
        ) : route.name === 'watch' && !trainee ? (
          <RunView key={route.runId} runId={route.runId} readOnly />
        ) : route.name === 'debrief' ? (
          <DebriefView key={route.runId} runId={route.runId} />
        ) : trainee ? (
          <TraineeHome />
        ) : route.name === 'history' ? (
          <HistoryView filter={route} />
        ) : route.name === 'studio' ? (
          <StudioView
            key={`${route.open ?? ''}|${route.copy ?? ''}`}
            start={{
              ...(route.open ? { open: route.open } : {}),
              ...(route.copy ? { copy: route.copy } : {}),
            }}
          />
        ) : route.name === 'gameday' ? (
          <GameDayView {...(route.gameDayId ? { gameDayId: route.gameDayId } : {})} />
        ) : (
          <Home />
        )}
      </main>
    </div>
  );
}
