// A TCP proxy a test controls: put it between an instance and PostgreSQL, cut() to make the
// database vanish (open connections are reset, new ones are reset on arrival), restore() to
// bring it back. The shared PostgreSQL server itself is never stopped.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Resets every open connection and every new one until restore(). */
  cut(): void;
  /**
   * Goes silent: open connections stop carrying bytes and new ones are accepted but never
   * answered (a network that drops packets), until restore().
   */
  freeze(): void;
  /** Back to normal; connections that were frozen are closed (their clients gave up on them). */
  restore(): void;
  /** Connections currently open through the proxy. */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let isCut = false;
  let isFrozen = false;
  const held = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (isCut) {
      client.resetAndDestroy();
      return;
    }
    if (isFrozen) {
      held.add(client);
      client.on('error', () => {}).on('close', () => held.delete(client));
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      isCut = true;
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      }
    },
    freeze() {
      isFrozen = true;
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    restore() {
      if (isFrozen) {
        for (const pair of [...pairs]) {
          pairs.delete(pair);
          pair.client.destroy();
          pair.upstream.destroy();
        }
        for (const socket of held) socket.destroy();
        held.clear();
      }
      isCut = false;
      isFrozen = false;
    },
    openConnections: () => pairs.size,
    close() {
      isCut = true;
      for (const socket of held) socket.destroy();
      held.clear();
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
