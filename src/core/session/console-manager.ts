import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { ConsoleLineRecorder } from '../consoles/console-line-recorder';
import type { ContainerRuntime, TtySession } from '../runtime/container-runtime';

/** Where console output, entered lines and exits go (the engine turns them into events and history). */
export interface ConsoleCallbacks {
  /** Terminal output of a console, UTF-8 decoded (a character split across chunks is held back until complete). */
  onOutput(consoleId: string, data: string): void;
  /**
   * A command line the trainee entered in a node's console (best effort, see
   * ConsoleLineRecorder), with the run it belongs to and the console it came from.
   */
  onLine(runId: string, node: string, line: string, consoleId: string): void;
  /** The console's shell ended: its exit code, or -1 when the node went away. Called once per console. */
  onExit(consoleId: string, code: number): void;
}

/** What opening a console needs. */
export interface OpenConsoleArgs {
  runId: string;
  /** Node name, for the recorded lines. */
  node: string;
  containerId: string;
  /** Terminal size, characters. */
  cols: number;
  rows: number;
}

/** An open console, as listed. */
export interface ConsoleInfo {
  consoleId: string;
  runId: string;
  node: string;
}

interface OpenConsole extends ConsoleInfo {
  containerId: string;
  tty: TtySession;
  recorder: ConsoleLineRecorder;
  exited: boolean;
}

/** How long close waits for the shell to end by itself before it hangs it up, ms. */
const CLOSE_GRACE_MS = 1500;

/**
 * Interactive shells in lab nodes (docker exec with a TTY): `bash -l`, or
 * `sh` in an image without bash. Keystrokes go in as typed, output comes out
 * through `onOutput`, and every entered command line is reported to `onLine`
 * for the run history.
 */
export class ConsoleManager {
  private readonly consoles = new Map<string, OpenConsole>();

  /**
   * @param runtimeOf the engine that holds a run's lab (one runtime, or one per run when the
   *   labs are spread over an engine pool)
   */
  constructor(
    private readonly runtimeOf: ContainerRuntime | ((runId: string) => ContainerRuntime),
    private readonly callbacks: ConsoleCallbacks,
  ) {}

  private runtime(runId: string): ContainerRuntime {
    return typeof this.runtimeOf === 'function' ? this.runtimeOf(runId) : this.runtimeOf;
  }

  /** Opens a shell in the node; resolves with its console id (`c` + random). */
  async open(args: OpenConsoleArgs): Promise<string> {
    const consoleId = `c${randomBytes(8).toString('hex')}`;
    const runtime = this.runtime(args.runId);
    const shell = await this.shellOf(runtime, args.containerId);
    // The id in the environment lets close() find the shell's processes if a hang-up is needed.
    const tty = await runtime.execTty(
      args.containerId,
      ['env', `DOJO_CONSOLE=${consoleId}`, ...shell],
      { user: 'root', cols: args.cols, rows: args.rows },
    );
    const entry: OpenConsole = {
      consoleId,
      runId: args.runId,
      node: args.node,
      containerId: args.containerId,
      tty,
      recorder: new ConsoleLineRecorder(),
      exited: false,
    };
    this.consoles.set(consoleId, entry);

    const decoder = new StringDecoder('utf8');
    tty.stream.on('data', (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (text) this.callbacks.onOutput(consoleId, text);
    });
    tty.stream.once('end', () => {
      const rest = decoder.end();
      if (rest) this.callbacks.onOutput(consoleId, rest);
    });
    // Stream errors end the console through `exited`; they must not crash the engine.
    tty.stream.on('error', () => undefined);
    void tty.exited.then((code) => this.finish(entry, code));
    return consoleId;
  }

  /** Sends keystrokes; reports each line they complete. Throws for an unknown console. */
  input(consoleId: string, data: string): void {
    const c = this.get(consoleId);
    if (c.exited) return;
    c.tty.stream.write(data);
    for (const line of c.recorder.feed(data)) {
      this.callbacks.onLine(c.runId, c.node, line, consoleId);
    }
  }

  async resize(consoleId: string, cols: number, rows: number): Promise<void> {
    await this.get(consoleId).tty.resize(cols, rows);
  }

  /**
   * Closes a console: clears the line and sends end of file (Ctrl-U, Ctrl-D:
   * the shell exits), ends its input, and after a grace period hangs up
   * whatever of it still runs in the node (a foreground program ignores Ctrl-D).
   * Unknown or already closed consoles are fine.
   */
  async close(consoleId: string): Promise<void> {
    const c = this.consoles.get(consoleId);
    if (!c) return;
    if (!c.exited) {
      c.tty.stream.end('\x15\x04');
      const ended = await Promise.race([
        c.tty.exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS)),
      ]);
      if (!ended) await this.hangUp(c);
      c.tty.stream.destroy();
    }
    this.consoles.delete(consoleId);
  }

  /** Closes every console of a run (when the run stops), or every console when no run is given. */
  async closeAll(runId?: string): Promise<void> {
    await Promise.all(this.list(runId).map((c) => this.close(c.consoleId)));
  }

  /** Open consoles, of one run or all. */
  list(runId?: string): ConsoleInfo[] {
    return [...this.consoles.values()]
      .filter((c) => runId === undefined || c.runId === runId)
      .map(({ consoleId, runId: r, node }) => ({ consoleId, runId: r, node }));
  }

  private get(consoleId: string): OpenConsole {
    const c = this.consoles.get(consoleId);
    if (!c) throw new Error(`no open console ${consoleId}`);
    return c;
  }

  private finish(c: OpenConsole, code: number): void {
    if (c.exited) return;
    c.exited = true;
    this.consoles.delete(c.consoleId);
    this.callbacks.onExit(c.consoleId, code);
  }

  /** `bash -l` where the image has bash, else `sh`. */
  private async shellOf(runtime: ContainerRuntime, containerId: string): Promise<string[]> {
    try {
      const r = await runtime.exec(containerId, ['sh', '-c', 'command -v bash'], {
        timeoutMs: 5000,
      });
      return r.exitCode === 0 && r.stdout.trim() ? ['bash', '-l'] : ['sh'];
    } catch {
      return ['bash', '-l'];
    }
  }

  /** SIGHUP to every process of this console in the node (found by its environment marker). */
  private async hangUp(c: OpenConsole): Promise<void> {
    const find = `grep -lsz 'DOJO_CONSOLE=${c.consoleId}' /proc/[0-9]*/environ | cut -d/ -f3`;
    try {
      await this.runtime(c.runId).exec(
        c.containerId,
        ['sh', '-c', `kill -HUP $(${find}) 2>/dev/null; true`],
        {
          timeoutMs: 3000,
          user: 'root',
        },
      );
    } catch {
      // a paused or stopped node: nothing more to do
    }
  }
}
