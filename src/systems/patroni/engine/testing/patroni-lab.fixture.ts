import { findLabImagesDir } from '../../../../core/paths';
import { hostIpInSubnet } from '../../../../core/labs/lab-definition';
import { PATRONI_CONFIG_PATH } from '../lab/patroni-config';
import { patroniLab } from '../lab/patroni.lab';
import type { PatroniSettings } from '../lab/patroni-config';
import { ensureImage } from '../../../../core/runtime/images/image-pipeline';
import { runLabels } from '../../../../core/runtime/labels';
import { createMiniLab, until, type MiniLab } from '../../../../core/testing/mini-lab.fixture';

/**
 * A real Patroni lab for integration tests, without the engine's probes:
 * etcd-1, pg-1 (bootstraps, initial leader), pg-2 and pg-3 (replicas), laid
 * out by patroniLab's own plan on a mini lab's labelled network, plus a client
 * container `app` (patroni image, `sleep infinity`: it has psql) for fences.
 * Everything goes with `dispose()` (by the run label).
 */
export interface PatroniTestLab extends MiniLab {
  /** psql as postgres on the node's socket: `-X -q -A -t`, stop at the first error. */
  psql(node: string, sql: string, timeoutMs?: number): Promise<{ exitCode: number; out: string }>;
  /** `patronictl -c /etc/dojo/patroni.yml <args>` in the node. */
  patronictl(
    node: string,
    args: string,
    timeoutMs?: number,
  ): Promise<{ exitCode: number; out: string }>;
  /** GET http://127.0.0.1:8008<path> inside the node: HTTP status (0 = no answer) and body. */
  rest(node: string, urlPath: string): Promise<{ status: number; body: string }>;
  /** Waits until one leader and two streaming replicas on its timeline, and no maintenance mode. Returns the leader. */
  waitHealthy(timeoutMs?: number): Promise<string>;
  /** Milliseconds from the first container start to the first healthy state. */
  readyAfterMs: number;
}

const labImagesDir = findLabImagesDir();

/** Starts the lab (~10-25 s) and waits until it is healthy. */
export async function createPatroniTestLab(
  prefix: string,
  overrides: Partial<PatroniSettings> = {},
): Promise<PatroniTestLab> {
  const lab = await createMiniLab(prefix);
  try {
    return await startPatroni(lab, prefix, overrides);
  } catch (err) {
    await lab.dispose();
    throw err;
  }
}

