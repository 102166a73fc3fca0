import type { Duplex, Readable } from 'node:stream';

/**
 * The container-runtime port. Only `core/runtime` implements it (with
 * dockerode); labs, probes and the session talk to Docker through this
 * interface alone.
 *
 * Every resource created through it carries the app's labels (see labels.ts);
 * list and remove operations are scoped by those labels, so nothing the app
 * did not create is ever touched.
 */
export interface ContainerRuntime {
  /** Pings the engine and returns its versions; throws EngineUnreachableError when none answers. */
  info(): Promise<RuntimeInfo>;
  /** Human-readable endpoint, e.g. `unix:///var/run/docker.sock` or `tcp://127.0.0.1:2375 (DOCKER_HOST)`. */
  readonly endpoint: string;

  // --- networks ---
  /**
   * Creates a bridge network on a /24 that overlaps no existing Docker network.
   * Docker hands out addresses by itself only from the lower half of the /24
   * (hosts 1-127, see DYNAMIC_HOSTS); hosts 128-254 are never assigned by
   * Docker, so a lab can manage addresses there itself (a VRRP virtual IP).
   */
  createNetwork(spec: NetworkSpec): Promise<NetworkInfo>;
  removeNetwork(id: string): Promise<void>;

  // --- containers ---
  createContainer(spec: ContainerSpec): Promise<string>;
  /** Copies files into a created (not yet started) or running container. Paths are absolute. */
  putFiles(containerId: string, files: FileSpec[]): Promise<void>;
  startContainer(id: string): Promise<void>;
  /** Stops with a grace period (seconds) then kills. */
  stopContainer(id: string, graceSeconds?: number): Promise<void>;
  killContainer(id: string, signal?: string): Promise<void>;
  /** Force-removes the container (running or not) and its anonymous volumes. Missing = no error. */
  removeContainer(id: string): Promise<void>;
  /** Freezes every process of the container; resolves once the engine reports it paused. */
  pauseContainer(id: string): Promise<void>;
  /** Thaws a paused container; resolves once the engine reports it running again. */
  unpauseContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerInfo>;
  /**
   * Limits how much CPU the container's processes may use, in CPUs (`docker
   * update --cpus`: 0.05 = 5 % of one CPU); `undefined` lifts the limit.
   * Takes effect at once on a running container.
   */
  setCpuLimit(id: string, cpus: number | undefined): Promise<void>;

  /** Runs a command to completion, capturing stdout/stderr separately (demultiplexed). */
  exec(containerId: string, cmd: string[], opts?: ExecOptions): Promise<ExecResult>;
  /**
   * Starts a long-lived exec with its stdin and stdout attached and no TTY, so bytes pass
   * unchanged both ways (stderr is dropped): for a process that speaks a protocol over them
   * (the lab relay, a reused shell). Runs as `user` (default: the image's).
   */
  execPipe(containerId: string, cmd: string[], user?: string): Promise<ExecPipe>;
  /** Starts an interactive TTY exec; the returned stream is stdin+stdout of the TTY. */
  execTty(
    containerId: string,
    cmd: string[],
    opts?: { user?: string; cols?: number; rows?: number },
  ): Promise<TtySession>;
  /**
   * Container logs (stdout+stderr, demultiplexed into lines). `follow` keeps the stream open.
   * The stream is in object mode: each chunk is one line (a string without its newline).
   */
  logs(
    containerId: string,
    opts?: { follow?: boolean; tail?: number; sinceMs?: number },
  ): Promise<Readable>;

  /** Subscribes to container events of the app's resources (labels filter). Returns an unsubscribe. */
  onContainerEvents(
    filterLabels: Record<string, string>,
    listener: (e: ContainerEvent) => void,
  ): Promise<() => void>;

  // --- images ---
  imageExists(ref: string): Promise<boolean>;
  /**
   * The engine's id of a local image (`sha256:...`), undefined when absent.
   * Optional so test doubles need not implement it; the image pipeline then
   * keys its context hash on the reference instead of the id.
   */
  imageId?(ref: string): Promise<string | undefined>;
  /**
   * The image as a `docker save` tar stream (its layers, config and tag), to load into
   * another engine: the image keeps its id there. Undefined on runtimes that cannot.
   */
  saveImage?(ref: string): Promise<NodeJS.ReadableStream>;
  /** The image's size on the engine, bytes (about what `saveImage` streams); undefined when absent. */
  imageSize?(ref: string): Promise<number | undefined>;
  /** Loads a `docker save` tar stream; `onProgress` gets the engine's load messages. */
  loadImage?(tar: NodeJS.ReadableStream, onProgress?: (message: string) => void): Promise<void>;
  /** Pulls an image; resolves false (not throws) when no registry can be reached. */
  pullImage(ref: string, onProgress?: (message: string) => void): Promise<boolean>;
  /**
   * Builds an image from a context directory (Dockerfile at its root) and tags it.
   * Progress is reported per Dockerfile step.
   */
  buildImage(
    spec: BuildSpec,
    onProgress?: (p: { step: number; totalSteps: number; message: string }) => void,
  ): Promise<void>;

