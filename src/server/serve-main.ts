import { rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Engine } from '../core/engine-types';
import { startServer, type RunningServer } from './http-host';
import { errorMessage } from '../shared/engine-dispatch';
import type { RoomAddress } from '../shared/game-day-types';
import { isLoopbackHost, roomAddress } from './origins';

/** The repository root, resolved from this file (`src/server/`), so it works under tsx from any cwd. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `Usage: npm run serve -- [--port N] [--host ADDRESS] [--allow-remote]
  --port N          port to listen on (default: DOJO_PORT, else a free port)
  --host ADDRESS    address to bind (default 127.0.0.1; non-loopback needs --allow-remote)
  --allow-remote    allow binding a non-loopback address (the token then crosses the network in clear text)
Environment: DOJO_PORT, DOJO_URL_FILE (write the URL with its token to this file), DOJO_RENDERER_DIR.`;

/** Parsed command line of the server CLI. */
export interface ServeSettings {
  host: string;
  port: number;
  rendererDir: string;
  urlFile?: string;
}

/** Parses argv/env into settings, or returns the message to print and exit code 2. */
export function parseServeSettings(
  argv: string[],
  env: NodeJS.ProcessEnv,
): ServeSettings | { error: string } {
  let values: { port?: string; host?: string; 'allow-remote'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: `${errorMessage(error)}\n${USAGE}` };
  }
  if (values.help) return { error: USAGE };
  const portText = values.port ?? env.DOJO_PORT ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return { error: `Invalid port: ${portText}` };
  const host = values.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !values['allow-remote']) {
    return {
      error: `Refusing to bind ${host}: it is not a loopback address. Pass --allow-remote to serve the lab to other machines.`,
    };
  }
  const rendererDir = path.resolve(
    env.DOJO_RENDERER_DIR ?? path.join(REPO_ROOT, 'out', 'renderer'),
  );
  return {
    host,
    port,
    rendererDir,
    ...(env.DOJO_URL_FILE ? { urlFile: path.resolve(env.DOJO_URL_FILE) } : {}),
  };
}

/** Writes the URL (it holds the token) readable by this user only, atomically. */
async function writeUrlFile(file: string, url: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${url}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/** What {@link runServe} needs from the outside world (injected so it can be tested with a fake engine). */
export interface ServeDeps {
  /** `room` answers EngineApi.openRoom: this server's address, for trainees' links. */
  createEngine: (options: { room: () => Promise<RoomAddress> }) => Engine | Promise<Engine>;
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Prints the one stdout line. */
  print(line: string): void;
  /** Prints diagnostics (stderr). */
  warn(line: string): void;
  exit(code: number): void;
  /** Registers the shutdown signals (the CLI: SIGINT, SIGTERM and SIGHUP on `process`). */
  onSignal(handler: (signal: string) => void): void;
}

/**
 * The server CLI: creates the engine, serves it, prints exactly one line
 * (`Failover Dojo is serving at <url>`), and on the first SIGINT/SIGTERM
 * closes the server, disposes the engine (removing lab containers) and
 * exits; a second signal (more than a second later) exits at once.
 */
export async function runServe(deps: ServeDeps): Promise<void> {
  const settings = parseServeSettings(deps.argv, deps.env);
  if ('error' in settings) {
    deps.warn(settings.error);
    return deps.exit(2);
  }
  if (!existsSync(path.join(settings.rendererDir, 'index.html'))) {
    deps.warn(
      `Note: ${settings.rendererDir} has no index.html yet; run \`npm run build\` to build the UI.`,
    );
  }
  if (!isLoopbackHost(settings.host)) {
    deps.warn(
      `Warning: serving on ${settings.host}; anyone on the network with the URL controls the local Docker engine.`,
    );
  }
  let engine: Engine | undefined;
  let server: RunningServer | undefined;
  let stopping = false;
  let firstSignalAt = 0;
  const shutdown = async (): Promise<number> => {
    try {
      await server?.close();
      await engine?.dispose();
      return 0;
    } catch (error) {
      deps.warn(`Cleanup failed: ${errorMessage(error)}`);
      return 1;
    }
  };
  deps.onSignal((signal) => {
    if (stopping) {
      // One Ctrl+C can arrive twice (from the terminal and relayed by npm or a launcher).
      if (Date.now() - firstSignalAt < 1000) return;
      deps.warn(`${signal} again: exiting without waiting for lab cleanup.`);
      return deps.exit(130);
    }
    stopping = true;
    firstSignalAt = Date.now();
    deps.warn(`${signal}: stopping labs and removing their containers...`);
    // While starting up, the startup path below shuts down once it has the engine.
    if (server) void shutdown().then((code) => deps.exit(code));
  });

  try {
    engine = await deps.createEngine({
      room: async () => {
        if (!server) throw new Error('the server is not listening yet');
        return roomAddress(settings.host, server.port);
      },
    });
    if (!stopping) {
      server = await startServer({
        engine,
        host: settings.host,
        port: settings.port,
        rendererDir: settings.rendererDir,
      });
    }
  } catch (error) {
    await shutdown();
    throw error;
  }
  if (stopping || !server) return deps.exit(await shutdown());
  if (settings.urlFile) await writeUrlFile(settings.urlFile, server.url);
  deps.print(`Failover Dojo is serving at ${server.url}`);
}
