import { useMemo } from 'react';
import type { ProbeSample } from '../../../shared/lab-types';
import {
  advertRates,
  arpAnswers,
  deafRouters,
  routersOf,
  vipHolders,
  vrrpMasters,
  vrrpStateClass,
} from './keepalived-data';
import { rankIn } from '../../../renderer/src/components/scenario-nodes';

function rateText(v: number | undefined): string {
  return v === undefined ? '—' : v.toFixed(1);
}

/**
 * Each router from the latest probe: the VRRP state keepalived reports,
 * whether the VIP is on its interface, its MAC (marked when it answers ARP
 * for the VIP), priority, and adverts received / sent per second over the
 * last 3 s. Two MASTERs, the VIP on two routers, and a router that hears
 * nothing while its peer sends are flagged.
 */
export function VrrpRoutersTable({
  sample,
  samples,
  order,
}: {
  sample: ProbeSample | undefined;
  /** Recent samples, for the advert rates. */
  samples: ProbeSample[];
  order: string[];
}) {
  const routers = routersOf(sample).sort((a, b) => rankIn(order, a.node) - rankIn(order, b.node));
  const names = routers.map((r) => r.node).join(',');
  const rates = useMemo(
    () => advertRates(samples, names ? names.split(',') : []),
    [samples, names],
  );
  const deaf = deafRouters(rates);
  const masters = vrrpMasters(sample);
  const holders = vipHolders(sample);
  const answering = new Set((arpAnswers(sample) ?? []).map((a) => a.mac));
  const dual = masters.length > 1;
  return (
    <section
      className={`panel replid-table vrrp-routers${dual ? ' diverged' : ''}`}
      data-testid="vrrp-routers"
      data-masters={masters.length}
      data-vip-holders={holders.join(',')}
      data-deaf={deaf.join(',')}
    >
      <div className="panel-title">
        <h3>VRRP routers</h3>
        {dual && (
          <span className="tell-alert small" data-testid="dual-master">
            {masters.length} routers in MASTER: dual master
          </span>
        )}
        {holders.length > 1 && (
          <span className="tell-alert small" data-testid="vip-on-two">
            the VIP is on {holders.join(' and ')}
          </span>
        )}
        {deaf.length > 0 && (
          <span className="tell-alert small" data-testid="deaf-routers">
            {deaf.join(', ')} {deaf.length === 1 ? 'hears' : 'hear'} no adverts while{' '}
            {deaf.length === 1 ? 'its peer sends' : 'peers send'}
          </span>
        )}
      </div>
      {routers.length === 0 ? (
        <p className="muted">No router probed yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Router</th>
              <th title="The VRRP state keepalived reports (its JSON dump)">VRRP state</th>
              <th title="ip addr: the VIP on its interface">VIP</th>
              <th title="The MAC it answers ARP with; * = it answers ARP for the VIP now">MAC</th>
              <th>Priority</th>
              <th title="VRRP adverts received per second, last 3 s">rx/s</th>
              <th title="VRRP adverts sent per second, last 3 s">tx/s</th>
            </tr>
          </thead>
          <tbody>
            {routers.map((r) => {
              const state = vrrpStateClass(r);
              const held = r.role !== 'unknown' && r.vipHeld === true;
              const rate = rates[r.node] ?? {};
              const isDeaf = deaf.includes(r.node);
              const hot = dual && state === 'MASTER';
              return (
                <tr
                  key={r.node}
                  data-testid={`vrrp-router-${r.node}`}
                  data-vrrp-state={state}
                  data-vip-held={held ? 'true' : 'false'}
                  data-deaf={isDeaf ? 'true' : 'false'}
                  data-rx-rate={rate.rx ?? ''}
                  data-tx-rate={rate.tx ?? ''}
                  className={hot ? 'replid-diverged' : undefined}
                >
                  <td className="mono">{r.node}</td>
                  <td>
                    <span className={`role-badge vrrp-${state.toLowerCase()}`}>{state}</span>
                  </td>
                  <td className="mono">{r.role === 'unknown' ? '?' : held ? 'held' : '—'}</td>
                  <td className="mono">
                    {r.mac ?? '—'}
                    {r.mac && answering.has(r.mac) ? ' *' : ''}
                  </td>
                  <td className="mono">{r.vrrpPriority ?? '—'}</td>
                  <td className={`mono${isDeaf ? ' deaf' : ''}`}>{rateText(rate.rx)}</td>
                  <td className="mono">{rateText(rate.tx)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
