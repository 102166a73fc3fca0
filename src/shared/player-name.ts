/**
 * A player's name, as the trainee types it once ("Who is playing?") and the
 * engine keeps with each attempt: 1-40 characters, printable (no control or
 * format characters), without leading or trailing spaces. Plain TS (no zod)
 * so the renderer can check a name before sending it.
 */

/** The longest name accepted, characters (UTF-16 code units). */
export const PLAYER_MAX_LENGTH = 40;

/** No control (Cc) or format (Cf) characters anywhere. */
export const PLAYER_PRINTABLE = /^[^\p{Cc}\p{Cf}]*$/u;

/** Why `name` is not a player's name, or undefined when it is one. */
export function playerNameProblem(name: string): string | undefined {
  if (name.trim().length === 0) return 'a name, please';
  if (name.trim() !== name) return 'no leading or trailing spaces';
  if (name.length > PLAYER_MAX_LENGTH) return `at most ${PLAYER_MAX_LENGTH} characters`;
  if (!PLAYER_PRINTABLE.test(name)) return 'no control characters';
  return undefined;
}
