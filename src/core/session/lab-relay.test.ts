import { describe, expect, it } from 'vitest';
import { dataPathFor } from './lab-relay';

describe('the data path for an engine', () => {
  it('publishes ports for an engine on this machine and tunnels to any other', () => {
    expect(dataPathFor('unix:///var/run/docker.sock (default)')).toBe('published');
    expect(
      dataPathFor('unix:///Users/me/.colima/default/docker.sock (docker context "colima")'),
    ).toBe('published');
    expect(dataPathFor('npipe:////./pipe/docker_engine (default)')).toBe('published');
    expect(dataPathFor('tcp://127.0.0.1:2375 (DOCKER_HOST)')).toBe('published');
    expect(dataPathFor('tcp://localhost:2375 (DOCKER_HOST)')).toBe('published');
    expect(dataPathFor('tcp://10.1.2.3:2376 (TLS) (DOCKER_HOST)')).toBe('tunnel');
    expect(dataPathFor('ssh://sre@gameday-1:22 (docker context "room")')).toBe('tunnel');
  });

  it('takes DOJO_DATA_PATH first, and refuses a value it does not know', () => {
    expect(dataPathFor('unix:///var/run/docker.sock (default)', 'tunnel')).toBe('tunnel');
    expect(dataPathFor('ssh://sre@gameday-1:22', 'published')).toBe('published');
    expect(() => dataPathFor('unix:///var/run/docker.sock', 'ssh')).toThrow(
      'DOJO_DATA_PATH must be published or tunnel, not "ssh"',
    );
  });
});
