import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ExecTimeoutError, type ExecResult } from './container-runtime';

/**
 * A long-lived shell in one container that runs many short commands: one
 * `docker exec` (a bash reading commands from its stdin) instead of one per
 * command, so a fence, a redis-cli or patronictl read costs a fork inside
 * the container rather than a new exec through the engine, containerd and
 * runc, which is what gets slow when several labs share a machine.
 *
 * Commands run one at a time, each as `bash -c <script>` with its own
 * stdout, stderr and exit code, framed back by a marker line. A command that
 * overruns its timeout kills the session (the next command opens a new one);
 * so does the container stopping or restarting (the shell dies with it).
 */

/** The pipe to a shell process the runtime opened. */
export interface ShellPipe {
  /** Writes to the shell's stdin. */
  write(data: string): void;
  /** The shell's stdout. */
  stdout: Readable;
  /** Resolves when the exec ends (the shell exited, or the container stopped). */
  closed: Promise<void>;
  /** Ends the exec (the stream; the shell exits on EOF). */
  close(): void;
}

const MARK = '@@dojo-done';

/** `'it'\''s'`: a string as one single-quoted shell word. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The line the shell is sent for one command; it answers with one marker line. */
export function commandLine(id: string, script: string, env: Record<string, string> = {}): string {
  const vars = Object.entries(env)
    .map(([k, v]) => `${k}=${shellQuote(v)} `)
    .join('');
  // Files of this command alone: a process it leaves running keeps writing to its own (removed) files.
  const o = `/tmp/.dojo-sh-${id}.out`;
  const e = `/tmp/.dojo-sh-${id}.err`;
  return (
    `${vars}bash -c ${shellQuote(script)} </dev/null >${o} 2>${e}; c=$?; ` +
    `printf '\\n${MARK} %s %s %s %s\\n' ${id} "$c" "$(base64 -w0 <${o})" "$(base64 -w0 <${e})"; ` +
    `rm -f ${o} ${e}\n`
  );
}

/** Parses a marker line; undefined when `line` is not the one for `id`. */
export function parseMarker(line: string, id: string): ExecResult | undefined {
  const parts = line.trim().split(' ');
  if (parts[0] !== MARK || parts[1] !== id || parts.length < 3) return undefined;
  const decode = (b?: string) => (b ? Buffer.from(b, 'base64').toString('utf8') : '');
  return { exitCode: Number(parts[2]), stdout: decode(parts[3]), stderr: decode(parts[4]) };
}

export class ShellSession {
  private buffer = '';
  private waiting: { id: string; resolve: (r: ExecResult) => void } | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private dead = false;

  constructor(private readonly pipe: ShellPipe) {
    pipe.stdout.setEncoding('utf8');
    pipe.stdout.on('data', (chunk: string) => this.onData(chunk));
    void pipe.closed.then(() => (this.dead = true));
  }

  /** False once the shell has gone (the next command needs a new session). */
  get alive(): boolean {
    return !this.dead;
  }

  /**
   * Runs `script` with bash and resolves with its exit code, stdout and
   * stderr; rejects with ExecTimeoutError after `timeoutMs` (the session is
   * then closed) or when the shell goes away mid-command.
   */
  run(script: string, timeoutMs: number, env?: Record<string, string>): Promise<ExecResult> {
    const next = this.tail.then(() => this.runNow(script, timeoutMs, env));
    this.tail = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.dead = true;
    this.pipe.close();
  }

  private runNow(
    script: string,
    timeoutMs: number,
    env?: Record<string, string>,
  ): Promise<ExecResult> {
    if (this.dead) return Promise.reject(new Error('the shell session has ended'));
    const id = randomBytes(6).toString('hex');
    return new Promise<ExecResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        this.close();
        reject(new ExecTimeoutError(['bash', '-c', script], timeoutMs));
      }, timeoutMs);
      void this.pipe.closed.then(() => {
        if (this.waiting?.id !== id) return;
        clearTimeout(timer);
        this.waiting = undefined;
        reject(new Error('the shell session ended before the command finished'));
      });
      this.waiting = {
        id,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.pipe.write(commandLine(id, script, env));
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl = this.buffer.indexOf('\n');
    while (nl >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      const w = this.waiting;
      const result = w ? parseMarker(line, w.id) : undefined;
      if (w && result) {
        this.waiting = undefined;
        w.resolve(result);
      }
      nl = this.buffer.indexOf('\n');
    }
  }
}

/** Default budget of one command run through a session, ms. */
export const SESSION_DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Budget for a new session's shell to answer its first (empty) command, ms.
 * On a saturated machine the engine can take seconds to start the shell
 * process after the exec call returned; that wait is the engine's, so it is
 * not charged to the first real command's own timeout.
 */
export const SESSION_OPEN_TIMEOUT_MS = 30_000;

/**
 * One shell session per container and user, opened on first use and again
 * after the last one died. A new shell must first answer an empty command
 * (within SESSION_OPEN_TIMEOUT_MS) before a command's own timeout starts.
 * When a session cannot be opened the command runs as a plain exec
 * (`fallback`), so reuse is never worse than no reuse.
 */
export class ShellSessions {
  private readonly sessions = new Map<string, Promise<ShellSession | undefined>>();

  constructor(
    private readonly open: (containerId: string, user: string) => Promise<ShellPipe>,
    private readonly fallback: (
      containerId: string,
      cmd: string[],
      opts: { user?: string; env?: Record<string, string>; timeoutMs?: number },
    ) => Promise<ExecResult>,
  ) {}

  /** Runs `cmd` (an argv) in the container's session for `user` (default root). */
  async exec(
    containerId: string,
    cmd: string[],
    opts: { user?: string; env?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<ExecResult> {
    const user = opts.user ?? 'root';
    const key = `${containerId}\u0000${user}`;
    let session = await this.sessions.get(key);
    if (!session?.alive) {
      const opening = this.open(containerId, user).then(
        async (pipe) => {
          const fresh = new ShellSession(pipe);
          try {
            await fresh.run(':', SESSION_OPEN_TIMEOUT_MS);
            return fresh;
          } catch {
            fresh.close();
            return undefined;
          }
        },
        () => undefined,
      );
      this.sessions.set(key, opening);
      session = await opening;
    }
    if (!session) return this.fallback(containerId, cmd, opts);
    const timeoutMs = opts.timeoutMs ?? SESSION_DEFAULT_TIMEOUT_MS;
    try {
      return await session.run(cmd.map(shellQuote).join(' '), timeoutMs, opts.env);
    } catch (error) {
      // Say which command timed out, as a plain exec would.
      if (error instanceof ExecTimeoutError) throw new ExecTimeoutError(cmd, timeoutMs);
      throw error;
    }
  }

  /** Closes the sessions of a container (it is being paused, stopped or removed). */
  forget(containerId: string): void {
    for (const [key, s] of this.sessions) {
      if (!key.startsWith(`${containerId}\u0000`)) continue;
      this.sessions.delete(key);
      void s.then((x) => x?.close());
    }
  }

  /** Closes every session. */
  closeAll(): void {
    for (const id of new Set([...this.sessions.keys()].map((k) => k.split('\u0000')[0]!)))
      this.forget(id);
  }
}
