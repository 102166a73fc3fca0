/**
 * Turns the keystrokes sent to a console into the command lines the trainee
 * entered: a best-effort record for the run history, not a terminal emulator.
 *
 * - Enter (CR, LF, or CR LF as one) completes a line; blank lines are not reported.
 * - Backspace (DEL or BS) removes the last character; Ctrl-U clears the line;
 *   Ctrl-W removes the last word; Ctrl-C drops the line.
 * - Escape sequences (arrow keys, function keys, bracketed-paste markers) are
 *   skipped, also when split across chunks. What they do to the line (history
 *   recall, cursor moves, tab completion) is not known here, so such lines
 *   are recorded as typed.
 */
export class ConsoleLineRecorder {
  private line: string[] = [];
  private escape: 'none' | 'esc' | 'csi' | 'ss3' | 'osc' | 'osc-esc' = 'none';
  private lastWasCr = false;

  /** @param maxLineLength characters kept per line (the rest of a longer line is dropped). */
  constructor(private readonly maxLineLength = 4096) {}

  /** Feeds typed data; returns the lines it completed, in order. */
  feed(data: string): string[] {
    const done: string[] = [];
    for (const ch of data) {
      const wasCr = this.lastWasCr;
      this.lastWasCr = false;
      if (this.escape !== 'none') {
        this.skipEscape(ch);
        continue;
      }
      switch (ch) {
        case '\r':
          this.lastWasCr = true;
          this.complete(done);
          break;
        case '\n':
          if (!wasCr) this.complete(done);
          break;
        case '\x7f':
        case '\b':
          this.line.pop();
          break;
        case '\x15': // Ctrl-U
        case '\x03': // Ctrl-C
          this.line = [];
          break;
        case '\x17': // Ctrl-W
          while (this.line.length && this.line[this.line.length - 1] === ' ') this.line.pop();
          while (this.line.length && this.line[this.line.length - 1] !== ' ') this.line.pop();
          break;
        case '\x1b':
          this.escape = 'esc';
          break;
        default:
          if (ch < ' ') break; // other control keys (Tab, Ctrl-D, ...) add nothing
          if (this.line.length < this.maxLineLength) this.line.push(ch);
      }
    }
    return done;
  }

  /** The line typed so far (not yet entered). */
  pending(): string {
    return this.line.join('');
  }

  private complete(done: string[]): void {
    const text = this.line.join('').trim();
    this.line = [];
    if (text) done.push(text);
  }

  private skipEscape(ch: string): void {
    switch (this.escape) {
      case 'esc':
        this.escape = ch === '[' ? 'csi' : ch === 'O' ? 'ss3' : ch === ']' ? 'osc' : 'none';
        return;
      case 'csi': {
        // Parameters and intermediates are 0x20-0x3f; the final byte ends it.
        const c = ch.codePointAt(0) ?? 0;
        if (c >= 0x40 && c <= 0x7e) this.escape = 'none';
        return;
      }
      case 'ss3':
        this.escape = 'none';
        return;
      case 'osc':
        if (ch === '\x07') this.escape = 'none';
        else if (ch === '\x1b') this.escape = 'osc-esc';
        return;
      case 'osc-esc':
        this.escape = ch === '\\' ? 'none' : 'osc';
        return;
      default:
        this.escape = 'none';
    }
  }
}
