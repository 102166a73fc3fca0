import { findLabImagesDir } from '../../../../core/paths';
import type { NodeObservation, ProbeSample } from '../../../../shared/lab-types';
import type { FaultContext, LabMember } from '../../../../core/faults/fault-types';
import { hostIpInSubnet } from '../../../../core/labs/lab-definition';
import { VIP_HOST, type KeepalivedSettings } from '../lab/keepalived-config';
import { keepalivedLab } from '../lab/keepalived.lab';
import type { ContainerRuntime } from '../../../../core/runtime/container-runtime';
import { createDockerRuntime } from '../../../../core/runtime/docker-runtime';
import { runLabels } from '../../../../core/runtime/labels';
import { RunController } from '../../../../core/session/run-controller';
import { RunHistory } from '../../../../core/session/run-history';

/**
 * A real keepalived lab for integration tests, brought up by the engine's
 * own RunController (router-1 prio 150, router-2 prio 100, the `client`
 * node), with the lab's probes sampling every 250 ms into `samples`: tests
 * assert what the run view would show. `ctx` addresses the three nodes like
 * a scenario run does. Everything goes with `dispose()` (the controller
 * removes the run's containers and network by label).
 */
export interface KeepalivedTestLab {
  runtime: ContainerRuntime;
  controller: RunController;
  runId: string;
  /** The routers and the client as faults and actions address them. */
  ctx: FaultContext;
  /** The VIP (host .250 of the run's /24). */
  vip: string;
  /** Every probe sample so far, oldest first. */
  samples: ProbeSample[];
  /** Milliseconds from start() to the lab's readiness. */
  readyAfterMs: number;
  /** The member of that name (throws when unknown). */
  member(name: string): LabMember;
  /**
   * The first sample taken after `after` (ms since epoch, default now) that
   * matches; throws after `timeoutMs` with the last sample.
   */
  waitSample(
    what: string,
    pred: (s: ProbeSample) => boolean,
    timeoutMs: number,
    after?: number,
  ): Promise<ProbeSample>;
  /**
   * Waits until the lab is as it started: router-1 MASTER holding the VIP,
   * router-2 BACKUP without it, keepalived running on both, the client
   * seeing router-1's MAC only, its neighbour entry and HTTP on router-1.
   */
  waitHealthy(timeoutMs?: number): Promise<ProbeSample>;
  /** `bash -c` as root in a node. */
  sh(name: string, command: string, timeoutMs?: number): Promise<{ exitCode: number; out: string }>;
  /** The node's container log lines since `sinceMs` (ms since epoch). */
  logsSince(name: string, sinceMs: number): Promise<string[]>;
  /**
   * Starts an app container on the lab network (host `host` of the /24, the
   * lab's image) that GETs http://<vip>/ every 200 ms with a new connection
   * and prints who answered. Unlike the `client` node it sends no ARP
   * requests of its own, so its neighbour entry for the VIP moves only with
   * gratuitous ARP and normal resolution, like an application server's.
   */
  startApp(name: string, host: number): Promise<AppClient>;
  /** Points the probes at a restarted node's new published ports (what ScenarioRun does). */
  nodeRestarted(name: string): Promise<void>;
  dispose(): Promise<void>;
}

/** An app container's view of the VIP. */
export interface AppClient {
  /** Its answers since `sinceMs` (ms since epoch): the responder's name, or `none` for no answer. */
  answersSince(sinceMs: number): Promise<{ t: number; by: string }[]>;
  /** The MAC its neighbour entry for the VIP points at (`ip neigh`), undefined when it has none. */
  vipNeighbourMac(): Promise<string | undefined>;
  /**
   * Points its neighbour entry for the VIP at `mac` (REACHABLE), like a host
   * that last heard that router announce the VIP; its TCP traffic then keeps
   * confirming the entry for as long as that router forwards it.
   */
  pointVipAt(mac: string): Promise<void>;
}

const labImagesDir = findLabImagesDir();

/** One node of a sample. */
export const nodeOf = (s: ProbeSample | undefined, name: string): NodeObservation | undefined =>
  s?.nodes.find((n) => n.node === name);

/** The client node's reading in a sample (the switch's view of the VIP). */
export const clientOf = (s: ProbeSample | undefined): NodeObservation | undefined =>
  nodeOf(s, 'client');

/** How many distinct MACs answered the client's ARP for the VIP (2 = dual master). */
export const vipMacCount = (s: ProbeSample): number => clientOf(s)?.vipArpMacs?.length ?? 0;

/** Whether the router says MASTER and the VIP is on its interface. */
export const holdsVipAsMaster = (s: ProbeSample, name: string): boolean =>
  nodeOf(s, name)?.vrrpState === 'MASTER' && nodeOf(s, name)?.vipHeld === true;

/** Whether the sample shows the lab as it started (see KeepalivedTestLab.waitHealthy). */
export function isHealthy(s: ProbeSample): boolean {
  const r1 = nodeOf(s, 'router-1');
  const r2 = nodeOf(s, 'router-2');
  const c = nodeOf(s, 'client');
  return (
    s.mastersClaimed === 1 &&
    r1?.vrrpState === 'MASTER' &&
    r1.vipHeld === true &&
    r2?.vrrpState === 'BACKUP' &&
    r2.vipHeld === false &&
    r1.mac !== undefined &&
    c?.vipArpMacs?.length === 1 &&
    c.vipArpMacs[0] === r1.mac &&
    c.vipNeighbour?.node === 'router-1' &&
    c.vipHttpResponder === 'router-1'
  );
}

