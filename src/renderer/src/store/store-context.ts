import type { DojoClient } from '../client/types';
import type { AppState } from './app-store-types';

/** A change of the app state: the fields to replace, or a function of the state that gives them. */
export type StatePatch = Partial<AppState> | ((s: AppState) => Partial<AppState>);

/**
 * What a slice of the app store works with: the engine's client, the state
 * as it is now, and the one way to change it (listeners are told at once).
 */
export interface StoreContext {
  client: DojoClient;
  /** The state now (a new object after every change). */
  getState(): AppState;
  /** Applies a change and tells the listeners; ignored once the store is disposed. */
  set(patch: StatePatch): void;
  /** Whether the store was disposed (nothing is loaded, scheduled or applied any more). */
  isDisposed(): boolean;
}

/** The message of a failed call, as shown next to what failed. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `record` without `key` (the same object when it has no such key). */
export function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}
