import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../shared/fault-registry';
import type { FaultSpec } from '../../shared/scenario-schema';
import { systemEngines } from '../systems/scenario-systems';
import { GENERIC_FAULT_INJECTORS, faultInjector } from './inject-fault';

describe('fault injectors', () => {
  it('every fault kind has exactly one injector: generic, or the one system engine that owns it', () => {
    for (const kind of Object.keys(FAULT_KINDS) as FaultSpec['kind'][]) {
      const owners = [GENERIC_FAULT_INJECTORS, ...systemEngines().map((e) => e.faults)].filter(
        (f) => f[kind] !== undefined,
      );
      expect(owners, kind).toHaveLength(1);
      expect(typeof faultInjector(kind)).toBe('function');
    }
  });

  it("a system's own kind is injected by that system's engine, and only systems it names may use it", () => {
    for (const e of systemEngines())
      for (const kind of Object.keys(e.faults) as FaultSpec['kind'][])
        expect(FAULT_KINDS[kind].systems, kind).toBeDefined();
  });
});
