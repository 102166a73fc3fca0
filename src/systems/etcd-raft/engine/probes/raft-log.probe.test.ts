import { describe, expect, it } from 'vitest';
import { classifyRaftLine } from './raft-log.probe';

describe('classifyRaftLine', () => {
  it("reads etcd 3.4's capnslog raft lines, with their term", () => {
    const at = '2026-12-06 19:00:00.123456 I | ';
    expect(classifyRaftLine(`${at}raft: 8e9e05c52164694d became leader at term 3`)).toEqual({
      event: 'leader',
      term: 3,
      line: 'raft: 8e9e05c52164694d became leader at term 3',
    });
    expect(classifyRaftLine(`${at}raft: 8e9e05c52164694d became candidate at term 7`)?.event).toBe(
      'candidate',
    );
    expect(
      classifyRaftLine(`${at}raft: 8e9e05c52164694d became pre-candidate at term 4`)?.event,
    ).toBe('pre-candidate');
    expect(classifyRaftLine(`${at}raft: 8e9e05c52164694d became follower at term 9`)).toMatchObject(
      {
        event: 'follower',
        term: 9,
      },
    );
    expect(
      classifyRaftLine(
        `${at}raft: raft.node: 8e9e05c52164694d lost leader 8e9e05c52164694d at term 4`,
      )?.event,
    ).toBe('lost-leader');
    expect(
      classifyRaftLine(
        `${at}raft: raft.node: 91bc3c398fb3c146 elected leader 91bc3c398fb3c146 at term 4`,
      )?.event,
    ).toBe('elected');
  });

  it("reads the raft library's own log lines as etcd 3.4 prints them (measured here)", () => {
    expect(
      classifyRaftLine(
        'raft2026/12/06 20:01:18 WARN: 341da34b057014e1 stepped down to follower since quorum is not active',
      ),
    ).toEqual({
      event: 'stepped-down',
      line: 'raft: WARN: 341da34b057014e1 stepped down to follower since quorum is not active',
    });
    expect(
      classifyRaftLine('raft2026/12/06 20:01:20 INFO: 341da34b057014e1 became candidate at term 4'),
    ).toMatchObject({
      event: 'candidate',
      term: 4,
    });
    expect(
      classifyRaftLine(
        'raft2026/12/06 20:01:20 INFO: 341da34b057014e1 is starting a new election at term 3',
      ),
    ).toBeUndefined();
  });

  it('names a leader that heard from no majority as stepped down, not a plain follower', () => {
    const line =
      '2026-12-06 19:00:01.000000 W | raft: 8e9e05c52164694d stepped down to follower since quorum is not active';
    expect(classifyRaftLine(line)?.event).toBe('stepped-down');
  });

  it("reads zap's JSON lines by their message", () => {
    const line = JSON.stringify({ level: 'info', msg: '8e9e05c52164694d became leader at term 5' });
    expect(classifyRaftLine(line)).toMatchObject({ event: 'leader', term: 5 });
  });

  it('passes over routine lines', () => {
    expect(
      classifyRaftLine('2026-12-06 19:00:00.000000 I | etcdserver: published {Name:raft-1}'),
    ).toBeUndefined();
    expect(
      classifyRaftLine(
        '2026-12-06 19:00:00.000000 W | rafthttp: lost the TCP streaming connection',
      ),
    ).toBeUndefined();
  });
});
