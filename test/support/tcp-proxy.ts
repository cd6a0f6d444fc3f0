import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * How the path to a dependency fails:
 * - `refuse`: the server is gone: open connections are closed and new ones refused (nothing listens on the port);
 * - `blackhole`: the network drops everything: open and new connections stay up but carry nothing either way;
 * - `mute`: requests still arrive but answers are lost, so the server acts and the caller never hears of it.
 */
export type Cut = 'refuse' | 'blackhole' | 'mute';

/**
 * A loopback TCP proxy in front of a real Postgres or Temporal that a test can cut and restore, so an outage is
 * real for the process behind it while the shared servers, and everyone else using them, carry on.
 */
export interface TcpProxy {
  /** host:port to point a client at. */
  address: string;
  port: number;
  cut(how: Cut): Promise<void>;
  /**
   * Forwards again. Connections caught in a blackhole or a mute are closed, as a long partition ends them; the
   * client must notice and reconnect by itself.
   */
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: Cut | 'open' = 'open';
  const pairs = new Set<Pair>();
  const drop = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  };
  /** Stops a pair carrying data in one direction: bytes are read and thrown away, as a lossy network does. */
  const silence = (from: Socket, to: Socket) => {
    from.unpipe(to);
    from.removeAllListeners('data');
    from.on('data', () => undefined);
    from.resume();
  };

  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    client.on('error', () => drop(pair));
    upstream.on('error', () => drop(pair));
    client.on('close', () => drop(pair));
    upstream.on('close', () => drop(pair));
    client.pipe(upstream);
    upstream.pipe(client);
    if (mode === 'blackhole') silence(client, upstream);
    if (mode === 'blackhole' || mode === 'mute') silence(upstream, client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as { port: number }).port;

  return {
    address: `127.0.0.1:${port}`,
    port,
    async cut(how) {
      mode = how;
      if (how === 'refuse') {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const pair of [...pairs]) drop(pair);
        await closed;
        return;
      }
      for (const pair of pairs) {
        if (how === 'blackhole') silence(pair.client, pair.upstream);
        silence(pair.upstream, pair.client);
      }
    },
    async restore() {
      const was = mode;
      mode = 'open';
      if (was === 'open') return;
      for (const pair of [...pairs]) drop(pair);
      if (was === 'refuse') await listen(port);
    },
    async close() {
      mode = 'open';
      for (const pair of [...pairs]) drop(pair);
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
