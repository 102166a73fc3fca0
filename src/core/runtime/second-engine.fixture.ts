import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import Docker from 'dockerode';

const run = promisify(execFile);

/**
 * A second Docker engine on this machine, as far from the test as another machine: dockerd
 * in a network namespace of its own, joined to the test's by one veth pair, its API on
 * `tcp://10.<n>.0.2:2375`. The ports its containers publish are on that namespace's
 * loopback, which the test cannot reach: only the API can. Needs root, iproute2, nsenter
 * and dockerd (CI has them). `stop()` ends the engine and removes the namespace and its
 * data; the images it was given go with it.
 */
export interface SecondEngine {
  /** `tcp://10.<n>.0.2:2375`, for DOCKER_HOST. */
  host: string;
  docker: Docker;
  /** Copies images (by reference) from the first engine to this one. */
  copyImages(from: Docker, refs: string[]): Promise<void>;
  /**
   * Starts sshd in the engine's namespace (port 2222, root by key only, DOCKER_HOST set to the
   * engine for the session, so `docker system dial-stdio` reaches it, as on a remote machine)
   * and writes a client key to `<home>/.ssh/id_ed25519`. Resolves with `ssh://root@<ip>:2222`.
   */
  startSshd(home: string): Promise<string>;
  /** Stops the daemon (SIGTERM: it stops its containers), keeping its data: the engine went away. */
  goAway(): Promise<void>;
  /** Starts the daemon again on the same data (what it held is still there); resolves once it answers. */
  comeBack(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the second engine; throws (after cleaning up) when it does not answer within 60 s. */
export async function startSecondEngine(tag: string): Promise<SecondEngine> {
  const n = 100 + (process.pid % 100);
  const ns = `dojo-${tag}-${process.pid}`;
  const [hostIf, engineIf] = [`vd${process.pid % 100000}h`, `vd${process.pid % 100000}e`];
  const [hostIp, engineIp] = [`10.${n}.0.1`, `10.${n}.0.2`];
  const dataRoot = `/var/lib/${ns}`;
  const execRoot = `/var/run/${ns}`;
  const sh = (cmd: string[]) => run(cmd[0]!, cmd.slice(1));
  let daemon: ChildProcess | undefined;
  let sshd: ChildProcess | undefined;

  const stopDaemon = async (): Promise<void> => {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise((r) => daemon!.once('exit', r));
      daemon.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (daemon.exitCode === null) daemon.kill('SIGKILL');
    }
  };
  const docker = new Docker({ host: engineIp, port: 2375, protocol: 'http' });
  const launch = async (): Promise<void> => {
    // nsenter, not `ip netns exec`: that one remounts /sys, and dockerd then finds no cgroups.
    daemon = spawn(
      'nsenter',
      [
        `--net=/var/run/netns/${ns}`,
        'dockerd',
        `--host=tcp://${engineIp}:2375`,
        '--tls=false',
        `--data-root=${dataRoot}`,
        `--exec-root=${execRoot}`,
        `--pidfile=${execRoot}/dockerd.pid`,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (
        await docker.ping().then(
          () => true,
          () => false,
        )
      )
        break;
      if (daemon.exitCode !== null) throw new Error(`dockerd exited with ${daemon.exitCode}`);
      if (Date.now() > deadline) throw new Error('the second engine did not answer in 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const stop = async (): Promise<void> => {
    sshd?.kill('SIGTERM');
    await stopDaemon();
    await sh(['ip', 'netns', 'del', ns]).catch(() => undefined);
    await sh(['ip', 'link', 'del', hostIf]).catch(() => undefined);
    fs.rmSync(execRoot, { recursive: true, force: true });
    await sh(['rm', '-rf', '--one-file-system', dataRoot]).catch(() => undefined);
  };

  try {
    await sh(['ip', 'netns', 'add', ns]);
    await sh(['ip', 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', engineIf]);
    await sh(['ip', 'link', 'set', engineIf, 'netns', ns]);
    await sh(['ip', 'addr', 'add', `${hostIp}/24`, 'dev', hostIf]);
    await sh(['ip', 'link', 'set', hostIf, 'up']);
    const inNs = (cmd: string[]) => sh(['ip', 'netns', 'exec', ns, ...cmd]);
    await inNs(['ip', 'addr', 'add', `${engineIp}/24`, 'dev', engineIf]);
    await inNs(['ip', 'link', 'set', engineIf, 'up']);
    await inNs(['ip', 'link', 'set', 'lo', 'up']);
    await inNs(['ip', 'route', 'add', 'default', 'via', hostIp]);
    fs.mkdirSync(dataRoot, { recursive: true });
    fs.mkdirSync(execRoot, { recursive: true });
    await launch();
    return {
      host: `tcp://${engineIp}:2375`,
      docker,
      async copyImages(from, refs) {
        for (const ref of refs) {
          const tar = await from.getImage(ref).get();
          const stream = await docker.loadImage(tar);
          await new Promise<void>((resolve, reject) =>
            docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve())),
          );
        }
      },
      async startSshd(home) {
        const dir = `${execRoot}/sshd`;
        fs.mkdirSync(dir, { recursive: true });
        fs.mkdirSync(`${home}/.ssh`, { recursive: true, mode: 0o700 });
        const key = `${home}/.ssh/id_ed25519`;
        await sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/host_key`]);
        await sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', key]);
        fs.copyFileSync(`${key}.pub`, `${dir}/authorized_keys`);
        fs.writeFileSync(
          `${dir}/sshd_config`,
          [
            `ListenAddress ${engineIp}:2222`,
            `HostKey ${dir}/host_key`,
            `AuthorizedKeysFile ${dir}/authorized_keys`,
            `PidFile ${dir}/sshd.pid`,
            'PermitRootLogin prohibit-password',
            'PasswordAuthentication no',
            'UsePAM no',
            'StrictModes no',
            `SetEnv DOCKER_HOST=tcp://${engineIp}:2375`,
            '',
          ].join('\n'),
        );
        fs.mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation folder
        sshd = spawn(
          'nsenter',
          [`--net=/var/run/netns/${ns}`, '/usr/sbin/sshd', '-D', '-e', '-f', `${dir}/sshd_config`],
          { stdio: 'ignore' },
        );
        const deadline = Date.now() + 10_000;
        while (!fs.existsSync(`${dir}/sshd.pid`)) {
          if (sshd.exitCode !== null) throw new Error(`sshd exited with ${sshd.exitCode}`);
          if (Date.now() > deadline) throw new Error('sshd did not start in 10 s');
          await new Promise((r) => setTimeout(r, 100));
        }
        return `ssh://root@${engineIp}:2222`;
      },
      goAway: stopDaemon,
      comeBack: launch,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
