import { useEffect, useState } from 'react';
import type { PoolEngine } from '../../../../shared/engine-pool-types';
import { useAppState, useStore } from '../../store/react';

/** How often the pool is looked at while the panel shows, ms (the engine looks within 2 s). */
const POOL_POLL_MS = 5000;

function gib(bytes: number | undefined): string {
  return bytes === undefined ? '—' : `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/**
 * The engines the game day's labs run on: this machine's and any the facilitator adds
 * (`ssh://user@host`, `tcp://host:2376` with a TLS folder, a docker context), each with
 * what it can hold and holds, the images it has, its round trip, and the moves on it:
 * prepare (build or copy the images, with progress) and remove.
 */
export function EnginePoolPanel() {
  const store = useStore();
  const engines = useAppState((s) => s.engines);
  const error = useAppState((s) => s.enginesError);
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [tlsDir, setTlsDir] = useState('');
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);

  useEffect(() => {
    void store.loadEngines();
    const timer = setInterval(() => void store.loadEngines(), POOL_POLL_MS);
    return () => clearInterval(timer);
  }, [store]);

  const add = async () => {
    setBusy(true);
    setSaid(null);
    const failed = await store.addEngine({
      address: address.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(tlsDir.trim() ? { tlsDir: tlsDir.trim() } : {}),
    });
    setBusy(false);
    setSaid(failed ?? `added ${name.trim() || address.trim()}`);
    if (!failed) {
      setAddress('');
      setName('');
      setTlsDir('');
    }
  };

  return (
    <div
      className="panel engine-pool"
      data-testid="engine-pool"
      data-engines={engines?.length ?? 0}
    >
      <h3>Engines</h3>
      <p className="muted small">
        A game day’s labs are placed on these engines by the room each has left (a lab takes about
        one CPU and 1 GiB). Add the engines of the machines you brought.
      </p>
      {error && (
        <p className="action-result bad" role="alert">
          {error}
        </p>
      )}
      <table className="board">
        <thead>
          <tr>
            <th>Engine</th>
            <th>State</th>
            <th>CPUs</th>
            <th>Memory</th>
            <th>Labs (now / fit)</th>
            <th>Images</th>
            <th>Round trip</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(engines ?? []).map((e) => (
            <EngineLine key={e.id} engine={e} />
          ))}
        </tbody>
      </table>
      <form
        className="engine-add"
        onSubmit={(ev) => {
          ev.preventDefault();
          void add();
        }}
      >
        <label>
          Address{' '}
          <input
            data-testid="engine-address"
            placeholder="ssh://ops@lab-2, tcp://10.0.0.5:2376, or a docker context"
            value={address}
            maxLength={300}
            size={40}
            onChange={(ev) => setAddress(ev.target.value)}
          />
        </label>{' '}
        <label>
          Name{' '}
          <input
            data-testid="engine-name"
            value={name}
            maxLength={40}
            size={12}
            onChange={(ev) => setName(ev.target.value)}
          />
        </label>{' '}
        <label title="For tcp://…:2376: the folder with ca.pem, cert.pem and key.pem">
          TLS folder{' '}
          <input
            data-testid="engine-tls"
            value={tlsDir}
            maxLength={1000}
            size={16}
            onChange={(ev) => setTlsDir(ev.target.value)}
          />
        </label>{' '}
        <button
          type="submit"
          className="btn btn-small"
          data-testid="engine-add"
          disabled={busy || address.trim() === ''}
        >
          {busy ? 'Adding…' : 'Add engine'}
        </button>
        {said && (
          <span className="muted small" role="status" data-testid="engine-add-result">
            {' '}
            {said}
          </span>
        )}
      </form>
    </div>
  );
}

function EngineLine({ engine: e }: { engine: PoolEngine }) {
  const store = useStore();
  const [said, setSaid] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const prepare = async () => {
    setWorking(true);
    setSaid(await store.prepareEngine(e.id));
    setWorking(false);
  };
  const remove = async () => setSaid(await store.removeEngine(e.id));
  return (
    <tr
      data-testid={`engine-${e.id}`}
      data-name={e.name}
      data-state={e.state}
      data-labs={e.labsRunning}
      data-fit={e.labsFit}
      data-images={`${e.images.present}/${e.images.needed}`}
      data-preparing={e.preparing ? 'true' : 'false'}
    >
      <td title={e.endpoint}>
        {e.name} <span className="muted small mono">{e.address === 'local' ? '' : e.address}</span>
      </td>
      <td className={e.state === 'unreachable' ? 'bad' : ''} title={e.problem}>
        {e.state === 'unreachable' ? `gone: ${e.problem ?? 'no answer'}` : 'answers'}
      </td>
      <td>{e.cpus ?? '—'}</td>
      <td>{gib(e.memoryBytes)}</td>
      <td className={e.labsRunning >= e.labsFit ? 'bad' : ''}>
        {e.labsRunning} / {e.labsFit}
      </td>
      <td>
        {e.preparing ? (
          <span data-testid={`engine-progress-${e.id}`}>
            <progress value={e.preparing.fraction} max={1} /> {e.preparing.image}:{' '}
            <span className="small">{e.preparing.message}</span>
          </span>
        ) : (
          `${e.images.present} of ${e.images.needed}`
        )}
      </td>
      <td>{e.pingMs !== undefined ? `${e.pingMs} ms` : '—'}</td>
      <td>
        <button
          type="button"
          className="btn btn-small"
          data-testid={`engine-prepare-${e.id}`}
          disabled={working || e.state !== 'reachable' || e.images.present === e.images.needed}
          title="Build the lab images there, or copy them from another engine"
          onClick={() => void prepare()}
        >
          {working ? 'Preparing…' : 'Prepare images'}
        </button>{' '}
        {e.id !== 'local' && (
          <button
            type="button"
            className="btn btn-small"
            data-testid={`engine-remove-${e.id}`}
            onClick={() => void remove()}
          >
            Remove
          </button>
        )}
        {said && <span className="muted small"> {said}</span>}
      </td>
    </tr>
  );
}
