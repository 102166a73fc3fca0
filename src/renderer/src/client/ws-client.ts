import type {
  EngineEvent,
  EngineMethod,
  WsClientMessage,
  WsServerMessage,
} from '../../../shared/engine-contract';
import { engineProxy } from '../../../shared/engine-methods';
import { createObservable, type ConnectionState, type DojoClient } from './types';

/** The part of the browser WebSocket this client uses (a fake implements it in tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = new (url: string) => WebSocketLike;

export interface WsClientOptions {
  /** WebSocket implementation; the global one by default. */
  WebSocketImpl?: WebSocketFactory;
  /** First reconnect delay, ms (default 250). */
  initialBackoffMs?: number;
  /** Longest reconnect delay, ms (default 5000). */
  maxBackoffMs?: number;
  /** Source of jitter in [0, 1) (default Math.random). */
  random?: () => number;
}

/** A call the engine answered with `ok: false`. */
export class EngineCallError extends Error {
  constructor(
    readonly method: EngineMethod,
    message: string,
  ) {
    super(message);
    this.name = 'EngineCallError';
  }
}

/** A call that was lost because the link closed before the answer came. */
export class ConnectionClosedError extends Error {
  constructor(
    readonly method: EngineMethod,
    message = 'connection to the engine closed before it answered',
  ) {
    super(`${method}: ${message}`);
    this.name = 'ConnectionClosedError';
  }
}

const OPEN = 1;

interface PendingCall {
  method: EngineMethod;
  frame: string;
  sent: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * EngineClient over the host's WebSocket (`WsClientMessage` / `WsServerMessage`
 * JSON text frames), one method per name of ENGINE_METHODS. Calls are matched
 * to answers by id; calls made while the first connection is being set up wait
 * for it; every pending call is rejected when the socket closes; the socket
 * reconnects by itself with exponential backoff (with jitter) until `dispose()`.
 */
export function createWsClient(url: string, options: WsClientOptions = {}): DojoClient {
  const WS: WebSocketFactory | undefined =
    options.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketFactory }).WebSocket;
  if (!WS) throw new Error('no WebSocket implementation available');
  const initialBackoff = options.initialBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 5000;
  const random = options.random ?? Math.random;

  const connection = createObservable<ConnectionState>('connecting');
  const listeners = new Set<(event: EngineEvent) => void>();
  const pending = new Map<number, PendingCall>();
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  function connect(): void {
    reconnectTimer = null;
    if (disposed) return;
    connection.set('connecting');
    let ws: WebSocketLike;
    try {
      ws = new WS!(url);
    } catch (err) {
      console.error('WebSocket could not be created', err);
      connection.set('closed');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempts = 0;
      connection.set('open');
      for (const call of pending.values()) {
        if (!call.sent) transmit(ws, call);
      }
    };
    ws.onmessage = (ev) => {
      if (socket !== ws) return;
      handleFrame(ev.data);
    };
    ws.onerror = () => {
      // A close event always follows; nothing to do here.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      rejectAll((method) => new ConnectionClosedError(method));
      connection.set('closed');
      scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (disposed || reconnectTimer) return;
    const base = Math.min(maxBackoff, initialBackoff * 2 ** attempts);
    attempts += 1;
    const delay = Math.round(base * (0.5 + random() * 0.5));
    reconnectTimer = setTimeout(connect, delay);
  }

  function transmit(ws: WebSocketLike, call: PendingCall): void {
    try {
      ws.send(call.frame);
      call.sent = true;
    } catch (err) {
      for (const [id, c] of pending) {
        if (c === call) pending.delete(id);
      }
      call.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  function rejectAll(makeError: (method: EngineMethod) => Error): void {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.reject(makeError(call.method));
  }

  function handleFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: WsServerMessage;
    try {
      msg = JSON.parse(data) as WsServerMessage;
    } catch {
      console.warn('engine sent a frame that is not JSON');
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    if ('event' in msg) {
      for (const listener of [...listeners]) {
        try {
          listener(msg.event);
        } catch (err) {
          console.error('engine event listener failed', err);
        }
      }
      return;
    }
    if (typeof msg.id !== 'number') return;
    const call = pending.get(msg.id);
    if (!call) return;
    pending.delete(msg.id);
    if (msg.ok) call.resolve(msg.result);
    else call.reject(new EngineCallError(call.method, String(msg.error)));
  }

  function call(method: EngineMethod, args: unknown): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      if (disposed) {
        reject(new ConnectionClosedError(method, 'client disposed'));
        return;
      }
      const state = connection.get();
      if (state === 'closed') {
        reject(new ConnectionClosedError(method, 'not connected to the engine (reconnecting)'));
        return;
      }
      const id = nextId++;
      const message: WsClientMessage = args === undefined ? { id, method } : { id, method, args };
      const entry: PendingCall = {
        method,
        frame: JSON.stringify(message),
        sent: false,
        resolve,
        reject,
      };
      pending.set(id, entry);
      if (socket && socket.readyState === OPEN && state === 'open') transmit(socket, entry);
    });
  }

  connect();

  return {
    connection,
    ...engineProxy(call),
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const ws = socket;
      socket = null;
      rejectAll((method) => new ConnectionClosedError(method, 'client disposed'));
      connection.set('closed');
      try {
        ws?.close(1000, 'client disposed');
      } catch {
        // already closed
      }
    },
  };
}
