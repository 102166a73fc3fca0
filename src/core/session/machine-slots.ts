import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BRING_UP_CONCURRENCY, Gate, type TurnGate } from './bring-up-gate';

/**
 * Bring-up turns shared by every engine process on this machine: the web
 * server, the desktop app and any number of headless runs (a facilitator's
 * room, the scenario self-test) all start labs on the same Docker engine, so
 * a per-process gate alone lets three processes bring up three labs at once.
 *
 * A turn is a slot file (`slot-<i>`) created exclusively in a folder every
 * process agrees on; it holds the holder's pid. A slot whose holder is no
 * longer alive (killed mid bring-up) is taken over, so a crash never blocks
 * the machine.
 */
export class MachineSlots implements TurnGate {
  private readonly local: Gate;

  /**
   * @param dir folder of the slot files (created if missing)
   * @param slots bring-ups at once on the machine (>= 1)
   * @param pollMs how often a waiting process looks for a free slot, ms
   */
  constructor(
    readonly dir: string,
    readonly slots: number,
    private readonly pollMs = 200,
  ) {
    this.local = new Gate(slots);
  }

  /** Labs of this process waiting or starting, plus bring-ups other processes hold. */
  get busy(): number {
    return this.local.busy + this.heldElsewhere();
  }

  async acquire(cancelled?: Promise<void>): Promise<(() => void) | undefined> {
    const releaseLocal = await this.local.acquire(cancelled);
    if (!releaseLocal) return undefined;
    let stop = false;
    // One handler for the whole wait (not one per poll): a stop ends the current nap at once.
    let wake: (() => void) | undefined;
    void cancelled?.then(() => {
      stop = true;
      wake?.();
    });
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      for (;;) {
        const slot = this.take();
        if (slot) {
          return () => {
            fs.rmSync(slot, { force: true });
            releaseLocal();
          };
        }
        if (stop) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (stop) break;
      }
    } catch (error) {
      // A folder we cannot write (read-only tmp, permissions): the machine-wide turn is a
      // courtesy, not a condition for starting a lab; the process's own gate still holds.
      if (!(error instanceof Error && 'code' in error)) throw error;
      return releaseLocal;
    }
    releaseLocal();
    return undefined;
  }

  /** Takes a free (or abandoned) slot; its path, or undefined when all are held. */
  private take(): string | undefined {
    for (let i = 0; i < this.slots; i++) {
      const slot = path.join(this.dir, `slot-${i}`);
      if (this.create(slot)) return slot;
      const holder = readHolder(slot);
      if (holder !== undefined && !alive(holder)) {
        // Abandoned by a process that died: move it aside (only one process wins the
        // rename), check what was moved is the abandoned one, then take the slot.
        const aside = `${slot}.stale-${process.pid}`;
        try {
          fs.renameSync(slot, aside);
        } catch {
          continue;
        }
        const moved = readHolder(aside);
        if (moved !== holder) {
          // Someone took the slot between our read and our rename: give it back.
          try {
            fs.linkSync(aside, slot);
          } catch {
            /* the slot is taken again; theirs stands */
          }
          fs.rmSync(aside, { force: true });
          continue;
        }
        fs.rmSync(aside, { force: true });
        if (this.create(slot)) return slot;
      }
    }
    return undefined;
  }

  private create(slot: string): boolean {
    try {
      fs.writeFileSync(slot, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  private heldElsewhere(): number {
    let held = 0;
    for (let i = 0; i < this.slots; i++) {
      const holder = readHolder(path.join(this.dir, `slot-${i}`));
      if (holder !== undefined && holder !== process.pid && alive(holder)) held++;
    }
    return held;
  }
}

function readHolder(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The folder of the machine's bring-up slots: DOJO_BRINGUP_DIR, else `<tmp>/failover-dojo-bring-up`. */
export function bringUpSlotsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOJO_BRINGUP_DIR ?? path.join(os.tmpdir(), 'failover-dojo-bring-up');
}

/** The engine process's turns for lab bring-ups, shared with every other engine process on the machine. */
export const bringUpGate: TurnGate = new MachineSlots(bringUpSlotsDir(), BRING_UP_CONCURRENCY);
