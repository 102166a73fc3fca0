import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the Docker engine is, resolved the way the `docker` CLI does it:
 * `DOCKER_HOST` first, then the current docker context, then the platform's
 * default socket. Pure apart from the injected file-system reads, so it can be
 * unit-tested with a temp home directory.
 */

/** Options handed to `new Docker(...)` (dockerode / docker-modem constructor options). */
export interface ModemOptions {
  /** Unix socket path or Windows named pipe (`//./pipe/docker_engine`). */
  socketPath?: string;
  /** Host name or IP for tcp/ssh endpoints. */
  host?: string;
  /** TCP port for tcp/ssh endpoints. */
  port?: number;
  protocol?: 'http' | 'https' | 'ssh';
  /** ssh user for `ssh://user@host`. */
  username?: string;
  /**
   * ssh2 options for `ssh://` endpoints: the agent (SSH_AUTH_SOCK), else the user's default
   * private key (`~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`), as the `ssh` the docker CLI runs
   * would use. docker-modem adds neither by itself when it is given an address.
   */
  sshOptions?: { agent?: string; privateKey?: Buffer };
  /** PEM contents for TLS (https) endpoints. */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** Where the engine endpoint came from. */
export type ConnectionSource = 'DOCKER_HOST' | 'context' | 'default' | 'pool';

export interface DockerConnection {
  modemOptions: ModemOptions;
  /**
   * Human-readable endpoint saying where it came from, e.g.
   * `unix:///var/run/docker.sock (default)`, `tcp://127.0.0.1:2375 (DOCKER_HOST)`,
   * `unix:///Users/me/.colima/default/docker.sock (docker context "colima")`.
   */
  endpoint: string;
  source: ConnectionSource;
  /** Set when the configuration was unusable (bad DOCKER_HOST, broken context); the engine cannot be reached then. */
  problem?: string;
}

/** Inputs of the resolution; every field defaults to the real process/host. */
export interface ResolveConnectionInput {
  env?: Record<string, string | undefined>;
  /** Home directory (for `~/.docker`, `~/.colima`). */
  homedir?: string;
  platform?: NodeJS.Platform;
  /** Whether a path exists (sockets included). */
  exists?: (p: string) => boolean;
  /** Reads a file; throws when missing. */
  readFile?: (p: string) => Buffer;
}

/** The default Windows named pipe of Docker Desktop. */
export const WINDOWS_PIPE = '//./pipe/docker_engine';
/** The default Unix socket of a system-wide engine. */
export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';

/** Resolves the engine endpoint: DOCKER_HOST, then the docker context, then the platform default. */
export function resolveDockerConnection(input: ResolveConnectionInput = {}): DockerConnection {
  const env = input.env ?? process.env;
  const home = input.homedir ?? os.homedir();
  const platform = input.platform ?? process.platform;
  const exists = input.exists ?? ((p: string) => fs.existsSync(p));
  const readFile = input.readFile ?? ((p: string) => fs.readFileSync(p));

  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    const tls = tlsFromEnv(env, readFile);
    const ssh = () => sshAuth(env, home, readFile);
    return fromHost(dockerHost, 'DOCKER_HOST', '(DOCKER_HOST)', platform, tls, ssh);
  }

  const configDir = env.DOCKER_CONFIG?.trim() || path.join(home, '.docker');
  const contextName = currentContextName(env, configDir, readFile);
  if (contextName && contextName !== 'default') {
    const label = `(docker context "${contextName}")`;
    const id = createHash('sha256').update(contextName).digest('hex');
    const metaPath = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
    let meta: unknown;
    try {
      meta = JSON.parse(readFile(metaPath).toString('utf8'));
    } catch (err) {
      return {
        ...platformDefault(home, platform, exists),
        source: 'context',
        problem: `docker context "${contextName}" is selected but ${metaPath} cannot be read (${errorText(err)}); run \`docker context use default\` or fix the context`,
      };
    }
    const endpointMeta = dockerEndpointOf(meta);
    if (!endpointMeta?.host) {
      return {
        ...platformDefault(home, platform, exists),
        source: 'context',
        problem: `docker context "${contextName}" has no Endpoints.docker.Host in ${metaPath}`,
      };
    }
    const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    const tls = readTls(tlsDir, readFile);
    // A context that carries TLS material talks TLS, like the CLI.
    return fromHost(
      endpointMeta.host,
      'context',
      label,
      platform,
      tls ? { ...tls, verify: true } : undefined,
      () => sshAuth(env, home, readFile),
    );
  }

  return platformDefault(home, platform, exists);
}

/**
 * The connection for an engine a facilitator adds to the pool, by what they type:
 * - `local` (or nothing): this machine's engine, resolved as at start (DOCKER_HOST, context, default);
 * - an address: `ssh://user@host`, `tcp://host:2376` (TLS; `tlsDir` holds ca.pem, cert.pem and
 *   key.pem as for DOCKER_CERT_PATH), `tcp://host:2375`, `unix:///path`, `npipe://...`;
 * - anything else: the name of a docker context (its endpoint and TLS files, as the CLI reads them).
 * A problem (an unknown context, a bad address) is in `problem`, never thrown.
 */
