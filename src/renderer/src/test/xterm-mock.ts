/**
 * A recording stand-in for xterm.js (it needs a real layout engine), for
 * screen tests: `vi.mock('@xterm/xterm', () => import('./test/xterm-mock'))`
 * and `vi.mock('@xterm/addon-fit', () => import('./test/xterm-mock'))`.
 */
export const terminals: Terminal[] = [];

export class Terminal {
  cols = 80;
  rows = 24;
  written: string[] = [];
  opened = false;
  disposed = false;
  private dataListeners: ((d: string) => void)[] = [];
  constructor() {
    terminals.push(this);
  }
  loadAddon() {}
  open() {
    this.opened = true;
  }
  write(data: string) {
    this.written.push(data);
  }
  onData(cb: (d: string) => void) {
    this.dataListeners.push(cb);
    return { dispose: () => (this.dataListeners = this.dataListeners.filter((l) => l !== cb)) };
  }
  onResize() {
    return { dispose: () => {} };
  }
  focus() {}
  dispose() {
    this.disposed = true;
  }
  /** Simulates typing: what term.onData listeners receive. */
  type(data: string) {
    for (const l of this.dataListeners) l(data);
  }
}

export class FitAddon {
  activate() {}
  dispose() {}
  fit() {}
}
