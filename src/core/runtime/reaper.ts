import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { ContainerRuntime } from './container-runtime';
import { LABEL, appSelector } from './labels';

/**
 * The reaper removes what earlier engine processes left behind when they
 * died without cleaning up (crash, kill -9, power loss): containers, then
 * networks, then volumes labelled `dojo.app=failover-dojo` whose `dojo.owner`
 * process is gone. It never looks at anything without the app label.
 */

/** A parsed `dojo.owner` label: `hostname:pid:processStartMs`. */
export interface Owner {
  host: string;
  pid: number;
  /** Process start, ms since epoch, as the owner computed it. */
  startMs: number;
}

/** Parses `hostname:pid:startMs` (the host part may itself contain colons). */
export function parseOwner(owner: string): Owner | undefined {
  const m = /^(.+):(\d+):(\d+)$/.exec(owner.trim());
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  const pid = Number(m[2]);
  const startMs = Number(m[3]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !Number.isSafeInteger(startMs)) return undefined;
  return { host: m[1], pid, startMs };
}

/** What the liveness check needs from the host; injectable for tests. */
export interface LivenessProbe {
  hostname: string;
  /** Now, ms since epoch. */
  now: number;
  /** Signal-0 probe: 'alive' (including EPERM: exists, not ours), 'dead' (ESRCH). */
  processState(pid: number): 'alive' | 'dead';
  /** Start time of a live process, ms since epoch; undefined when this OS cannot tell. */
  processStartMs(pid: number): number | undefined;
}

/** How far a process's measured start may differ from the owner label before the pid counts as reused, ms. */
export const START_TOLERANCE_MS = 2000;
/** Owners on other hosts (a shared remote engine) count as gone after this long, ms. */
export const FOREIGN_OWNER_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Why an owner is considered alive or gone; `alive` = keep its resources. */
export type OwnerVerdict =
  'alive' | 'dead-process' | 'pid-reused' | 'foreign-alive' | 'foreign-expired' | 'unparseable';

/**
 * Decides whether the engine process named by a `dojo.owner` label still runs.
 * Same host: the pid must answer signal 0 and (where the OS tells) have
 * started within {@link START_TOLERANCE_MS} of the label's start time.
 * Other hosts: presumed alive for {@link FOREIGN_OWNER_MAX_AGE_MS}.
 */
export function judgeOwner(owner: string, probe: LivenessProbe): OwnerVerdict {
  const o = parseOwner(owner);
  if (!o) return 'unparseable';
  if (o.host !== probe.hostname) {
    return probe.now - o.startMs > FOREIGN_OWNER_MAX_AGE_MS ? 'foreign-expired' : 'foreign-alive';
  }
  if (probe.processState(o.pid) === 'dead') return 'dead-process';
  const actualStart = probe.processStartMs(o.pid);
  if (actualStart !== undefined && Math.abs(actualStart - o.startMs) > START_TOLERANCE_MS)
    return 'pid-reused';
  return 'alive';
}

/** Verdicts under which an owner's resources are reaped. */
export function isGone(verdict: OwnerVerdict): boolean {
  return verdict === 'dead-process' || verdict === 'pid-reused' || verdict === 'foreign-expired';
}

/** Signal-0 probe of a local pid. */
export function localProcessState(pid: number): 'alive' | 'dead' {
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // EPERM: the process exists but belongs to someone else.
    return code === 'ESRCH' ? 'dead' : 'alive';
  }
}

let clockTicksCache: number | undefined;
function clockTicksPerSecond(): number {
  if (clockTicksCache === undefined) {
    try {
      clockTicksCache =
        Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim()) ||
        100;
    } catch {
      clockTicksCache = 100;
    }
  }
  return clockTicksCache;
}

/**
 * Start time of a local process in ms since epoch, from /proc on Linux:
 * `/proc/<pid>/stat` field 22 (clock ticks since boot) plus the boot time
 * derived from `/proc/uptime` (10 ms resolution, unlike the whole seconds of
 * `btime`). Undefined elsewhere or when unreadable. Precision ~10-20 ms.
 */
export function linuxProcessStartMs(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: fields resume after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(rest[19]); // field 22 = index 19 after pid, comm
    const uptimeSeconds = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    if (!Number.isFinite(startTicks) || !Number.isFinite(uptimeSeconds)) return undefined;
    const bootMs = Date.now() - uptimeSeconds * 1000;
    return bootMs + (startTicks * 1000) / clockTicksPerSecond();
  } catch {
    return undefined;
  }
}

/** The real host's liveness probe. */
export function hostLivenessProbe(): LivenessProbe {
  return {
    hostname: os.hostname(),
    now: Date.now(),
    processState: localProcessState,
    processStartMs: linuxProcessStartMs,
  };
}

/** Default owner check: alive unless judged gone on this host's evidence. */
export function defaultIsOwnerAlive(owner: string): boolean {
  return !isGone(judgeOwner(owner, hostLivenessProbe()));
}

export interface ReapOptions {
  /** Decides whether an owner (the `dojo.owner` label) still runs; default {@link defaultIsOwnerAlive}. */
  isOwnerAlive?: (owner: string) => boolean;
  /** Runs of the calling process: never reaped, whatever their owner label says. */
  activeRunIds?: Set<string>;
}

/** What the reaper removed (container ids, network ids, volume names) and what it could not. */
export interface ReapResult {
  containers: string[];
  networks: string[];
  volumes: string[];
  /** One line per resource that should have gone but could not be removed. */
  errors: string[];
}

/**
 * Removes the resources of dead owners: containers first (force, with their
 * anonymous volumes), then networks, then volumes. Resources without an owner
 * label, or with one that cannot be parsed, are left alone.
 */
export async function reapOrphans(
  runtime: ContainerRuntime,
  opts: ReapOptions = {},
): Promise<ReapResult> {
  const isOwnerAlive = opts.isOwnerAlive ?? defaultIsOwnerAlive;
  const verdicts = new Map<string, boolean>();
  const shouldReap = (labels: Record<string, string>): boolean => {
    if (labels[LABEL.app] !== appSelector()[LABEL.app]) return false; // belt and braces: lists are already app-scoped
    const run = labels[LABEL.run];
    if (run !== undefined && opts.activeRunIds?.has(run)) return false;
    const owner = labels[LABEL.owner];
    if (!owner || !parseOwner(owner)) return false;
    let alive = verdicts.get(owner);
    if (alive === undefined) {
      alive = isOwnerAlive(owner);
      verdicts.set(owner, alive);
    }
    return !alive;
  };

  const result: ReapResult = { containers: [], networks: [], volumes: [], errors: [] };
  const selector = appSelector();

  const containers = (await runtime.listContainers(selector)).filter((c) => shouldReap(c.labels));
  await Promise.all(
    containers.map(async (c) => {
      try {
        await runtime.removeContainer(c.id);
        result.containers.push(c.id);
      } catch (err) {
        result.errors.push(`container ${c.name}: ${errorText(err)}`);
      }
    }),
  );

  const networks = (await runtime.listNetworks(selector)).filter((n) => shouldReap(n.labels));
  for (const n of networks) {
    try {
      await runtime.removeNetwork(n.id);
      result.networks.push(n.id);
    } catch (err) {
      result.errors.push(`network ${n.name}: ${errorText(err)}`);
    }
  }

  const volumes = (await runtime.listVolumes(selector)).filter((v) => shouldReap(v.labels));
  for (const v of volumes) {
    try {
      await runtime.removeVolume(v.name);
      result.volumes.push(v.name);
    } catch (err) {
      result.errors.push(`volume ${v.name}: ${errorText(err)}`);
    }
  }
  return result;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
