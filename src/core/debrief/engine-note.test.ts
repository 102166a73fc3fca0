import { describe, expect, it } from 'vitest';
import { engineNote } from './timeline';

describe("a move's line in the debrief timeline shows the engine's part apart", () => {
  it('says how long the engine took, the queue and why a step was late', () => {
    expect(
      engineNote({
        t: 20_300,
        issuedAt: 16_000,
        queuedMs: 1500,
        late: 'started 2.0 s late: it waited for the step before it (heal) to finish',
      }),
    ).toBe(
      "; issued 4.3 s before it finished (the engine's time); queued 1.5 s behind the node's previous move; started 2.0 s late: it waited for the step before it (heal) to finish",
    );
  });

  it('says nothing for a quick move or an older history without the issue time', () => {
    expect(engineNote({ t: 20_300, issuedAt: 19_900 })).toBe('');
    expect(engineNote({ t: 20_300 })).toBe('');
  });
});
