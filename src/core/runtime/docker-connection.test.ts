import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectionForAddress,
  howToStartEngine,
  resolveDockerConnection,
} from './docker-connection';

let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-conn-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

function writeContext(name: string, host: string, configDir = path.join(home, '.docker')): void {
  const id = createHash('sha256').update(name).digest('hex');
  const dir = path.join(configDir, 'contexts', 'meta', id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'meta.json'),
    JSON.stringify({
      Name: name,
      Metadata: {},
      Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
    }),
  );
}

function writeConfig(config: object, configDir = path.join(home, '.docker')): void {
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(config));
}

const nothingExists = (): boolean => false;

describe('resolveDockerConnection', () => {
  it('uses DOCKER_HOST unix:// first', () => {
    writeConfig({ currentContext: 'colima' });
    writeContext('colima', 'unix:///somewhere/else.sock');
    const c = resolveDockerConnection({
      env: { DOCKER_HOST: 'unix:///tmp/my.sock' },
      homedir: home,
      platform: 'linux',
    });
    expect(c.modemOptions).toEqual({ socketPath: '/tmp/my.sock' });
    expect(c.source).toBe('DOCKER_HOST');
    expect(c.endpoint).toBe('unix:///tmp/my.sock (DOCKER_HOST)');
    expect(c.problem).toBeUndefined();
  });

  it('parses DOCKER_HOST tcp:// with and without scheme, TLS on 2376', () => {
    const a = resolveDockerConnection({
      env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' },
      homedir: home,
      platform: 'linux',
    });
    expect(a.modemOptions).toEqual({ host: '127.0.0.1', port: 2375, protocol: 'http' });
    expect(a.endpoint).toBe('tcp://127.0.0.1:2375 (DOCKER_HOST)');
    const b = resolveDockerConnection({
      env: { DOCKER_HOST: 'docker.local:2376' },
      homedir: home,
      platform: 'linux',
    });
    expect(b.modemOptions).toMatchObject({ host: 'docker.local', port: 2376, protocol: 'https' });
    expect(b.endpoint).toContain('(TLS)');
  });

  it('reads TLS material from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY=1', () => {
    const certs = path.join(home, 'certs');
    fs.mkdirSync(certs);
    for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
      fs.writeFileSync(path.join(certs, f), `PEM ${f}`);
    const c = resolveDockerConnection({
      env: { DOCKER_HOST: 'tcp://10.0.0.5:2375', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
      homedir: home,
      platform: 'linux',
    });
    expect(c.modemOptions.protocol).toBe('https');
    expect(c.modemOptions.ca?.toString()).toBe('PEM ca.pem');
    expect(c.modemOptions.key?.toString()).toBe('PEM key.pem');
  });

  it('parses npipe:// and ssh://', () => {
    const p = resolveDockerConnection({
      env: { DOCKER_HOST: 'npipe:////./pipe/docker_engine' },
      homedir: home,
      platform: 'win32',
    });
    expect(p.modemOptions).toEqual({ socketPath: '//./pipe/docker_engine' });
    expect(p.endpoint).toBe('npipe:////./pipe/docker_engine (DOCKER_HOST)');
    const s = resolveDockerConnection({
      env: { DOCKER_HOST: 'ssh://sre@lab-box' },
      homedir: home,
      platform: 'linux',
    });
    expect(s.modemOptions).toEqual({ protocol: 'ssh', host: 'lab-box', port: 22, username: 'sre' });
  });

  it('reports an invalid DOCKER_HOST as a problem instead of throwing', () => {
    const c = resolveDockerConnection({
      env: { DOCKER_HOST: 'tcp://bad host:x' },
      homedir: home,
      platform: 'linux',
    });
    expect(c.problem).toMatch(/not a valid address/);
    expect(c.source).toBe('DOCKER_HOST');
  });

  it('uses the current context from config.json', () => {
    writeConfig({ auths: {}, currentContext: 'colima' });
    writeContext('colima', `unix://${home}/.colima/default/docker.sock`);
    const c = resolveDockerConnection({
      env: {},
      homedir: home,
      platform: 'darwin',
      exists: nothingExists,
    });
    expect(c.modemOptions).toEqual({ socketPath: `${home}/.colima/default/docker.sock` });
    expect(c.source).toBe('context');
    expect(c.endpoint).toBe(`unix://${home}/.colima/default/docker.sock (docker context "colima")`);
  });

  it('DOCKER_CONTEXT overrides config.json, DOCKER_CONFIG moves the config dir', () => {
    const cfg = path.join(home, 'elsewhere');
    writeConfig({ currentContext: 'a' }, cfg);
    writeContext('a', 'tcp://10.1.1.1:2375', cfg);
    writeContext('b', 'tcp://10.2.2.2:2375', cfg);
    const a = resolveDockerConnection({
      env: { DOCKER_CONFIG: cfg },
      homedir: home,
      platform: 'linux',
    });
    expect(a.modemOptions.host).toBe('10.1.1.1');
    const b = resolveDockerConnection({
      env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'b' },
      homedir: home,
      platform: 'linux',
    });
    expect(b.modemOptions.host).toBe('10.2.2.2');
    expect(b.endpoint).toBe('tcp://10.2.2.2:2375 (docker context "b")');
  });

  it('context "default" means the platform default', () => {
    writeConfig({ currentContext: 'default' });
    const c = resolveDockerConnection({
      env: {},
      homedir: home,
      platform: 'linux',
      exists: nothingExists,
    });
    expect(c.modemOptions).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(c.endpoint).toBe('unix:///var/run/docker.sock (default)');
    expect(c.source).toBe('default');
  });

  it('a selected context without meta is a problem, not a crash', () => {
    writeConfig({ currentContext: 'gone' });
    const c = resolveDockerConnection({
      env: {},
      homedir: home,
      platform: 'linux',
      exists: nothingExists,
    });
    expect(c.source).toBe('context');
    expect(c.problem).toMatch(/docker context "gone"/);
  });

  it('falls back to /var/run/docker.sock on Linux', () => {
    const c = resolveDockerConnection({
      env: {},
      homedir: home,
      platform: 'linux',
      exists: nothingExists,
    });
    expect(c.modemOptions).toEqual({ socketPath: '/var/run/docker.sock' });
  });

  it('on macOS prefers an existing ~/.docker/run socket, then Colima', () => {
    const desktop = path.join(home, '.docker', 'run', 'docker.sock');
    const colima = path.join(home, '.colima', 'default', 'docker.sock');
    const onlyColima = resolveDockerConnection({
      env: {},
      homedir: home,
      platform: 'darwin',
      exists: (p) => p === colima,
    });
    expect(onlyColima.modemOptions.socketPath).toBe(colima);
    const both = resolveDockerConnection({
      env: {},
      homedir: home,
      platform: 'darwin',
      exists: (p) => p === colima || p === desktop,
    });
    expect(both.modemOptions.socketPath).toBe(desktop);
    const sys = resolveDockerConnection({
      env: {},
      homedir: home,
      platform: 'darwin',
      exists: () => true,
    });
    expect(sys.modemOptions.socketPath).toBe('/var/run/docker.sock');
  });

  it('uses the named pipe on Windows', () => {
    const c = resolveDockerConnection({ env: {}, homedir: home, platform: 'win32' });
    expect(c.modemOptions).toEqual({ socketPath: '//./pipe/docker_engine' });
    expect(c.endpoint).toBe('npipe:////./pipe/docker_engine (default)');
  });
});

