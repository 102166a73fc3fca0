import os from 'node:os';
import { PassThrough, Readable, Writable, type Duplex } from 'node:stream';
import Docker from 'dockerode';
import tarFs from 'tar-fs';
import {
  EngineUnreachableError,
  ExecTimeoutError,
  type BuildSpec,
  type ContainerEvent,
  type ContainerInfo,
  type ContainerRuntime,
  type ContainerSpec,
  type ExecOptions,
  type ExecPipe,
  type ExecResult,
  type FileSpec,
  type NetworkInfo,
  type NetworkSpec,
  type RuntimeInfo,
  type TtySession,
} from './container-runtime';
import {
  howToStartEngine,
  resolveDockerConnection,
  type DockerConnection,
} from './docker-connection';
import { JsonLineDecoder, LineSplitter, demuxBuffer, parseBuildStep } from './docker-streams';
import { APP_LABEL_VALUE, LABEL, appSelector } from './labels';
import { ShellSessions, type ShellPipe } from './shell-session';
import { gatewayOf, hostInterfaceCidrs, pickFreeSubnet } from './subnet-picker';
import { buildTar } from './tar-writer';

/** Options of {@link createDockerRuntime}. */
export interface DockerRuntimeOptions {
  /** Where the engine is; default: resolved from DOCKER_HOST / docker context / platform default. */
  connection?: DockerConnection;
  /** How long `info()` waits for the engine to answer, ms. Default 5000. */
  pingTimeoutMs?: number;
  /** A ready dockerode client to use instead of one made from `connection` (tests wrap it to inject races). */
  docker?: Docker;
}

/**
 * Creates the dockerode-backed {@link ContainerRuntime}. Never throws: an
 * unusable endpoint makes every call reject with {@link EngineUnreachableError}.
 *
 * Behaviour worth knowing beyond the port's contract:
 * - every list and event subscription is additionally scoped to
 *   `dojo.app=failover-dojo`, so `listContainers({})` never sees foreign containers;
 * - start/stop/pause/unpause are idempotent (already in that state = success);
 * - `exec` on a paused container fails at once (Docker refuses to create the
 *   exec, HTTP 409); an exec already running when the container is paused
 *   hangs until `timeoutMs`;
 * - `inspectContainer().ports` is empty until the container has started
 *   (Docker picks the host ports at start).
 */
export function createDockerRuntime(opts: DockerRuntimeOptions = {}): ContainerRuntime {
  return new DockerRuntime(
    opts.connection ?? resolveDockerConnection(),
    opts.pingTimeoutMs ?? 5000,
    opts.docker,
  );
}

/** Subnets being created by this process right now (shared by all runtimes), so concurrent creates pick different ones. */
const pendingSubnets = new Set<string>();

const CONNECTION_ERROR_CODES = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EACCES',
  'EPERM',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

const CONTAINER_STATES: ReadonlySet<string> = new Set([
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
]);

/** DOJO_EXEC_REUSE=0 turns the shell sessions off (a new exec per command), for A/B measurements. */
const REUSE_SHELLS = process.env.DOJO_EXEC_REUSE !== '0';

/** How many times a pause is tried when the cgroup freezer gives up (see pauseContainer). */
const PAUSE_ATTEMPTS = 3;

/** How long pause and unpause wait for the engine to report the new state, ms. */
const PAUSE_STATE_WAIT_MS = 5000;

/** Event attribute keys Docker adds next to the container's labels. */
const NON_LABEL_ATTRIBUTES = new Set(['image', 'name', 'exitCode', 'signal', 'execID']);

class DockerRuntime implements ContainerRuntime {
  readonly endpoint: string;
  private readonly docker: Docker | undefined;
  private readonly constructionProblem: string | undefined;
  /** Long-lived shells for frequent short commands (ExecOptions.reuse). */
  private readonly sessions = new ShellSessions(
    (id, user) => this.openShell(id, user),
    (id, cmd, opts) => this.exec(id, cmd, { ...opts, reuse: false }),
  );

