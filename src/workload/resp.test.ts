import { describe, expect, it } from 'vitest';
import { RespError, RespParser, RespProtocolError, encodeCommand, type RespValue } from './resp';
import { encodeReply } from './test-fake-redis';

const parseAll = (text: string | Buffer): RespValue[] =>
  new RespParser().push(Buffer.isBuffer(text) ? text : Buffer.from(text));

describe('encodeCommand', () => {
  it('encodes a command as an array of bulk strings, lengths in bytes', () => {
    expect(encodeCommand(['SET', 'k', 'v']).toString()).toBe(
      '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n',
    );
    expect(encodeCommand(['SET', 'ü', '']).toString()).toBe(
      '*3\r\n$3\r\nSET\r\n$2\r\nü\r\n$0\r\n\r\n',
    );
  });
});

describe('RespParser', () => {
  it('parses simple strings, errors, integers, bulk strings and nulls', () => {
    expect(parseAll('+OK\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n')).toEqual([
      'OK',
      42,
      -7,
      'hello',
      '',
      null,
      null,
    ]);
    const [err] = parseAll("-READONLY You can't write against a read only replica.\r\n");
    expect(err).toBeInstanceOf(RespError);
    expect((err as RespError).code).toBe('READONLY');
    expect((err as RespError).message).toBe(
      "READONLY You can't write against a read only replica.",
    );
    const [noRep] = parseAll('-NOREPLICAS Not enough good replicas to write.\r\n');
    expect((noRep as RespError).code).toBe('NOREPLICAS');
  });

  it('parses arrays, nested arrays, empty arrays and nulls inside arrays', () => {
    expect(parseAll('*2\r\n$8\r\n10.0.0.1\r\n$4\r\n6379\r\n')).toEqual([['10.0.0.1', '6379']]);
    expect(parseAll('*2\r\n$1\r\n0\r\n*3\r\n$1\r\na\r\n$-1\r\n:3\r\n*0\r\n')).toEqual([
      ['0', ['a', null, 3]],
      [],
    ]);
    const [mixed] = parseAll('*2\r\n-ERR inner\r\n+OK\r\n');
    expect((mixed as RespValue[])[0]).toBeInstanceOf(RespError);
  });

  it('bulk strings may contain CRLF and multi-byte characters', () => {
    const v = 'a\r\nb ✓';
    expect(parseAll(encodeReply(v))).toEqual([v]);
  });

  it('frames split at every possible byte come out the same, in order', () => {
    const stream =
      '+OK\r\n-ERR x\r\n:1\r\n$3\r\nabc\r\n$-1\r\n*2\r\n$1\r\nk\r\n*1\r\n:5\r\n*-1\r\n';
    const whole = parseAll(stream);
    expect(whole).toHaveLength(7);
    const bytes = Buffer.from(stream);
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new RespParser();
      const out = [...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut))];
      expect(out, `cut at ${cut}`).toEqual(whole);
      expect(p.buffered).toBe(0);
    }
    // one byte at a time
    const p = new RespParser();
    const out: RespValue[] = [];
    for (const b of bytes) out.push(...p.push(Buffer.from([b])));
    expect(out).toEqual(whole);
  });

  it('an incomplete frame waits for the rest; nothing is returned early', () => {
    const p = new RespParser();
    expect(p.push(Buffer.from('*2\r\n$3\r\nfoo\r\n'))).toEqual([]);
    expect(p.buffered).toBeGreaterThan(0);
    expect(p.push(Buffer.from('$3\r\nbar\r\n+OK\r\n+PA'))).toEqual([['foo', 'bar'], 'OK']);
    expect(p.push(Buffer.from('RTIAL\r\n'))).toEqual(['PARTIAL']);
  });

  it('rejects bytes that are not RESP2', () => {
    expect(() => parseAll('!oops\r\n')).toThrow(RespProtocolError);
    expect(() => parseAll(':12a\r\n')).toThrow(RespProtocolError);
    expect(() => parseAll('$3\r\nabcXY')).toThrow(/not terminated/);
  });
});