/** Starts the lab (~4 s once the image is built) and waits for its readiness. */
export async function createKeepalivedTestLab(
  prefix: string,
  overrides: Partial<KeepalivedSettings> = {},
): Promise<KeepalivedTestLab> {
  const runtime = createDockerRuntime();
  const runId = `${prefix}${Date.now().toString(36)}`;
  const samples: ProbeSample[] = [];
  const errors: string[] = [];
  const history = new RunHistory(runId, (e) => {
    if (e.kind === 'sample') samples.push(e.sample);
    if (e.kind === 'error') errors.push(e.message);
  });
  const controller = new RunController(runtime, keepalivedLab(overrides), history, labImagesDir);
  const started = Date.now();
  await controller.start();
  if (controller.currentPhase !== 'running') {
    await controller.stop();
    throw new Error(`keepalived lab did not start: ${errors.join('; ')}`);
  }
  const readyAfterMs = Date.now() - started;
  const members = new Map<string, LabMember>();
  for (const n of controller.runningNodes()) {
    members.set(n.plan.name, {
      name: n.plan.name,
      kind: n.plan.kind,
      containerId: n.containerId,
      ipv4: n.plan.ipv4,
    });
  }
  const first = [...members.values()][0];
  if (!first) throw new Error('keepalived lab has no nodes');
  const vip = hostIpInSubnet(`${first.ipv4}/24`, VIP_HOST);

  const member = (name: string): LabMember => {
    const m = members.get(name);
    if (!m) throw new Error(`no node ${name}`);
    return m;
  };

  const waitSample = async (
    what: string,
    pred: (s: ProbeSample) => boolean,
    timeoutMs: number,
    after = Date.now(),
  ): Promise<ProbeSample> => {
    const deadline = Date.now() + timeoutMs;
    let from = 0;
    for (;;) {
      for (; from < samples.length; from++) {
        const s = samples[from];
        if (s && s.t > after && pred(s)) return s;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}; last sample: ${JSON.stringify(samples.at(-1))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const sh = async (name: string, command: string, timeoutMs = 10_000) => {
    const r = await runtime.exec(member(name).containerId, ['bash', '-c', command], {
      user: 'root',
      timeoutMs,
    });
    return { exitCode: r.exitCode, out: r.stdout + r.stderr };
  };

  const logsSince = async (name: string, sinceMs: number): Promise<string[]> => {
    const stream = await runtime.logs(member(name).containerId, {
      follow: false,
      sinceMs,
    });
    const lines: string[] = [];
    for await (const line of stream) lines.push(String(line));
    return lines;
  };

  const startApp = async (name: string, host: number): Promise<AppClient> => {
    const network = controller.networkInfo;
    const image = controller.imageRefs.get('keepalived');
    if (!network || !image) throw new Error('the lab has no network or image');
    const loop = [
      'while :; do',
      `  r=$(curl -s --max-time 0.5 -H 'Connection: close' http://${vip}/ | tr -cd 'A-Za-z0-9_.-')`,
      '  echo "$(date +%s%3N) ${r:-none}"',
      '  sleep 0.2',
      'done',
    ].join('\n');
    const id = await runtime.createContainer({
      name: `dojo-${runId}-${name}`,
      hostname: name,
      image,
      cmd: ['bash', '-c', loop],
      // The run's labels without a node: the controller removes it with the run and ignores its events.
      labels: runLabels(runId, 'keepalived'),
      network: { name: network.name, ipv4: hostIpInSubnet(network.subnet, host) },
      capDrop: ['ALL'],
      // Only to set its neighbour entry in tests (pointVipAt).
      capAdd: ['NET_ADMIN'],
      stopTimeoutSeconds: 1,
      init: true,
    });
    await runtime.startContainer(id);
    return {
      answersSince: async (sinceMs) => {
        const stream = await runtime.logs(id, { follow: false, sinceMs });
        const out: { t: number; by: string }[] = [];
        for await (const line of stream) {
          const m = /^(\d+) (\S+)$/.exec(String(line));
          if (m && Number(m[1]) >= sinceMs) out.push({ t: Number(m[1]), by: m[2] ?? 'none' });
        }
        return out;
      },
      vipNeighbourMac: async () => {
        const r = await runtime.exec(id, ['ip', '-4', 'neigh', 'show', 'to', vip], {
          timeoutMs: 5000,
        });
        return /lladdr ((?:[0-9a-f]{2}:){5}[0-9a-f]{2})/.exec(r.stdout)?.[1];
      },
      pointVipAt: async (mac) => {
        const r = await runtime.exec(
          id,
          ['ip', 'neigh', 'replace', vip, 'lladdr', mac, 'dev', 'eth0', 'nud', 'reachable'],
          { user: 'root', timeoutMs: 5000 },
        );
        if (r.exitCode !== 0) throw new Error(`ip neigh replace failed: ${r.stderr.trim()}`);
      },
    };
  };

  return {
    runtime,
    controller,
    runId,
    ctx: { runtime, members },
    vip,
    samples,
    readyAfterMs,
    member,
    waitSample,
    waitHealthy: (timeoutMs = 20_000) => waitSample('a healthy lab', isHealthy, timeoutMs),
    sh,
    logsSince,
    startApp,
    nodeRestarted: (name) => controller.nodeRestarted(name),
    dispose: () => controller.stop(),
  };
}
