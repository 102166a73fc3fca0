import { useSyncExternalStore } from 'react';

/** The two screens, addressed by the URL hash so a reload (or an e2e test) lands on the same one. */
export type Route = { name: 'home' } | { name: 'run'; runId: string };

export function parseRoute(hash: string): Route {
  const m = /^#\/runs\/([a-z0-9-]{1,64})$/.exec(hash);
  return m ? { name: 'run', runId: m[1]! } : { name: 'home' };
}

export function hrefFor(route: Route): string {
  return route.name === 'run' ? `#/runs/${route.runId}` : '#/';
}

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash !== href) window.location.hash = href;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const getHash = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  return parseRoute(hash);
}
