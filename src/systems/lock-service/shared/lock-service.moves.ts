import { NONE, type MoveKinds } from '../../../shared/move-kinds';

/** The lock service's own move on storage: turn its fencing check on or off. */
export const LOCK_SERVICE_MOVE_KINDS = {
  'fencing-check': {
    effect: NONE,
    fits: ['storage'],
    describe: (a) => `${a.node}: fencing check ${a.on ? 'on' : 'off'}`,
  },
} satisfies Partial<MoveKinds>;