export function connectionForAddress(
  address: string,
  opts: { tlsDir?: string } & ResolveConnectionInput = {},
): DockerConnection {
  const raw = address.trim();
  const env = opts.env ?? process.env;
  if (raw === '' || raw === 'local') return resolveDockerConnection(opts);
  const readFile = opts.readFile ?? ((p: string) => fs.readFileSync(p));
  if (raw.includes('://') || /^[\w.-]+:\d+$/.test(raw)) {
    const tls = opts.tlsDir ? readTls(opts.tlsDir, readFile) : undefined;
    if (opts.tlsDir && !tls)
      return {
        ...fromHost(raw, 'pool', '(engine pool)', opts.platform ?? process.platform, undefined),
        problem: `no ca.pem, cert.pem or key.pem in ${opts.tlsDir}`,
      };
    return fromHost(
      raw,
      'pool',
      '(engine pool)',
      opts.platform ?? process.platform,
      tls ? { ...tls, verify: true } : undefined,
      () => sshAuth(env, opts.homedir ?? os.homedir(), readFile),
    );
  }
  if (!/^[\w][\w.+-]{0,62}$/.test(raw))
    return {
      ...resolveDockerConnection({ ...opts, env: { ...env, DOCKER_HOST: '' } }),
      source: 'pool',
      problem: `"${raw.slice(0, 60)}" is neither an engine address (ssh://user@host, tcp://host:2376) nor a docker context name`,
    };
  const viaContext = resolveDockerConnection({
    ...opts,
    env: { ...env, DOCKER_HOST: '', DOCKER_CONTEXT: raw },
  });
  if (viaContext.source !== 'context' && raw !== 'default')
    return { ...viaContext, problem: `no docker context "${raw}"` };
  return viaContext;
}

/** Parses a DOCKER_HOST-style address (`unix://`, `tcp://`, `npipe://`, `ssh://`, `http(s)://`, `host:port`). */
function fromHost(
  raw: string,
  source: ConnectionSource,
  label: string,
  platform: NodeJS.Platform,
  tls: TlsMaterial | undefined,
  ssh?: () => ModemOptions['sshOptions'],
): DockerConnection {
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length) || DEFAULT_UNIX_SOCKET;
    return { modemOptions: { socketPath }, endpoint: `unix://${socketPath} ${label}`, source };
  }
  if (raw.startsWith('npipe://')) {
    const pipe = raw.slice('npipe://'.length) || WINDOWS_PIPE;
    return { modemOptions: { socketPath: pipe }, endpoint: `npipe://${pipe} ${label}`, source };
  }
  const withScheme = raw.includes('://') ? raw : `tcp://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return {
      modemOptions: { socketPath: platform === 'win32' ? WINDOWS_PIPE : DEFAULT_UNIX_SOCKET },
      endpoint: `${raw} ${label}`,
      source,
      problem: `${source === 'DOCKER_HOST' ? 'DOCKER_HOST' : source === 'pool' ? 'the engine address' : 'the docker context host'} "${raw}" is not a valid address (expected e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375)`,
    };
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme === 'ssh') {
    const port = url.port ? Number(url.port) : 22;
    const sshOptions = ssh ? ssh() : undefined;
    return {
      modemOptions: {
        protocol: 'ssh',
        host: url.hostname,
        port,
        ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
        ...(sshOptions ? { sshOptions } : {}),
      },
      endpoint: `ssh://${url.username ? `${url.username}@` : ''}${url.hostname}:${port} ${label}`,
      source,
    };
  }
  if (scheme !== 'tcp' && scheme !== 'http' && scheme !== 'https') {
    return {
      modemOptions: { socketPath: platform === 'win32' ? WINDOWS_PIPE : DEFAULT_UNIX_SOCKET },
      endpoint: `${raw} ${label}`,
      source,
      problem: `unsupported Docker endpoint scheme "${scheme}://" in "${raw}"`,
    };
  }
  const useTls =
    scheme === 'https' || tls?.verify === true || (scheme === 'tcp' && url.port === '2376');
  const port = url.port ? Number(url.port) : useTls ? 2376 : 2375;
  const protocol = useTls ? 'https' : 'http';
  const modemOptions: ModemOptions = { host: url.hostname, port, protocol };
  if (useTls && tls) {
    if (tls.ca) modemOptions.ca = tls.ca;
    if (tls.cert) modemOptions.cert = tls.cert;
    if (tls.key) modemOptions.key = tls.key;
  }
  return {
    modemOptions,
    endpoint: `tcp://${url.hostname}:${port}${useTls ? ' (TLS)' : ''} ${label}`,
    source,
  };
}

