/**
 * The trainees' room for the Electron app: the facilitator works in the
 * window (over IPC), and trainees join a game day from their own browsers
 * with their links. Those links need a web server; this one starts on the
 * facilitator's first request, serves the same engine with the server's HTTP
 * host (token per trainee, Origin and Host checks), and closes with the app.
 */
import type { Engine } from '../core/engine-types';
import type { RoomAddress } from '../shared/game-day-types';
import { startServer, type RunningServer } from '../server/http-host';
import { isLoopbackHost, roomAddress } from '../server/origins';

/** Where the room listens: DOJO_ROOM_HOST (default 127.0.0.1) and DOJO_ROOM_PORT (default a free port). */
export interface RoomSettings {
  host: string;
  port: number;
}

/**
 * Reads the room's address from the environment. A non-loopback address
 * (a room on the LAN) needs DOJO_ROOM_ALLOW_REMOTE=1, as `npm run serve`
 * needs --allow-remote; anything else is a one-line error.
 */
export function roomSettings(env: NodeJS.ProcessEnv): RoomSettings | { error: string } {
  const host = env.DOJO_ROOM_HOST?.trim() || '127.0.0.1';
  const portText = env.DOJO_ROOM_PORT?.trim() || '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    return { error: `DOJO_ROOM_PORT is not a port: ${portText}` };
  if (!isLoopbackHost(host) && env.DOJO_ROOM_ALLOW_REMOTE !== '1')
    return {
      error: `Refusing to open the room on ${host}: it is not a loopback address. Set DOJO_ROOM_ALLOW_REMOTE=1 to let trainees join from the network.`,
    };
  return { host, port };
}

/** The room: opened on demand, closed with the app. */
export interface RoomHost {
  /** Starts the server on the first call; later calls answer the same address. */
  open(): Promise<RoomAddress>;
  /** Closes the server and every connection to it (the engine stays). */
  close(): Promise<void>;
}

/** Options of {@link createRoomHost}. */
export interface RoomHostOptions {
  /** The app's engine (may still be starting). */
  engine: () => Promise<Engine>;
  /** The built renderer (`out/renderer`), served to the trainees' browsers. */
  rendererDir: string;
  env: NodeJS.ProcessEnv;
  /** Says that the room is reachable from the network. */
  warn(line: string): void;
}

/** The Electron app's room server (see the file's comment). */
export function createRoomHost(options: RoomHostOptions): RoomHost {
  let starting: Promise<{ server: RunningServer; address: RoomAddress }> | undefined;
  let closed = false;
  const start = async () => {
    const settings = roomSettings(options.env);
    if ('error' in settings) throw new Error(settings.error);
    const server = await startServer({
      engine: await options.engine(),
      host: settings.host,
      port: settings.port,
      rendererDir: options.rendererDir,
    });
    if (closed) {
      await server.close();
      throw new Error('the app is closing');
    }
    const address = roomAddress(settings.host, server.port);
    if (address.onNetwork)
      options.warn(
        `The game-day room listens on ${settings.host}:${server.port}: anyone on the network with a trainee's link can act in that trainee's lab.`,
      );
    return { server, address };
  };
  return {
    async open() {
      if (closed) throw new Error('the app is closing');
      starting ??= start();
      // A failed start (port taken, address refused) can be retried.
      starting.catch(() => (starting = undefined));
      return (await starting).address;
    },
    async close() {
      closed = true;
      const running = await starting?.catch(() => undefined);
      await running?.server.close();
    },
  };
}
