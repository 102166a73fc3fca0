import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecTimeoutError } from './container-runtime';
import { ShellSession, ShellSessions, shellQuote, type ShellPipe } from './shell-session';

/** A ShellPipe backed by a real local bash, as the container's would be. */
function localShell(): ShellPipe & { pid: number } {
  const child = spawn('bash', ['--noprofile', '--norc'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const closed = new Promise<void>((r) => child.once('close', () => r()));
  return {
    pid: child.pid!,
    write: (d) => void child.stdin.write(d),
    stdout: child.stdout,
    closed,
    close: () => child.kill('SIGKILL'),
  };
}

const open: ShellSession[] = [];
function session(): ShellSession {
  const s = new ShellSession(localShell());
  open.push(s);
  return s;
}

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('ShellSession (a real bash on a pipe)', () => {
  it('returns each command’s exit code, stdout and stderr apart, with quotes and newlines intact', async () => {
    const s = session();
    const r = await s.run(`printf 'it'"'"'s\\n two lines\\n'; echo oops >&2; exit 3`, 5000);
    expect(r).toEqual({ exitCode: 3, stdout: "it's\n two lines\n", stderr: 'oops\n' });
    const argv = ['redis-cli', '-p', '6379', 'SET', 'k', "a 'quoted' value; $(not run)"];
    const echoed = await s.run(`printf '%s|' ${argv.map(shellQuote).join(' ')}`, 5000);
    expect(echoed.stdout).toBe(`${argv.join('|')}|`);
  });

  it('runs commands given at once one after another in one shell', async () => {
    const s = session();
    const runs = await Promise.all([
      s.run('sleep 0.2; echo first; echo $PPID', 5000),
      s.run('echo second; echo $PPID', 5000),
    ]);
    expect(runs.map((r) => r.stdout.split('\n')[0])).toEqual(['first', 'second']);
    // Both ran as children of the same long-lived shell: one exec, not two.
    expect(runs[0].stdout.split('\n')[1]).toBe(runs[1].stdout.split('\n')[1]);
  });

  it('a process a command leaves running does not write into the next command’s output', async () => {
    const s = session();
    expect((await s.run('(sleep 0.3; echo late) & echo now', 5000)).stdout).toBe('now\n');
    expect((await s.run('sleep 0.6; echo next', 5000)).stdout).toBe('next\n');
  });

  it('passes environment variables to the command only', async () => {
    const s = session();
    expect((await s.run('echo "$REDISCLI_AUTH"', 5000, { REDISCLI_AUTH: 'p w' })).stdout).toBe(
      'p w\n',
    );
    expect((await s.run('echo "[$REDISCLI_AUTH]"', 5000)).stdout).toBe('[]\n');
  });

  it('a command that overruns its timeout ends the session; the next needs a new one', async () => {
    const s = session();
    await expect(s.run('sleep 5', 200)).rejects.toBeInstanceOf(ExecTimeoutError);
    expect(s.alive).toBe(false);
    await expect(s.run('echo hi', 1000)).rejects.toThrow(/ended/);
  });
});

describe('ShellSessions', () => {
  it('opens one shell per container and opens a new one after it died', async () => {
    let opened = 0;
    const pipes: ShellPipe[] = [];
    const sessions = new ShellSessions(
      async () => {
        opened++;
        const p = localShell();
        pipes.push(p);
        return p;
      },
      () => Promise.reject(new Error('no fallback expected')),
    );
    expect((await sessions.exec('c1', ['echo', 'a'])).stdout).toBe('a\n');
    expect((await sessions.exec('c1', ['echo', 'b'])).stdout).toBe('b\n');
    expect(opened).toBe(1);
    pipes[0]!.close(); // the container restarted: its shell is gone
    await pipes[0]!.closed;
    expect((await sessions.exec('c1', ['echo', 'c'])).stdout).toBe('c\n');
    expect(opened).toBe(2);
    sessions.closeAll();
  });

  it('a shell slow to start does not eat the first command’s own timeout', async () => {
    const sessions = new ShellSessions(
      async () => {
        const p = localShell();
        // The engine starts the shell late: its first answer comes after 600 ms.
        p.write('sleep 0.6\n');
        return p;
      },
      () => Promise.reject(new Error('no fallback expected')),
    );
    const r = await sessions.exec('c1', ['echo', 'in time'], { timeoutMs: 300 });
    expect(r.stdout).toBe('in time\n');
    sessions.closeAll();
  });

  it('falls back to a plain exec when no shell can be opened', async () => {
    const sessions = new ShellSessions(
      () => Promise.reject(new Error('no bash in this image')),
      async (_id, cmd) => ({ exitCode: 0, stdout: `plain ${cmd.join(' ')}`, stderr: '' }),
    );
    expect((await sessions.exec('c1', ['etcdctl', 'get', 'x'])).stdout).toBe('plain etcdctl get x');
  });
});
