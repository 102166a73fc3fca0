/**
 * A slow link for the bench: a TCP proxy in front of the Docker engine that holds every
 * chunk half the round trip in each direction, so the app can be measured against an engine
 * "on another machine" without a second machine (the kernel here has no netem).
 *
 *   npx tsx scripts/slow-link.ts [--listen 23750] [--to /var/run/docker.sock] [--rtt 50]
 *   DOCKER_HOST=tcp://127.0.0.1:23750 DOJO_DATA_PATH=tunnel npx tsx scripts/bench-scenario.ts ...
 *
 * `--to` is a unix socket path or host:port. Order is kept per connection (each chunk is
 * released rtt/2 ms after it arrived). Prints one line when listening; runs until killed.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    listen: { type: 'string', default: '23750' },
    to: { type: 'string', default: '/var/run/docker.sock' },
    rtt: { type: 'string', default: '50' },
  },
});
const halfMs = Number(values.rtt) / 2;
const target = values.to;

/** Copies `from` to `to`, each chunk delayed by `halfMs`, keeping their order. */
function delayed(from: net.Socket, to: net.Socket): void {
  from.on('data', (chunk: Buffer) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, halfMs);
  });
  from.on('end', () => setTimeout(() => to.end(), halfMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), halfMs + 5));
}

const server = net.createServer((client) => {
  const m = /^(.+):(\d+)$/.exec(target);
  const upstream = m ? net.connect(Number(m[2]), m[1]) : net.connect(target);
  client.setNoDelay(true);
  delayed(client, upstream);
  delayed(upstream, client);
});
server.listen(Number(values.listen), '127.0.0.1', () =>
  console.log(`slow link: 127.0.0.1:${values.listen} -> ${target}, ${values.rtt} ms round trip`),
);
