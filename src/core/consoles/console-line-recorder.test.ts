import { describe, expect, it } from 'vitest';
import { ConsoleLineRecorder } from './console-line-recorder';

const lines = (...chunks: string[]): string[] => {
  const r = new ConsoleLineRecorder();
  return chunks.flatMap((c) => r.feed(c));
};

describe('ConsoleLineRecorder', () => {
  it('records a line on CR, on LF, and CR LF once', () => {
    expect(lines('redis-cli PING\r')).toEqual(['redis-cli PING']);
    expect(lines('ip addr\n')).toEqual(['ip addr']);
    expect(lines('a\r\nb\r\n')).toEqual(['a', 'b']);
  });

  it('keystrokes one by one, across chunks', () => {
    expect(lines(...'iptables -L\r'.split(''))).toEqual(['iptables -L']);
  });

  it('backspace (DEL and BS) removes the last character', () => {
    expect(lines('redis-clu\x7fi PONH\bG\r')).toEqual(['redis-cli PONG']);
    expect(lines('\x7f\x7fls\r')).toEqual(['ls']);
  });

  it('Ctrl-C drops the line, Ctrl-U clears it, Ctrl-W removes a word', () => {
    expect(lines('rm -rf /\x03', 'ls\r')).toEqual(['ls']);
    expect(lines('oops\x15ps aux\r')).toEqual(['ps aux']);
    expect(lines('redis-cli INFO wrong  \x17replication\r')).toEqual([
      'redis-cli INFO replication',
    ]);
  });

  it('skips escape sequences, also split across chunks, and bracketed paste markers', () => {
    expect(lines('ls\x1b[D\x1b[C -l\r')).toEqual(['ls -l']);
    expect(lines('ls\x1b', '[', 'A -a\r')).toEqual(['ls -a']);
    expect(lines('\x1bOPtop\r')).toEqual(['top']);
    expect(lines('\x1b[200~redis-cli ROLE\x1b[201~\r')).toEqual(['redis-cli ROLE']);
    expect(lines('\x1b]0;title\x07pwd\r')).toEqual(['pwd']);
  });

  it('a pasted block gives one line per line; blank lines are not reported', () => {
    expect(lines('a\n\n  \nb\n')).toEqual(['a', 'b']);
  });

  it('keeps non-ASCII text and ignores other control keys', () => {
    expect(lines('echo héllo ✓\t\r')).toEqual(['echo héllo ✓']);
    const r = new ConsoleLineRecorder();
    expect(r.feed('partial')).toEqual([]);
    expect(r.pending()).toBe('partial');
  });

  it('caps the length of a line', () => {
    const r = new ConsoleLineRecorder(5);
    expect(r.feed('abcdefgh\r')).toEqual(['abcde']);
  });
});