  constructor(
    connection: DockerConnection,
    private readonly pingTimeoutMs: number,
    client?: Docker,
  ) {
    this.endpoint = connection.endpoint;
    let docker: Docker | undefined = client;
    let problem = client ? undefined : connection.problem;
    if (!docker && !problem) {
      try {
        // `host: undefined` keeps docker-modem from mixing in a DOCKER_HOST it parses itself.
        docker = new Docker({ host: undefined, ...connection.modemOptions });
      } catch (err) {
        problem = errorMessage(err);
      }
    }
    this.docker = docker;
    this.constructionProblem = problem;
  }

  // ---------------------------------------------------------------- engine

  async info(): Promise<RuntimeInfo> {
    const d = this.d();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${this.pingTimeoutMs} ms`)),
          this.pingTimeoutMs,
        );
      });
      const [version, info] = await Promise.race([
        Promise.all([
          d.version(),
          d.info() as Promise<{ OperatingSystem?: string; NCPU?: number; MemTotal?: number }>,
        ]),
        timeout,
      ]);
      return {
        serverVersion: version.Version,
        apiVersion: version.ApiVersion,
        os: version.Os,
        operatingSystem: info.OperatingSystem ?? version.Os,
        ...(typeof info.NCPU === 'number' ? { cpus: info.NCPU } : {}),
        ...(typeof info.MemTotal === 'number' ? { memoryBytes: info.MemTotal } : {}),
      };
    } catch (err) {
      throw this.unreachable(err);
    } finally {
      clearTimeout(timer);
    }
  }

  // -------------------------------------------------------------- networks

  async createNetwork(spec: NetworkSpec): Promise<NetworkInfo> {
    const d = this.d();
    const refused = new Set<string>();
    let lastError: unknown;
    for (let attempt = 0; attempt < 8; attempt++) {
      const networks = await this.call(() => d.listNetworks());
      const taken = [
        ...networks.flatMap((n) =>
          (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? '').filter(Boolean),
        ),
        ...hostInterfaceCidrs(os.networkInterfaces()),
        ...pendingSubnets,
        ...refused,
      ];
      const subnet = pickFreeSubnet(taken, spec.preferredSubnets ?? []);
      if (!subnet)
        throw new Error(
          `no free /24 left for network ${spec.name} (10.213.0.0-10.255.255.0 are all in use)`,
        );
      const gateway = gatewayOf(subnet);
      pendingSubnets.add(subnet);
      try {
        const net = await this.call(() =>
          d.createNetwork({
            Name: spec.name,
            Driver: 'bridge',
            CheckDuplicate: true,
            Labels: { ...spec.labels },
            IPAM: {
              Driver: 'default',
              Config: [{ Subnet: subnet, IPRange: lowerHalf(subnet), Gateway: gateway }],
            },
          }),
        );
        return { id: net.id, name: spec.name, subnet, gateway, labels: { ...spec.labels } };
      } catch (err) {
        // Another process (or engine user) took the subnet between our listing and the create.
        if (/overlap/i.test(errorMessage(err))) {
          refused.add(subnet);
          lastError = err;
          continue;
        }
        throw err;
      } finally {
        pendingSubnets.delete(subnet);
      }
    }
    throw new Error(
      `could not create network ${spec.name}: subnets kept overlapping (${errorMessage(lastError)})`,
    );
  }

  /**
   * Removes a network of ours. When Docker refuses because a container is
   * still attached (its removal racing this one, seen in CI: "has active
   * endpoints"), the containers of ours still on it are detached and the
   * removal is tried again, up to 4 times; a container the app did not
   * create is never touched, and its presence is the error.
   */
  async removeNetwork(id: string): Promise<void> {
    const d = this.d();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.call(() => d.getNetwork(id).remove(), { ignore404: true });
        return;
      } catch (err) {
        if (attempt >= 4 || !/active endpoints/i.test(errorMessage(err))) throw err;
        await this.detachOwnContainers(id);
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }

  /** Disconnects (forced) every container labelled as the app's from network `id`. */
  private async detachOwnContainers(id: string): Promise<void> {
    const d = this.d();
    const net = (await this.call(() => d.getNetwork(id).inspect(), { ignore404: true })) as
      { Containers?: Record<string, unknown> } | undefined;
    for (const cid of Object.keys(net?.Containers ?? {})) {
      const info = (await this.call(() => d.getContainer(cid).inspect(), {
        ignore404: true,
      })) as Docker.ContainerInspectInfo | undefined;
      if (info?.Config?.Labels?.[LABEL.app] !== APP_LABEL_VALUE) continue;
      await this.call(() => d.getNetwork(id).disconnect({ Container: cid, Force: true }), {
        ignore404: true,
        ignoreMessage: /is not connected/i,
      });
    }
  }

  // ------------------------------------------------------------ containers

  async createContainer(spec: ContainerSpec): Promise<string> {
    const d = this.d();
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const port of spec.publishLoopback ?? []) {
      exposed[`${port}/tcp`] = {};
      bindings[`${port}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: '' }];
    }
    const hostConfig: Docker.HostConfig = {
      PortBindings: bindings,
      ...(spec.capAdd?.length ? { CapAdd: spec.capAdd } : {}),
      ...(spec.capDrop?.length ? { CapDrop: spec.capDrop } : {}),
      ...(spec.memoryBytes !== undefined ? { Memory: spec.memoryBytes } : {}),
      ...(spec.init !== undefined ? { Init: spec.init } : {}),
      ...(spec.network ? { NetworkMode: spec.network.name } : {}),
    };
    const options: Docker.ContainerCreateOptions = {
      name: spec.name,
      Image: spec.image,
      Labels: { ...spec.labels },
      ExposedPorts: exposed,
      HostConfig: hostConfig,
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.env ? { Env: envList(spec.env) } : {}),
      ...(spec.hostname ? { Hostname: spec.hostname } : {}),
      ...(spec.user ? { User: spec.user } : {}),
      ...(spec.stopTimeoutSeconds !== undefined ? { StopTimeout: spec.stopTimeoutSeconds } : {}),
    };
    if (spec.network) {
      options.NetworkingConfig = {
        EndpointsConfig: {
          [spec.network.name]: {
            ...(spec.network.ipv4 ? { IPAMConfig: { IPv4Address: spec.network.ipv4 } } : {}),
            ...(spec.network.aliases?.length ? { Aliases: spec.network.aliases } : {}),
          },
        },
      };
    }
    const container = await this.call(() => d.createContainer(options));
    return container.id;
  }

  async putFiles(containerId: string, files: FileSpec[]): Promise<void> {
    const d = this.d();
    for (const f of files) {
      if (!f.path.startsWith('/')) throw new Error(`putFiles: path must be absolute: ${f.path}`);
    }
    const tar = buildTar(
      files.map((f) => ({
        path: f.path,
        content: f.content,
        mode: f.mode ?? 0o644,
        uid: f.uid ?? 0,
        gid: f.gid ?? 0,
      })),
    );
    await this.call(() => d.getContainer(containerId).putArchive(tar, { path: '/' }));
  }

  async startContainer(id: string): Promise<void> {
    const d = this.d();
    await this.call(() => d.getContainer(id).start(), { ignoreStatus: [304] });
  }

  async stopContainer(id: string, graceSeconds?: number): Promise<void> {
    this.sessions.forget(id);
    const d = this.d();
    const opts = graceSeconds !== undefined ? { t: Math.max(0, Math.round(graceSeconds)) } : {};
    await this.call(() => d.getContainer(id).stop(opts), { ignoreStatus: [304] });
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    this.sessions.forget(id);
    const d = this.d();
    await this.call(() => d.getContainer(id).kill({ signal }));
  }

  async removeContainer(id: string): Promise<void> {
    this.sessions.forget(id);
    const d = this.d();
    await this.call(() => d.getContainer(id).remove({ force: true, v: true }), {
      ignore404: true,
      ignoreMessage: /already in progress/i,
    });
  }

  async pauseContainer(id: string): Promise<void> {
    this.sessions.forget(id);
    const d = this.d();
    // The cgroup freezer can give up on a busy machine ("OCI runtime pause failed: unable to
    // freeze", seen in CI with three labs up); runc thaws the container again, so a new
    // attempt is safe. PAUSE_ATTEMPTS tries, 0.5 s and 1 s apart.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.call(() => d.getContainer(id).pause(), { ignoreMessage: /is already paused/i });
        break;
      } catch (error) {
        if (attempt >= PAUSE_ATTEMPTS || !/unable to freeze/i.test(errorMessage(error)))
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
    await this.untilPaused(id, true);
  }

  async setCpuLimit(id: string, cpus: number | undefined): Promise<void> {
    if (cpus !== undefined && !(cpus > 0)) throw new Error(`cpus must be positive, got ${cpus}`);
    const d = this.d();
    // The engine ignores NanoCpus 0 on an update (measured: the quota stayed); a CPU quota of
    // -1 lifts the limit, now and across a restart.
    const update =
      cpus === undefined ? { NanoCpus: 0, CpuQuota: -1 } : { NanoCpus: Math.round(cpus * 1e9) };
    await this.call(() => d.getContainer(id).update(update));
  }

  async unpauseContainer(id: string): Promise<void> {
    const d = this.d();
    await this.call(() => d.getContainer(id).unpause(), { ignoreMessage: /is not paused/i });
    await this.untilPaused(id, false);
  }

  /**
   * Waits (up to PAUSE_STATE_WAIT_MS, polling every 50 ms) until the engine reports the
   * container paused or not, on two reads in a row at least 100 ms apart. dockerd sets the
   * state when the API call answers and again when containerd's event about it arrives, which
   * can come late on a busy machine: measured with two integration files at once, the pause's
   * own event landed after a successful unpause and an inspect said "paused" again. A move is
   * done when the engine agrees. Throws when the state does not settle.
   */
  private async untilPaused(id: string, paused: boolean): Promise<void> {
    const d = this.d();
    const deadline = Date.now() + PAUSE_STATE_WAIT_MS;
    let since: number | undefined;
    for (;;) {
      const info = await this.call(() => d.getContainer(id).inspect());
      // A container that stopped meanwhile is neither: nothing to wait for.
      if (!info.State?.Running) return;
      if (Boolean(info.State.Paused) === paused) {
        since ??= Date.now();
        if (Date.now() - since >= 100) return;
      } else {
        since = undefined;
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `the engine still reports ${info.Name.replace(/^\//, '')} ${paused ? 'running' : 'paused'} ` +
            `${PAUSE_STATE_WAIT_MS / 1000} s after it was ${paused ? 'paused' : 'resumed'}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async inspectContainer(id: string): Promise<ContainerInfo> {
    const d = this.d();
    const info = await this.call(() => d.getContainer(id).inspect());
    return toContainerInfo(info);
  }

  // ----------------------------------------------------------------- exec

  async exec(containerId: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (opts.reuse && REUSE_SHELLS && opts.stdin === undefined && opts.workdir === undefined)
      return this.sessions.exec(containerId, cmd, opts);
    const d = this.d();
    const hasStdin = opts.stdin !== undefined;
    let stream: Duplex | undefined;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;

    const work = (async (): Promise<ExecResult> => {
      const exec = await this.call(() =>
        d.getContainer(containerId).exec({
          Cmd: cmd,
          AttachStdout: true,
          AttachStderr: true,
          AttachStdin: hasStdin,
          Tty: false,
          ...(opts.user ? { User: opts.user } : {}),
          ...(opts.env ? { Env: envList(opts.env) } : {}),
          ...(opts.workdir ? { WorkingDir: opts.workdir } : {}),
        }),
      );
      const s = await this.call(() =>
        exec.start({ hijack: true, stdin: hasStdin, Detach: false, Tty: false }),
      );
      stream = s;
      if (timedOut) {
        s.destroy();
        throw new ExecTimeoutError(cmd, opts.timeoutMs ?? 0);
      }
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        s.once('end', () => resolve());
        s.once('close', () => resolve());
        s.once('error', (e) => reject(e));
      });
      d.modem.demuxStream(s, collector(out), collector(err));
      if (hasStdin) s.end(opts.stdin);
      await ended;
      if (timedOut) throw new ExecTimeoutError(cmd, opts.timeoutMs ?? 0);
      const exitCode = await waitExitCode(exec);
      return {
        exitCode,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
    })();

    if (opts.timeoutMs === undefined) return work;
    const timeoutMs = opts.timeoutMs;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        stream?.destroy();
        reject(new ExecTimeoutError(cmd, timeoutMs));
      }, timeoutMs);
    });
    // The losing promise must not surface as an unhandled rejection.
    work.catch(() => undefined);
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Opens a shell with its stdin and stdout piped, for a ShellSession. */
  private openShell(containerId: string, user: string): Promise<ShellPipe> {
    return this.execPipe(containerId, ['bash', '--noprofile', '--norc'], user);
  }

  async execPipe(containerId: string, cmd: string[], user?: string): Promise<ExecPipe> {
    const d = this.d();
    const exec = await this.call(() =>
      d.getContainer(containerId).exec({
        Cmd: cmd,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        ...(user ? { User: user } : {}),
      }),
    );
    const stream = await this.call(() =>
      exec.start({ hijack: true, stdin: true, Detach: false, Tty: false }),
    );
    const stdout = new PassThrough();
    d.modem.demuxStream(stream, stdout, new PassThrough().resume());
    const closed = new Promise<void>((resolve) => {
      stream.once('end', () => resolve());
      stream.once('close', () => resolve());
      stream.once('error', () => resolve());
    });
    void closed.then(() => stdout.end());
    return {
      write: (data) => void stream.write(data),
      stdout,
      closed,
      close: () => stream.destroy(),
    };
  }

  async execTty(
    containerId: string,
    cmd: string[],
    opts: { user?: string; cols?: number; rows?: number } = {},
  ): Promise<TtySession> {
    const d = this.d();
    const exec = await this.call(() =>
      d.getContainer(containerId).exec({
        Cmd: cmd,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        Env: ['TERM=xterm-256color'],
        ...(opts.user ? { User: opts.user } : {}),
      }),
    );
    const stream = await this.call(() =>
      exec.start({ hijack: true, stdin: true, Detach: false, Tty: true }),
    );
    const resize = async (cols: number, rows: number): Promise<void> => {
      try {
        await exec.resize({ w: Math.max(1, Math.round(cols)), h: Math.max(1, Math.round(rows)) });
      } catch {
        // the process may have ended already; a resize is never worth an error
      }
    };
    if (opts.cols && opts.rows) await resize(opts.cols, opts.rows);
    const exited = new Promise<number>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        waitExitCode(exec).then(resolve, () => resolve(-1));
      };
      stream.once('end', finish);
      stream.once('close', finish);
      stream.once('error', finish);
    });
    return { stream, resize, exited };
  }

  async logs(
    containerId: string,
    opts: { follow?: boolean; tail?: number; sinceMs?: number } = {},
  ): Promise<Readable> {
    const d = this.d();
    const container = d.getContainer(containerId);
    const base = {
      stdout: true,
      stderr: true,
      timestamps: false,
      ...(opts.tail !== undefined ? { tail: Math.max(0, Math.floor(opts.tail)) } : {}),
      ...(opts.sinceMs ? { since: (opts.sinceMs / 1000).toFixed(3) } : {}),
    };
    if (!opts.follow) {
      const buf = await this.call(() => container.logs({ ...base, follow: false }));
      const outLines = new LineSplitter();
      const errLines = new LineSplitter();
      const lines: string[] = [];
      for (const frame of demuxBuffer(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)))) {
        lines.push(...(frame.stream === 2 ? errLines : outLines).push(frame.data));
      }
      lines.push(...outLines.flush(), ...errLines.flush());
      return Readable.from(lines, { objectMode: true });
    }

    const source = (await this.call(() => container.logs({ ...base, follow: true }))) as Readable;
    const outLines = new LineSplitter();
    const errLines = new LineSplitter();
    const output = new Readable({
      objectMode: true,
      read() {
        if (source.isPaused()) source.resume();
      },
      destroy(err, cb) {
        source.destroy();
        cb(err);
      },
    });
    const emit = (lines: string[]): void => {
      for (const line of lines) {
        if (!output.push(line)) source.pause();
      }
    };
    const sink = (splitter: LineSplitter): Writable =>
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          emit(splitter.push(chunk));
          cb();
        },
      });
    d.modem.demuxStream(source, sink(outLines), sink(errLines));
    source.once('end', () => {
      emit([...outLines.flush(), ...errLines.flush()]);
      output.push(null);
    });
    source.once('error', (err) => output.destroy(err));
    return output;
  }

  // ---------------------------------------------------------------- events

  async onContainerEvents(
    filterLabels: Record<string, string>,
    listener: (e: ContainerEvent) => void,
  ): Promise<() => void> {
    const d = this.d();
    const labels = { ...filterLabels, ...appSelector() };
    const stream = (await this.call(() =>
      d.getEvents({ filters: { type: ['container'], label: labelFilter(labels) } }),
    )) as Readable;
    const decoder = new JsonLineDecoder();
    let closed = false;
    const deliver = (values: unknown[]): void => {
      for (const v of values) {
        const e = toContainerEvent(v);
        if (e && !closed) {
          try {
            listener(e);
          } catch {
            // a throwing listener must not kill the stream
          }
        }
      }
    };
    stream.on('data', (chunk: Buffer) => deliver(decoder.push(chunk)));
    stream.on('end', () => deliver(decoder.flush()));
    stream.on('error', () => undefined); // destroyed by unsubscribe, or the engine went away
    return () => {
      closed = true;
      stream.destroy();
    };
  }

  // ---------------------------------------------------------------- images

  async imageExists(ref: string): Promise<boolean> {
    return (await this.imageId(ref)) !== undefined;
  }

  async imageId(ref: string): Promise<string | undefined> {
    const d = this.d();
    try {
      const info = await this.call(() => d.getImage(ref).inspect());
      return info.Id;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async imageSize(ref: string): Promise<number | undefined> {
    const d = this.d();
    try {
      return (await this.call(() => d.getImage(ref).inspect())).Size;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async saveImage(ref: string): Promise<NodeJS.ReadableStream> {
    const d = this.d();
    return this.call(() => d.getImage(ref).get());
  }

  async loadImage(
    tar: NodeJS.ReadableStream,
    onProgress?: (message: string) => void,
  ): Promise<void> {
    const d = this.d();
    const stream = (await this.call(() => d.loadImage(tar))) as Readable;
    const failure = await followProgress(stream, ['stream', 'status', 'progress'], onProgress);
    if (failure) throw new Error(`the engine could not load the image: ${failure}`);
  }

  async pullImage(ref: string, onProgress?: (message: string) => void): Promise<boolean> {
    const d = this.d();
    try {
      const stream = (await d.pull(ref)) as Readable;
      const failure = await followProgress(stream, ['id', 'status', 'progress'], onProgress);
      if (failure) {
        onProgress?.(`pull failed: ${failure}`);
        return false;
      }
      return await this.imageExists(ref);
    } catch (err) {
      onProgress?.(`pull failed: ${errorMessage(err)}`);
      return false;
    }
  }

  async buildImage(
    spec: BuildSpec,
    onProgress?: (p: { step: number; totalSteps: number; message: string }) => void,
  ): Promise<void> {
    const d = this.d();
    if (spec.tags.length === 0) throw new Error('buildImage: at least one tag is required');
    const context = await packDirectory(spec.contextDir);
    const stream = (await this.call(() =>
      d.buildImage(context as unknown as NodeJS.ReadableStream, {
        // several `t` parameters tag the result with every tag at once
        t: spec.tags as unknown as string,
        buildargs: { ...spec.buildArgs },
        labels: { ...spec.labels },
        rm: true,
        forcerm: true,
      }),
    )) as Readable;

    const lastLines: string[] = [];
    const remember = (line: string): void => {
      lastLines.push(line);
      if (lastLines.length > 20) lastLines.shift();
    };
    let step = 0;
    let totalSteps = 0;
    let failure: string | undefined;
    let builtId: string | undefined;
    const text = new LineSplitter();
    const onLine = (line: string): void => {
      if (line.trim() === '') return;
      remember(line);
      const s = parseBuildStep(line);
      if (s) {
        step = s.step;
        totalSteps = s.totalSteps;
      }
      const built = /^Successfully built ([0-9a-f]+)/.exec(line);
      if (built) builtId = built[1];
      onProgress?.({ step, totalSteps, message: line });
    };
    await followJson(stream, (obj) => {
      if (!isRecord(obj)) return;
      if (typeof obj.stream === 'string') text.push(obj.stream).forEach(onLine);
      if (isRecord(obj.aux) && typeof obj.aux.ID === 'string') builtId = obj.aux.ID;
      if (typeof obj.error === 'string' || obj.errorDetail) {
        const detail =
          isRecord(obj.errorDetail) && typeof obj.errorDetail.message === 'string'
            ? obj.errorDetail.message
            : '';
        failure = typeof obj.error === 'string' ? obj.error : detail;
        remember(`ERROR: ${failure}`);
      }
    });
    text.flush().forEach(onLine);
    if (failure !== undefined || !builtId) {
      throw new Error(
        `docker build of ${spec.tags[0]} from ${spec.contextDir} failed: ${failure ?? 'the build ended without producing an image'}\n` +
          `--- last ${lastLines.length} lines ---\n${lastLines.join('\n')}`,
      );
    }
  }

  // ------------------------------------------------------------- listings

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    const d = this.d();
    const list = await this.call(() =>
      d.listContainers({
        all: true,
        filters: { label: labelFilter({ ...labels, ...appSelector() }) },
      }),
    );
    const infos = await Promise.all(
      list.map(async (c) => {
        try {
          return toContainerInfo(await d.getContainer(c.Id).inspect());
        } catch (err) {
          if (statusOf(err) === 404) return undefined; // removed between list and inspect
          throw this.mapError(err);
        }
      }),
    );
    return infos.filter((i): i is ContainerInfo => i !== undefined);
  }

  async listNetworks(labels: Record<string, string>): Promise<NetworkInfo[]> {
    const d = this.d();
    const list = await this.call(() =>
      d.listNetworks({ filters: { label: labelFilter({ ...labels, ...appSelector() }) } }),
    );
    return list.map((n) => {
      const cfg = n.IPAM?.Config?.find((c) => c.Subnet && !c.Subnet.includes(':'));
      return {
        id: n.Id,
        name: n.Name,
        subnet: cfg?.Subnet ?? '',
        gateway: cfg?.Gateway ?? '',
        labels: { ...(n.Labels ?? {}) },
      };
    });
  }

  async listVolumes(
    labels: Record<string, string>,
  ): Promise<{ name: string; labels: Record<string, string> }[]> {
    const d = this.d();
    const res = await this.call(() =>
      d.listVolumes({ filters: { label: labelFilter({ ...labels, ...appSelector() }) } }),
    );
    return (res.Volumes ?? []).map((v) => ({ name: v.Name, labels: { ...(v.Labels ?? {}) } }));
  }

  async removeVolume(name: string): Promise<void> {
    const d = this.d();
    await this.call(() => d.getVolume(name).remove(), { ignore404: true });
  }

  // --------------------------------------------------------------- helpers

  private d(): Docker {
    if (!this.docker) {
      throw new EngineUnreachableError(
        `No Docker engine answers at ${this.endpoint}: ${this.constructionProblem ?? 'unusable endpoint'}`,
        this.endpoint,
        howToStartEngine(),
      );
    }
    return this.docker;
  }

  private unreachable(err: unknown): EngineUnreachableError {
    if (err instanceof EngineUnreachableError) return err;
    return new EngineUnreachableError(
      `No Docker engine answers at ${this.endpoint}: ${errorMessage(err)}`,
      this.endpoint,
      howToStartEngine(),
    );
  }

  /** Connection-level failures become EngineUnreachableError; HTTP errors stay as they are. */
  private mapError(err: unknown): unknown {
    const code = isRecord(err) && typeof err.code === 'string' ? err.code : undefined;
    if (code && CONNECTION_ERROR_CODES.has(code) && statusOf(err) === undefined)
      return this.unreachable(err);
    return err;
  }

  private async call<T>(
    fn: () => Promise<T>,
    tolerate: { ignore404?: boolean; ignoreStatus?: number[]; ignoreMessage?: RegExp } = {},
  ): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const status = statusOf(err);
      if (
        (tolerate.ignore404 && status === 404) ||
        (status !== undefined && tolerate.ignoreStatus?.includes(status)) ||
        (status !== undefined && tolerate.ignoreMessage?.test(errorMessage(err)))
      ) {
        return undefined as T;
      }
      throw this.mapError(err);
    }
  }
}

// ------------------------------------------------------------------ helpers

function toContainerInfo(i: Docker.ContainerInspectInfo): ContainerInfo {
  const ports: Record<number, number> = {};
  for (const [key, binds] of Object.entries(i.NetworkSettings?.Ports ?? {})) {
    const [portText, proto] = key.split('/');
    if (proto !== 'tcp' || !binds?.length) continue;
    const bind = binds.find((b) => b.HostIp === '127.0.0.1') ?? binds[0];
    const hostPort = Number(bind?.HostPort);
    if (Number.isInteger(hostPort) && hostPort > 0) ports[Number(portText)] = hostPort;
  }
  const ips: Record<string, string> = {};
  for (const [name, ep] of Object.entries(i.NetworkSettings?.Networks ?? {})) {
    const ip =
      ep.IPAddress || (ep.IPAMConfig as { IPv4Address?: string } | undefined)?.IPv4Address || '';
    if (ip) ips[name] = ip;
  }
  const status = i.State?.Status ?? 'dead';
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    image: i.Config?.Image ?? i.Image,
    labels: { ...(i.Config?.Labels ?? {}) },
    state: (CONTAINER_STATES.has(status) ? status : 'dead') as ContainerInfo['state'],
    ports,
    ips,
    pid: i.State?.Pid ?? 0,
  };
}

function toContainerEvent(v: unknown): ContainerEvent | undefined {
  if (!isRecord(v) || v.Type !== 'container') return undefined;
  const actor = isRecord(v.Actor) ? v.Actor : {};
  const attrs = isRecord(actor.Attributes) ? actor.Attributes : {};
  const labels: Record<string, string> = {};
  for (const [k, val] of Object.entries(attrs)) {
    if (!NON_LABEL_ATTRIBUTES.has(k) && typeof val === 'string') labels[k] = val;
  }
  const id = typeof actor.ID === 'string' ? actor.ID : typeof v.id === 'string' ? v.id : '';
  const action =
    typeof v.Action === 'string' ? v.Action : typeof v.status === 'string' ? v.status : '';
  if (!id || !action) return undefined;
  const t =
    typeof v.timeNano === 'number'
      ? Math.round(v.timeNano / 1e6)
      : typeof v.time === 'number'
        ? v.time * 1000
        : Date.now();
  const event: ContainerEvent = { containerId: id, action, labels, t };
  if (action === 'die' && typeof attrs.exitCode === 'string') {
    const code = Number(attrs.exitCode);
    if (Number.isFinite(code)) event.exitCode = code;
  }
  return event;
}

/** Reads a newline-delimited JSON stream to its end; rejects on a stream error. */
/**
 * Follows a pull or load stream: each message's `fields` joined as one line to `onProgress`;
 * resolves with the engine's error message, if it sent one.
 */
async function followProgress(
  stream: Readable,
  fields: string[],
  onProgress?: (line: string) => void,
): Promise<string | undefined> {
  let failure: string | undefined;
  await followJson(stream, (obj) => {
    if (!isRecord(obj)) return;
    if (typeof obj.error === 'string') failure = obj.error;
    const line = fields
      .map((f) => obj[f])
      .filter((x) => typeof x === 'string' && x)
      .join(' ')
      .trim();
    if (line) onProgress?.(line);
  });
  return failure;
}

function followJson(stream: Readable, onObject: (obj: unknown) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const decoder = new JsonLineDecoder();
    let settled = false;
    const done = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve();
    };
    stream.on('data', (chunk: Buffer) => {
      for (const obj of decoder.push(chunk)) onObject(obj);
    });
    stream.once('end', () => {
      for (const obj of decoder.flush()) onObject(obj);
      done();
    });
    stream.once('close', () => done());
    stream.once('error', (err) => done(err));
  });
}

/** Packs a directory into an in-memory tar (build contexts are small). */
function packDirectory(dir: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const pack = tarFs.pack(dir);
    pack.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', (err: Error) => reject(err));
  });
}

/** Polls exec inspect until the process has an exit code (it can lag the stream's end by a few ms). */
async function waitExitCode(exec: Docker.Exec): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running && typeof info.ExitCode === 'number') return info.ExitCode;
    await new Promise((r) => setTimeout(r, i < 10 ? 10 : 50));
  }
  throw new Error('exec ended but the engine reports no exit code');
}

function collector(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      into.push(Buffer.from(chunk));
      cb();
    },
  });
}

function envList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

function labelFilter(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

function statusOf(err: unknown): number | undefined {
  return isRecord(err) && typeof err.statusCode === 'number' ? err.statusCode : undefined;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.trim();
  return String(err);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The IPAM ip-range of a lab /24: its lower /25, so Docker assigns addresses
 * dynamically only from hosts 1-127 (DYNAMIC_HOSTS) and never from 128-254.
 */
function lowerHalf(subnet: string): string {
  const [base, prefix] = subnet.split('/');
  if (prefix !== '24') throw new Error(`expected a /24 subnet, got ${subnet}`);
  return `${base}/25`;
}