function platformDefault(
  home: string,
  platform: NodeJS.Platform,
  exists: (p: string) => boolean,
): DockerConnection {
  if (platform === 'win32') {
    return {
      modemOptions: { socketPath: WINDOWS_PIPE },
      endpoint: `npipe://${WINDOWS_PIPE} (default)`,
      source: 'default',
    };
  }
  const candidates = [DEFAULT_UNIX_SOCKET];
  if (platform === 'darwin') {
    candidates.push(
      path.join(home, '.docker', 'run', 'docker.sock'),
      path.join(home, '.colima', 'default', 'docker.sock'),
    );
  } else {
    // Docker Desktop for Linux keeps its socket in the home directory.
    candidates.push(path.join(home, '.docker', 'desktop', 'docker.sock'));
  }
  const found = candidates.find((c) => exists(c)) ?? DEFAULT_UNIX_SOCKET;
  return {
    modemOptions: { socketPath: found },
    endpoint: `unix://${found} (default)`,
    source: 'default',
  };
}

function currentContextName(
  env: Record<string, string | undefined>,
  configDir: string,
  readFile: (p: string) => Buffer,
): string | undefined {
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  try {
    const config: unknown = JSON.parse(
      readFile(path.join(configDir, 'config.json')).toString('utf8'),
    );
    if (isRecord(config) && typeof config.currentContext === 'string' && config.currentContext) {
      return config.currentContext;
    }
  } catch {
    // no config.json or not JSON: the CLI falls back to the default context too
  }
  return undefined;
}

function dockerEndpointOf(meta: unknown): { host?: string } | undefined {
  if (!isRecord(meta) || !isRecord(meta.Endpoints)) return undefined;
  const docker = meta.Endpoints.docker;
  if (!isRecord(docker)) return undefined;
  return typeof docker.Host === 'string' ? { host: docker.Host } : {};
}

/** How an `ssh://` endpoint authenticates: the agent, else the user's first default key. */
function sshAuth(
  env: Record<string, string | undefined>,
  home: string,
  readFile: (p: string) => Buffer,
): ModemOptions['sshOptions'] {
  const agent = env.SSH_AUTH_SOCK?.trim();
  if (agent) return { agent };
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    try {
      return { privateKey: readFile(path.join(home, '.ssh', name)) };
    } catch {
      // not this one
    }
  }
  return undefined;
}

interface TlsMaterial {
  verify: boolean;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

function tlsFromEnv(
  env: Record<string, string | undefined>,
  readFile: (p: string) => Buffer,
): TlsMaterial | undefined {
  const verify =
    env.DOCKER_TLS_VERIFY !== undefined &&
    env.DOCKER_TLS_VERIFY !== '' &&
    env.DOCKER_TLS_VERIFY !== '0';
  const certPath = env.DOCKER_CERT_PATH?.trim();
  if (!verify && !certPath) return undefined;
  const material = certPath ? readTls(certPath, readFile) : undefined;
  return { ...material, verify };
}

function readTls(dir: string, readFile: (p: string) => Buffer): TlsMaterial | undefined {
  const read = (name: string): Buffer | undefined => {
    try {
      return readFile(path.join(dir, name));
    } catch {
      return undefined;
    }
  };
  const ca = read('ca.pem');
  const cert = read('cert.pem');
  const key = read('key.pem');
  if (!ca && !cert && !key) return undefined;
  return {
    verify: false,
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
  };
}

/**
 * Concrete one-line instructions to get a Docker engine answering on this
 * platform, in the order a user is most likely to need them.
 */
export function howToStartEngine(platform: NodeJS.Platform = process.platform): string[] {
  const common = [
    'If the engine runs elsewhere, point the app at it: set DOCKER_HOST (e.g. DOCKER_HOST=unix:///path/to/docker.sock or tcp://127.0.0.1:2375), or select it with `docker context use <name>`.',
  ];
  if (platform === 'darwin') {
    return [
      'Docker Desktop: open the Docker app (or run `open -a Docker`) and wait until it says "Engine running".',
      'Colima: run `colima start` (its socket is ~/.colima/default/docker.sock; `docker context use colima`).',
      'Podman: run `podman machine start`, then set DOCKER_HOST to the socket path it prints (unix://.../podman.sock).',
      ...common,
    ];
  }
  if (platform === 'win32') {
    return [
      'Docker Desktop: start "Docker Desktop" from the Start menu and wait until it says "Engine running" (it serves npipe:////./pipe/docker_engine).',
      'Podman: run `podman machine start` (Podman Desktop exposes the Docker-compatible pipe npipe:////./pipe/docker_engine when "Docker compatibility" is enabled).',
      ...common,
    ];
  }
  return [
    'Docker Engine as a service: `sudo systemctl start docker` (make your user able to use it: `sudo usermod -aG docker $USER`, then log in again).',
    'Without systemd: start the daemon in the background with `sudo dockerd > /tmp/dockerd.log 2>&1 &`.',
    'Docker Desktop for Linux: start Docker Desktop (it uses `docker context use desktop-linux`).',
    'Podman: `systemctl --user start podman.socket` (or `podman machine start`), then export DOCKER_HOST=unix://$XDG_RUNTIME_DIR/podman/podman.sock.',
    'Colima: `colima start` (then `docker context use colima`).',
    ...common,
  ];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
