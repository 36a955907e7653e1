// Pipelined PostgreSQL connections for the statements that run outside a transaction (every
// read of a Describe or List, and single-statement writes).
//
// Why: with one statement in flight per connection (pg.Pool), every statement wakes a sleeping
// backend with a write of its own, and every answer wakes node. Where node, the backends and the
// clients share a few cores, those wake-ups were most of a request's cost: a profile of computed
// DescribeImages pages on PostgreSQL put 40-47% of node's samples in the statements' writev.
// Here a connection carries many statements at once (pg's `pipeline: true`), and the statements
// of one event-loop turn leave in one write per connection. Each statement is still its own
// Parse/Bind/Execute/Sync, so it is its own implicit transaction and an error ends only it.
// Measured side by side (2 cores, 32 HTTP connections, 25-image pages): 3,550-3,970 -> 4,950-5,950
// req/s, p99 26-31 -> 15-19 ms.
//
// A slot whose connection breaks is emptied and refilled by the next statement; a retired one
// (its prepared statements went stale) answers what it carries, then disconnects.
import type { Socket } from 'node:net';
import pg from 'pg';

interface Slot {
  client: pg.Client;
  /** Resolves once connected; rejects if the connection could not be made. */
  ready: Promise<pg.Client>;
  /** Statements sent and not yet answered. */
  inFlight: number;
}

/** The socket under a pg.Client (pg keeps it as `connection.stream`; not in its types). */
function socketOf(client: pg.Client): Socket | undefined {
  const stream = (client as unknown as { connection?: { stream?: Partial<Socket> } }).connection?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? (stream as Socket) : undefined;
}

export class PipelinedClients {
  private readonly slots: (Slot | undefined)[];
  /** Sockets holding this turn's statements, written together by one setImmediate. */
  private readonly corked = new Set<Socket>();
  private closed = false;

  /**
   * @param config what each connection is made with (pg.Client's options; `pipeline` is added)
   * @param size how many pipelined connections at most (at least 1)
   * @param report called with errors of broken connections (they never throw)
   */
  constructor(
    private readonly config: pg.ClientConfig,
    size: number,
    private readonly report: (error: Error) => void,
  ) {
    this.slots = new Array<Slot | undefined>(Math.max(1, size)).fill(undefined);
  }

  /**
   * Runs one statement on the connection with the fewest in flight, connecting it first if its
   * slot is empty. Rejects with pg's error (SQL refused, connection lost or not made, read
   * timeout): the caller normalises it. `onClient` is told the connection (for retire()).
   */
  async query<T extends pg.QueryResultRow>(config: pg.QueryConfig, onClient?: (client: pg.Client) => void): Promise<pg.QueryResult<T>> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new Error('Client was closed and is not queryable');
      const slot = this.pick();
      slot.inFlight++;
      try {
        const client = await slot.ready;
        // Retired or broken while this statement waited for it: another connection takes it.
        if (!this.slots.includes(slot) && attempt < 3) continue;
        onClient?.(client);
        this.corkForTurn(client);
        return await client.query<T>(config);
      } finally {
        slot.inFlight--;
      }
    }
  }

  /** Sends no more statements to `client`; it disconnects once those it carries are answered. */
  retire(client: pg.Client): void {
    const i = this.slots.findIndex((s) => s?.client === client);
    if (i !== -1) this.slots[i] = undefined;
    client.end().catch(() => {});
  }

  /** Ends every connection, after the statements they carry are answered. */
  async close(): Promise<void> {
    this.closed = true;
    const clients = this.slots.filter((s): s is Slot => s !== undefined).map((s) => s.client);
    this.slots.fill(undefined);
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }

  /** Connections open or being opened (for diagnostics and tests). */
  get size(): number {
    return this.slots.filter(Boolean).length;
  }

  /**
   * Holds the connection's writes to the end of this event-loop turn (pg corks and uncorks
   * around each statement; an outer cork makes those nest), so the turn's statements leave in
   * one write and wake the backend once.
   */
  private corkForTurn(client: pg.Client): void {
    const socket = socketOf(client);
    if (!socket || this.corked.has(socket)) return;
    socket.cork();
    this.corked.add(socket);
    if (this.corked.size === 1)
      setImmediate(() => {
        for (const s of this.corked) s.uncork();
        this.corked.clear();
      });
  }

  /** The slot with the fewest statements in flight; an empty slot is filled when all are busy. */
  private pick(): Slot {
    let best: Slot | undefined;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i] ?? (this.slots[i] = this.open(i));
      if (!best || slot.inFlight < best.inFlight) best = slot;
      if (best.inFlight === 0) break;
    }
    return best!;
  }

  private open(index: number): Slot {
    const client = new pg.Client({ ...this.config, pipeline: true } as pg.ClientConfig);
    const forget = () => {
      if (this.slots[index]?.client === client) this.slots[index] = undefined;
    };
    client.on('error', (error) => {
      forget();
      this.report(error);
    });
    client.on('end', forget);
    const ready = client.connect().then(
      () => client,
      (error: unknown) => {
        forget();
        throw error;
      },
    );
    // The statement that waits on `ready` is told of a failed connection; nobody else need be.
    ready.catch(() => {});
    return { client, ready, inFlight: 0 };
  }
}
