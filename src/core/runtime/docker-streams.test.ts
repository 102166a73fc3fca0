import { describe, expect, it } from 'vitest';
import { JsonLineDecoder, LineSplitter, demuxBuffer, parseBuildStep } from './docker-streams';

function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

describe('LineSplitter', () => {
  it('joins lines split across chunks, including inside a UTF-8 character', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('first\r\nsecönd\nthi');
    const cut = bytes.indexOf(0xc3) + 1; // split the ö
    expect(s.push(bytes.subarray(0, cut))).toEqual(['first']);
    expect(s.push(bytes.subarray(cut))).toEqual(['secönd']);
    expect(s.push('rd')).toEqual([]);
    expect(s.flush()).toEqual(['third']);
    expect(s.flush()).toEqual([]);
  });
});

describe('JsonLineDecoder', () => {
  it('parses objects split at any byte and reports bad lines', () => {
    const bad: string[] = [];
    const d = new JsonLineDecoder((line) => bad.push(line));
    const text =
      '{"status":"start","id":"abc"}\n\n{"status":"die","Actor":{"Attributes":{"exitCode":"137"}}}\nnot json\n{"tail":1}';
    const out: unknown[] = [];
    for (const ch of text) out.push(...d.push(ch));
    out.push(...d.flush());
    expect(out).toEqual([
      { status: 'start', id: 'abc' },
      { status: 'die', Actor: { Attributes: { exitCode: '137' } } },
      { tail: 1 },
    ]);
    expect(bad).toEqual(['not json']);
  });
});

describe('demuxBuffer', () => {
  it('splits stdout and stderr frames', () => {
    const buf = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]);
    const frames = demuxBuffer(buf);
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
      [1, 'out 1\n'],
      [2, 'err 1\n'],
      [1, 'out 2\n'],
    ]);
  });

  it('treats raw (TTY) output as stdout', () => {
    expect(
      demuxBuffer(Buffer.from('hello tty\n')).map((f) => [f.stream, f.data.toString()]),
    ).toEqual([[1, 'hello tty\n']]);
    expect(demuxBuffer(Buffer.alloc(0))).toEqual([]);
  });
});

describe('parseBuildStep', () => {
  it('reads classic builder step headers', () => {
    expect(parseBuildStep('Step 3/5 : RUN apt-get update')).toEqual({
      step: 3,
      totalSteps: 5,
      instruction: 'RUN apt-get update',
    });
    expect(parseBuildStep(' ---> Running in 1234')).toBeUndefined();
  });
});