async function startPatroni(
  lab: MiniLab,
  prefix: string,
  overrides: Partial<PatroniSettings>,
): Promise<PatroniTestLab> {
  const { runtime, network } = lab;
  const images = new Map<string, string>();
  for (const name of ['etcd', 'patroni']) {
    images.set(name, await ensureImage(runtime, { name, labImagesDir }));
  }
  const plan = patroniLab(overrides).plan({
    subnet: network.subnet,
    gateway: network.gateway,
    hostIp: (n) => hostIpInSubnet(network.subnet, n),
  });

  const exec = async (node: string, cmd: string[], user: string, timeoutMs: number) => {
    const m = lab.members.get(node);
    if (!m) throw new Error(`no member ${node}`);
    const r = await runtime.exec(m.containerId, cmd, { user, timeoutMs });
    return { exitCode: r.exitCode, out: r.stdout + r.stderr };
  };
  const psql = (node: string, sql: string, timeoutMs = 10_000) =>
    exec(
      node,
      [
        'psql',
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        '/var/run/postgresql',
        '-c',
        sql,
      ],
      'postgres',
      timeoutMs,
    );
  const patronictl = (node: string, args: string, timeoutMs = 30_000) =>
    exec(
      node,
      ['bash', '-c', `patronictl -c ${PATRONI_CONFIG_PATH} ${args}`],
      'postgres',
      timeoutMs,
    );
  const rest = async (node: string, urlPath: string) => {
    const r = await exec(
      node,
      ['bash', '-c', `curl -s -m 2 -w '\\n%{http_code}' http://127.0.0.1:8008${urlPath}`],
      'root',
      5000,
    );
    const lines = r.out.trimEnd().split('\n');
    const status = Number(lines.pop() ?? '0');
    return { status: Number.isFinite(status) ? status : 0, body: lines.join('\n') };
  };

  const create = async (
    name: string,
    kind: 'postgres' | 'etcd' | 'client',
    spec: {
      image: string;
      ipv4: string;
      cmd: string[];
      files: { path: string; content: string }[];
      probePorts: number[];
      memoryBytes?: number;
    },
  ): Promise<void> => {
    const id = await runtime.createContainer({
      name: `${lab.runId}-${name}`,
      hostname: name,
      image: spec.image,
      cmd: spec.cmd,
      labels: runLabels(lab.runId, prefix, name),
      network: { name: network.name, ipv4: spec.ipv4, aliases: [name] },
      publishLoopback: spec.probePorts,
      capAdd: ['NET_ADMIN'],
      ...(spec.memoryBytes ? { memoryBytes: spec.memoryBytes } : {}),
      stopTimeoutSeconds: 2,
      init: true,
    });
    if (spec.files.length) await runtime.putFiles(id, spec.files);
    lab.members.set(name, { name, kind, containerId: id, ipv4: spec.ipv4 });
  };
  const start = async (name: string): Promise<void> => {
    const m = lab.members.get(name);
    if (!m) throw new Error(`no member ${name}`);
    await runtime.startContainer(m.containerId);
    await lab.refreshPorts(name);
  };

  for (const n of plan.nodes) {
    const image = images.get(n.image);
    if (!image) throw new Error(`no image ${n.image}`);
    await create(n.name, n.kind === 'etcd' ? 'etcd' : 'postgres', { ...n, image });
  }
  await create('app', 'client', {
    image: images.get('patroni') ?? '',
    ipv4: hostIpInSubnet(network.subnet, 31),
    cmd: ['sleep', 'infinity'],
    files: [],
    probePorts: [],
  });

  const started = Date.now();
  const byStage = (s: number) => plan.nodes.filter((n) => n.stage === s).map((n) => n.name);
  await Promise.all([...byStage(0), 'app'].map(start));
  await until(
    'etcd to answer',
    async () =>
      (
        await exec(
          'etcd-1',
          ['curl', '-s', '-m', '1', 'http://127.0.0.1:2379/health'],
          'root',
          3000,
        )
      ).out.includes('true'),
    30_000,
  );
  await Promise.all(byStage(1).map(start));
  await until(
    'pg-1 to lead',
    async () => {
      const r = await rest('pg-1', '/patroni');
      return (
        r.status === 200 && /"role": ?"master"/.test(r.body) && /"state": ?"running"/.test(r.body)
      );
    },
    60_000,
  );
  await Promise.all(byStage(2).map(start));

  let lastSeen = '';
  const waitHealthy = async (timeoutMs = 60_000): Promise<string> =>
    until(
      'one leader and two streaming replicas',
      async () => {
        const r = await patronictl('pg-1', 'list -f json', 10_000).catch(() => undefined);
        lastSeen = r?.out ?? '(patronictl did not answer)';
        if (!r || r.exitCode !== 0) return undefined;
        let rows: { Member: string; Role: string; State: string; TL?: number }[];
        try {
          rows = JSON.parse(r.out.slice(r.out.indexOf('['))) as typeof rows;
        } catch {
          return undefined;
        }
        const leaders = rows.filter((x) => x.Role === 'Leader' && x.State === 'running');
        const leader = leaders[0];
        if (leaders.length !== 1 || !leader) return undefined;
        // Patroni 3.0 says `running` for a replica; postgres tells whether it streams.
        const replicas = rows.filter(
          (x) => x.Role === 'Replica' && x.State === 'running' && x.TL === leader.TL,
        );
        if (replicas.length !== 2) return undefined;
        const streaming = await psql(
          leader.Member,
          "select count(*) from pg_stat_replication where state = 'streaming'",
        );
        lastSeen += ` streaming=${streaming.out.trim()}`;
        if (streaming.out.trim() !== '2') return undefined;
        const status = await rest(leader.Member, '/patroni');
        if (status.status === 0 || /"pause": ?true/.test(status.body)) return undefined;
        // Postgres agrees: exactly one node out of recovery.
        const primaries = await Promise.all(
          rows.map(async (x) => (await psql(x.Member, 'select pg_is_in_recovery()')).out.trim()),
        );
        lastSeen += ` in_recovery=${primaries.join(',')}`;
        return primaries.filter((p) => p === 'f').length === 1 ? leader.Member : undefined;
      },
      timeoutMs,
    ).catch(async (err: unknown) => {
      const logs = await Promise.all(
        plan.nodes
          .filter((n) => n.kind === 'postgres')
          .map(
            async (n) =>
              `--- ${n.name}\n${(await lab.sh(n.name, 'tail -n 15 /var/log/dojo/patroni.log').catch(() => ({ out: '?' }))).out}`,
          ),
      );
      throw new Error(`${(err as Error).message}; last seen: ${lastSeen}\n${logs.join('\n')}`);
    });
  await waitHealthy(90_000);
  const readyAfterMs = Date.now() - started;

  return Object.assign(lab, { psql, patronictl, rest, waitHealthy, readyAfterMs });
}
