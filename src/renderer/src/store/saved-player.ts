import { playerNameProblem } from '../../../shared/player-name';

/** Where the player's name is kept between sessions (this browser or window only). */
export const PLAYER_STORAGE_KEY = 'failover-dojo.player';

/** The part of the Web Storage API the name needs. */
export type PlayerStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The page's localStorage, or null where there is none or it is refused (privacy modes). */
export function browserStorage(): PlayerStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The saved name, or null when none was saved (or what was saved is not a name). */
export function readSavedPlayer(storage: PlayerStorage | null): string | null {
  try {
    const name = storage?.getItem(PLAYER_STORAGE_KEY) ?? null;
    return name !== null && playerNameProblem(name) === undefined ? name : null;
  } catch {
    return null;
  }
}

/** Saves the name (null forgets it). A storage that refuses is ignored: the name lasts the session. */
export function writeSavedPlayer(storage: PlayerStorage | null, name: string | null): void {
  try {
    if (name === null) storage?.removeItem(PLAYER_STORAGE_KEY);
    else storage?.setItem(PLAYER_STORAGE_KEY, name);
  } catch {
    // Quota or privacy mode: keep it in memory only.
  }
}