describe('connectionForAddress (an engine added to the pool)', () => {
  const base = { homedir: '', env: {}, platform: 'linux' as const, exists: nothingExists };

  it('reads ssh and tcp addresses, TLS on 2376 with the certificates of tlsDir', () => {
    const ssh = connectionForAddress('ssh://ops@lab-2', { ...base, homedir: home });
    expect(ssh.modemOptions).toEqual({ protocol: 'ssh', host: 'lab-2', port: 22, username: 'ops' });
    // The agent, else the user's default key (docker-modem adds neither to an address it is given).
    const viaAgent = connectionForAddress('ssh://ops@lab-2:2222', {
      ...base,
      homedir: home,
      env: { SSH_AUTH_SOCK: '/run/agent.sock' },
    });
    expect(viaAgent.modemOptions).toMatchObject({
      port: 2222,
      sshOptions: { agent: '/run/agent.sock' },
    });
    fs.mkdirSync(path.join(home, '.ssh'));
    fs.writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'KEY');
    const viaKey = connectionForAddress('ssh://ops@lab-2', { ...base, homedir: home });
    expect(String(viaKey.modemOptions.sshOptions?.privateKey)).toBe('KEY');
    expect(ssh.source).toBe('pool');
    const certs = path.join(home, 'certs');
    fs.mkdirSync(certs);
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(certs, f), f);
    const tls = connectionForAddress('tcp://10.0.0.5:2376', {
      ...base,
      homedir: home,
      tlsDir: certs,
    });
    expect(tls.modemOptions).toMatchObject({ protocol: 'https', host: '10.0.0.5', port: 2376 });
    expect(String(tls.modemOptions.ca)).toBe('ca.pem');
    expect(tls.problem).toBeUndefined();
    const noCerts = connectionForAddress('tcp://10.0.0.5:2376', {
      ...base,
      homedir: home,
      tlsDir: path.join(home, 'none'),
    });
    expect(noCerts.problem).toMatch(/no ca.pem, cert.pem or key.pem/);
  });

  it('reads a docker context by name, and says so when there is none', () => {
    writeContext('lab-3', 'tcp://10.0.0.9:2375');
    const ctx = connectionForAddress('lab-3', { ...base, homedir: home });
    expect(ctx.modemOptions).toMatchObject({ host: '10.0.0.9', port: 2375 });
    expect(ctx.problem).toBeUndefined();
    expect(connectionForAddress('nope', { ...base, homedir: home }).problem).toMatch(/nope/);
    expect(connectionForAddress('a b;rm', { ...base, homedir: home }).problem).toMatch(
      /neither an engine address/,
    );
  });

  it('takes `local` for the engine the app itself uses (DOCKER_HOST, a context, the default)', () => {
    const local = connectionForAddress('local', {
      ...base,
      homedir: home,
      env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' },
    });
    expect(local.source).toBe('DOCKER_HOST');
  });
});

describe('howToStartEngine', () => {
  it('gives concrete commands per platform', () => {
    const linux = howToStartEngine('linux').join('\n');
    expect(linux).toContain('sudo systemctl start docker');
    expect(linux).toContain('sudo dockerd');
    expect(linux).toContain('systemctl --user start podman.socket');
    expect(linux).toContain('DOCKER_HOST=unix://$XDG_RUNTIME_DIR/podman/podman.sock');
    expect(linux).toContain('docker context use');
    const mac = howToStartEngine('darwin').join('\n');
    expect(mac).toContain('Docker Desktop');
    expect(mac).toContain('colima start');
    expect(mac).toContain('podman machine start');
    expect(mac).toContain('DOCKER_HOST');
    const win = howToStartEngine('win32').join('\n');
    expect(win).toContain('Docker Desktop');
    for (const lines of [
      howToStartEngine('linux'),
      howToStartEngine('darwin'),
      howToStartEngine('win32'),
    ]) {
      for (const l of lines) expect(l).not.toContain('\n');
    }
  });
});