  // --- label-scoped listing / cleanup ---
  /** Containers carrying all the given labels (running or not). */
  listContainers(labels: Record<string, string>): Promise<ContainerInfo[]>;
  /** Networks carrying all the given labels. */
  listNetworks(labels: Record<string, string>): Promise<NetworkInfo[]>;
  /** Volumes carrying all the given labels. */
  listVolumes(
    labels: Record<string, string>,
  ): Promise<{ name: string; labels: Record<string, string> }[]>;
  removeVolume(name: string): Promise<void>;
}

export interface RuntimeInfo {
  serverVersion: string;
  apiVersion: string;
  os: string;
  /** e.g. `linux`; 'Docker Desktop' etc. in `operatingSystem`. */
  operatingSystem: string;
  /** CPUs the engine's machine (or VM) has; undefined when the engine does not say. */
  cpus?: number;
  /** Memory of the engine's machine (or VM), bytes; undefined when the engine does not say. */
  memoryBytes?: number;
}

export interface NetworkSpec {
  name: string;
  labels: Record<string, string>;
  /** IPv4 /24 subnets to try first; when omitted the runtime picks a free /24 itself. */
  preferredSubnets?: string[];
}

/**
 * Host numbers of a lab /24 Docker may assign dynamically (its IPAM ip-range
 * is the lower /25). Fixed addresses may be anywhere in the /24; addresses
 * above `last` are never handed out by Docker.
 */
export const DYNAMIC_HOSTS = { first: 1, last: 127 } as const;

export interface NetworkInfo {
  id: string;
  name: string;
  /** CIDR, e.g. `10.213.7.0/24`. */
  subnet: string;
  /** Gateway address on the bridge, e.g. `10.213.7.1`. */
  gateway: string;
  labels: Record<string, string>;
}

export interface ContainerSpec {
  name: string;
  image: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  labels: Record<string, string>;
  hostname?: string;
  user?: string;
  /** Network to attach at creation, with a fixed IPv4 address inside its subnet. */
  network?: { name: string; ipv4?: string; aliases?: string[] };
  /**
   * Container ports to publish on the host's loopback (127.0.0.1) at a random
   * host port; read the chosen ports from `inspectContainer().ports`.
   */
  publishLoopback?: number[];
  capAdd?: string[];
  /** Capabilities to drop (e.g. `['ALL']`, then `capAdd` grants exactly what the node needs). */
  capDrop?: string[];
  /** Memory limit in bytes. */
  memoryBytes?: number;
  /** Seconds Docker waits on stop before SIGKILL (container default). */
  stopTimeoutSeconds?: number;
  /** Init process (tini) as PID 1, so signals and zombies are handled. */
  init?: boolean;
}

export interface FileSpec {
  /** Absolute path inside the container. */
  path: string;
  content: string;
  /** Octal permission bits, default 0o644. */
  mode?: number;
  /** Numeric owner uid/gid, default 0. */
  uid?: number;
  gid?: number;
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  /** Container port -> host port on 127.0.0.1, for ports published with publishLoopback. */
  ports: Record<number, number>;
  /** Network name -> IPv4 address. */
  ips: Record<string, string>;
  /** PID of the container's init on the engine's host (0 when not running). */
  pid: number;
}

export interface ExecOptions {
  user?: string;
  env?: Record<string, string>;
  /** Kills the wait (not the process) after this many ms; throws ExecTimeoutError. */
  timeoutMs?: number;
  stdin?: string;
  workdir?: string;
  /**
   * Runs the command through the container's long-lived shell session (one
   * exec for many commands) instead of a new exec: for short commands run
   * often (fences, redis-cli, patronictl). Ignored with `stdin` or `workdir`;
   * the command must not read stdin. Default timeout 30 s.
   */
  reuse?: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A long-lived exec's stdin and stdout (see ContainerRuntime.execPipe). */
export interface ExecPipe {
  /** Writes to the process's stdin. */
  write(data: string | Buffer): void;
  /** The process's stdout; ends with the exec. */
  stdout: Readable;
  /** Resolves when the exec ends (the process exited, the container stopped, the engine went away). */
  closed: Promise<void>;
  /** Ends the exec (drops the stream; the process sees its stdin end). */
  close(): void;
}

export interface TtySession {
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves with the exit code when the TTY process ends. */
  exited: Promise<number>;
}

export interface ContainerEvent {
  containerId: string;
  /** Docker action: create, start, die, pause, unpause, stop, kill, destroy, oom... */
  action: string;
  labels: Record<string, string>;
  /** ms since epoch (from Docker's timeNano). */
  t: number;
  /** Exit code for `die`. */
  exitCode?: number;
}

export interface BuildSpec {
  /** Absolute path of the build context (Dockerfile at its root). */
  contextDir: string;
  /** Tags to apply, e.g. `['failover-dojo/redis:3f2a9c1d0e4b']`. */
  tags: string[];
  buildArgs?: Record<string, string>;
  labels: Record<string, string>;
}

/** Thrown when no Docker engine answers; the message says how to start one. */
export class EngineUnreachableError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
    readonly howToStart: string[],
  ) {
    super(message);
    this.name = 'EngineUnreachableError';
  }
}

export class ExecTimeoutError extends Error {
  constructor(
    readonly cmd: string[],
    readonly timeoutMs: number,
  ) {
    super(`exec timed out after ${timeoutMs} ms: ${cmd.join(' ')}`);
    this.name = 'ExecTimeoutError';
  }
}
