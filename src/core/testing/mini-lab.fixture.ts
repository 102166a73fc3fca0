import path from 'node:path';
import type { FaultContext, LabMember, MemberKind } from '../faults/fault-types';
import type { ContainerRuntime, FileSpec, NetworkInfo } from '../runtime/container-runtime';
import { createDockerRuntime } from '../runtime/docker-runtime';
import { ensureImage } from '../runtime/images/image-pipeline';
import { runLabels } from '../runtime/labels';

/**
 * A small lab for integration tests: one labelled network and containers of
 * the redis lab image with NET_ADMIN and fixed addresses, all removed by
 * `dispose()` (by the run label, so nothing else is ever touched).
 */
export interface MiniLab {
  runtime: ContainerRuntime;
  runId: string;
  network: NetworkInfo;
  image: string;
  members: Map<string, LabMember>;
  ctx: FaultContext;
  /** Container port -> host port on 127.0.0.1, per member (re-read after a restart with `refreshPorts`). */
  ports: Map<string, Record<number, number>>;
  /** Adds a running member at host number `host` of the subnet. */
  add(spec: MiniMemberSpec): Promise<LabMember>;
  refreshPorts(name: string): Promise<Record<number, number>>;
  /** Runs `bash -c` in a member (test-side checks). */
  sh(name: string, command: string, timeoutMs?: number): Promise<{ exitCode: number; out: string }>;
  /** Runs `bash -c` in any container of the lab, listed or not. */
  shIn(
    member: LabMember,
    command: string,
    timeoutMs?: number,
  ): Promise<{ exitCode: number; out: string }>;
  dispose(): Promise<void>;
}

export interface MiniMemberSpec {
  name: string;
  kind: MemberKind;
  host: number;
  /** Default: `sleep infinity`. */
  cmd?: string[];
  files?: FileSpec[];
  publish?: number[];
  /**
   * A container on the lab network that the run does not list among its
   * members (a client nobody told the lab about); reach it with `shIn`.
   */
  unlisted?: boolean;
}

const labImagesDir = path.resolve(__dirname, '../../../lab-images');

/** Makes the network; members are added with `add`. */
export async function createMiniLab(prefix: string): Promise<MiniLab> {
  const runtime = createDockerRuntime();
  const runId = `${prefix}-${Date.now().toString(36)}-${process.pid}`;
  const lab = prefix;
  const image = await ensureImage(runtime, { name: 'redis', labImagesDir });
  const network = await runtime.createNetwork({
    name: `${runId}-net`,
    labels: runLabels(runId, lab),
  });
  const members = new Map<string, LabMember>();
  const ports = new Map<string, Record<number, number>>();
  const hostIp = (n: number): string => `${network.subnet.split('.').slice(0, 3).join('.')}.${n}`;

  const refreshPorts = async (name: string): Promise<Record<number, number>> => {
    const m = members.get(name);
    if (!m) throw new Error(`no member ${name}`);
    const info = await runtime.inspectContainer(m.containerId);
    ports.set(name, info.ports);
    return info.ports;
  };

  const add = async (spec: MiniMemberSpec): Promise<LabMember> => {
    const ipv4 = hostIp(spec.host);
    const containerId = await runtime.createContainer({
      name: `${runId}-${spec.name}`,
      image,
      cmd: spec.cmd ?? ['sleep', 'infinity'],
      labels: runLabels(runId, lab, spec.name),
      hostname: spec.name,
      network: { name: network.name, ipv4 },
      publishLoopback: spec.publish ?? [],
      capAdd: ['NET_ADMIN'],
      init: true,
      stopTimeoutSeconds: 2,
    });
    if (spec.files?.length) await runtime.putFiles(containerId, spec.files);
    await runtime.startContainer(containerId);
    const member: LabMember = { name: spec.name, kind: spec.kind, containerId, ipv4 };
    if (spec.unlisted) return member;
    members.set(spec.name, member);
    await refreshPorts(spec.name);
    return member;
  };

  const shIn = async (m: LabMember, command: string, timeoutMs = 10_000) => {
    const r = await runtime.exec(m.containerId, ['bash', '-c', command], { timeoutMs });
    return { exitCode: r.exitCode, out: r.stdout + r.stderr };
  };
  const sh = async (name: string, command: string, timeoutMs = 10_000) => {
    const m = members.get(name);
    if (!m) throw new Error(`no member ${name}`);
    return shIn(m, command, timeoutMs);
  };

  const dispose = async (): Promise<void> => {
    const containers = await runtime.listContainers({ 'dojo.run': runId });
    await Promise.all(containers.map((c) => runtime.removeContainer(c.id).catch(() => undefined)));
    const networks = await runtime.listNetworks({ 'dojo.run': runId });
    await Promise.all(networks.map((n) => runtime.removeNetwork(n.id).catch(() => undefined)));
  };

  return {
    runtime,
    runId,
    network,
    image,
    members,
    ctx: { runtime, members, gateway: network.gateway },
    ports,
    add,
    refreshPorts,
    sh,
    shIn,
    dispose,
  };
}

/** Polls `fn` every 50 ms until it returns something other than undefined/false. */
export async function until<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
