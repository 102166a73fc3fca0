import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Name of the HttpOnly cookie that carries the token after the first navigation. */
export const TOKEN_COOKIE = 'dojo_token';

/** A fresh random token: 32 bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (both sides are hashed first, so lengths do not leak either). */
export function tokensEqual(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The value of one cookie from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function readBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Whether the request carries the token in its cookie or an Authorization header. */
export function hasTokenHeader(req: IncomingMessage, token: string): boolean {
  return (
    tokensEqual(readCookie(req.headers.cookie, TOKEN_COOKIE), token) ||
    tokensEqual(readBearer(req.headers.authorization), token)
  );
}

/** The tokens a request carries (cookie, then Authorization), without checking them. */
export function presentedTokens(req: IncomingMessage): string[] {
  return [
    readCookie(req.headers.cookie, TOKEN_COOKIE),
    readBearer(req.headers.authorization),
  ].filter((t): t is string => t !== undefined && t.length > 0 && t.length <= 256);
}

/** Who a token belongs to: the facilitator (the app's own token), a trainee, or nobody. */
export type TokenHolder = 'facilitator' | 'trainee' | undefined;

/**
 * Resolves a token: the app's own token is the facilitator's; a game day's
 * trainee token (checked by `isTrainee`) a trainee's; anything else nobody's.
 */
export async function holderOf(
  candidate: string | undefined,
  token: string,
  isTrainee: (t: string) => Promise<boolean>,
): Promise<TokenHolder> {
  if (candidate === undefined || candidate.length === 0 || candidate.length > 256) return undefined;
  if (tokensEqual(candidate, token)) return 'facilitator';
  return (await isTrainee(candidate)) ? 'trainee' : undefined;
}

/** The Set-Cookie value that stores the token for later requests. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
