import { describe, expect, it } from 'vitest';
import {
  BackendParser,
  ScramSha256,
  encodeQuery,
  encodeSaslInitial,
  encodeStartup,
  formatNotice,
  md5Password,
  parseAuth,
  parseCommandComplete,
  parseDataRow,
  parseNotice,
  parseRowDescription,
} from './pg-protocol';
import { dataRow, errorFields, msg, rowDescription } from './test-fake-postgres';

describe('frontend messages', () => {
  it('encodes a startup message: length, protocol 3.0, NUL-separated parameters, final NUL', () => {
    const b = encodeStartup({ user: 'u', database: 'd' });
    expect(b.readInt32BE(0)).toBe(b.length);
    expect(b.readInt32BE(4)).toBe(196608);
    expect(b.subarray(8).toString('latin1')).toBe('user\0u\0database\0d\0\0');
  });

  it('encodes a query: Q, length including itself, the text and a NUL', () => {
    const b = encodeQuery('SELECT 1');
    expect(b.toString('latin1', 0, 1)).toBe('Q');
    expect(b.readInt32BE(1)).toBe(4 + 9);
    expect(b.subarray(5).toString('utf8')).toBe('SELECT 1\0');
  });

  it('encodes a SASLInitialResponse with the mechanism and the length-prefixed data', () => {
    const b = encodeSaslInitial('SCRAM-SHA-256', 'n,,n=,r=abc');
    expect(b.toString('latin1', 0, 1)).toBe('p');
    expect(b.subarray(5, 19).toString()).toBe('SCRAM-SHA-256\0');
    expect(b.readInt32BE(19)).toBe(11);
    expect(b.subarray(23).toString()).toBe('n,,n=,r=abc');
  });
});

describe('BackendParser', () => {
  const stream = Buffer.concat([
    rowDescription(['a', 'b']),
    dataRow(['1', null]),
    msg('C', Buffer.from('SELECT 1\0')),
    msg('Z', Buffer.from('I')),
  ]);

  it('splits messages whatever the chunking, even byte by byte', () => {
    const whole = new BackendParser().push(stream);
    expect(whole.map((m) => m.type)).toEqual(['T', 'D', 'C', 'Z']);
    const p = new BackendParser();
    const got = [];
    for (let i = 0; i < stream.length; i++) got.push(...p.push(stream.subarray(i, i + 1)));
    expect(got.map((m) => m.type)).toEqual(['T', 'D', 'C', 'Z']);
    expect(got.map((m) => m.body.toString('hex'))).toEqual(
      whole.map((m) => m.body.toString('hex')),
    );
    expect(p.pending).toBe(0);
  });

  it('keeps a partial header or body until the rest comes', () => {
    const p = new BackendParser();
    expect(p.push(stream.subarray(0, 3))).toEqual([]);
    expect(p.pending).toBe(3);
    const tEnd = rowDescription(['a', 'b']).length;
    expect(p.push(stream.subarray(3, tEnd - 1))).toEqual([]);
    expect(p.push(stream.subarray(tEnd - 1, tEnd + 2)).map((m) => m.type)).toEqual(['T']);
    expect(p.push(stream.subarray(tEnd + 2)).map((m) => m.type)).toEqual(['D', 'C', 'Z']);
  });

  it('throws on an impossible length', () => {
    expect(() => new BackendParser().push(Buffer.from([0x45, 0, 0, 0, 2]))).toThrow(
      /bad message length 2/,
    );
    expect(() => new BackendParser().push(Buffer.from([0x45, 0x7f, 0xff, 0xff, 0xff]))).toThrow(
      /bad message length/,
    );
  });
});

describe('message bodies', () => {
  it('decodes rows, command tags, NULLs and UTF-8', () => {
    const [t, d, c] = new BackendParser().push(
      Buffer.concat([
        rowDescription(['client', 'seq']),
        dataRow(['app-é', null]),
        msg('C', Buffer.from('INSERT 0 1\0')),
      ]),
    );
    expect(parseRowDescription(t?.body ?? Buffer.alloc(0))).toEqual(['client', 'seq']);
    expect(parseDataRow(d?.body ?? Buffer.alloc(0))).toEqual(['app-é', null]);
    expect(parseCommandComplete(c?.body ?? Buffer.alloc(0))).toBe('INSERT 0 1');
  });

  it('decodes an ErrorResponse and a NoticeResponse with a detail', () => {
    const e = parseNotice(
      errorFields('ERROR', '25006', 'cannot execute INSERT in a read-only transaction'),
    );
    expect(e).toEqual({
      severity: 'ERROR',
      code: '25006',
      message: 'cannot execute INSERT in a read-only transaction',
    });
    const n = parseNotice(
      errorFields(
        'WARNING',
        '01000',
        'canceling wait for synchronous replication due to user request',
        'The transaction has already committed locally, but might not have been replicated to the standby.',
      ),
    );
    expect(n.severity).toBe('WARNING');
    expect(formatNotice(n)).toBe(
      'WARNING: canceling wait for synchronous replication due to user request (The transaction has already committed locally, but might not have been replicated to the standby.)',
    );
  });

  it('decodes authentication requests', () => {
    const auth = (...bytes: number[]): Buffer => Buffer.from(bytes);
    expect(parseAuth(auth(0, 0, 0, 0))).toEqual({ kind: 'ok' });
    expect(parseAuth(auth(0, 0, 0, 3))).toEqual({ kind: 'cleartext' });
    expect(parseAuth(auth(0, 0, 0, 5, 1, 2, 3, 4))).toEqual({
      kind: 'md5',
      salt: Buffer.from([1, 2, 3, 4]),
    });
    expect(
      parseAuth(
        Buffer.concat([auth(0, 0, 0, 10), Buffer.from('SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0')]),
      ),
    ).toEqual({ kind: 'sasl', mechanisms: ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'] });
    expect(parseAuth(auth(0, 0, 0, 7))).toEqual({ kind: 'unsupported', code: 7 });
  });
});

describe('password hashing', () => {
  it('md5: md5 + md5(md5(password + user) + salt), against a vector from Python hashlib', () => {
    // python3: 'md5' + md5(md5(b'secretpostgres').hexdigest().encode() + bytes([1,2,3,4])).hexdigest()
    expect(md5Password('postgres', 'secret', Buffer.from([1, 2, 3, 4]))).toBe(
      'md5bb41a296aab6baccb36ff243a562abff',
    );
  });

  it('SCRAM-SHA-256: the RFC 7677 example exchange', () => {
    const s = new ScramSha256('pencil', 'rOprNGfwEbeRWgbNEkqO', 'user');
    expect(s.clientFirst()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const serverFirst =
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    expect(s.clientFinal(serverFirst)).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    expect(() =>
      s.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='),
    ).not.toThrow();
    expect(() => s.verifyServerFinal('v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).toThrow(
      /mismatch/,
    );
  });

  it('SCRAM-SHA-256: refuses a server nonce that does not extend the client nonce', () => {
    const s = new ScramSha256('pencil', 'abc');
    expect(s.clientFirst()).toBe('n,,n=,r=abc');
    expect(() => s.clientFinal('r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096')).toThrow(/nonce/);
  });
});
