// Pipelined PostgreSQL connections for the reads that run outside a transaction (every page of a
// Describe or List).
//
// Why: with one statement in flight per connection (pg.Pool), every statement wakes a sleeping
// backend with a write of its own, and every answer wakes node. Where node, the backends and the
// clients share a few cores, those wake-ups were most of a request's cost: a profile of computed
// DescribeImages pages on PostgreSQL put 40-47% of node's samples in the statements' writev.
// Here a connection carries many statements at once (pg's `pipeline: true`), and the statements
// of one event-loop turn leave in one write per connection. Each statement is still its own
// Parse/Bind/Execute/Sync, so it is its own implicit transaction and an error ends only it.
// Measured side by side (2 cores, 32 HTTP connections, 25-image pages, 1,000 images): 3,544-3,970
// -> 4,953-5,946 req/s, p99 26-31.5 -> 15.5-19.2 ms (bench/analysis.md).
//
// The price is head-of-line blocking: a statement waits for those sent before it on its
// connection. So only reads come here (a write can wait on a row lock), a statement goes to the
// connection with the fewest in flight, and no connection carries more than `maxDepth`: beyond
// that the caller runs the statement elsewhere (full()).
//
// A connection that breaks leaves its slot empty for the next statement to refill; a retired one
// (its prepared statements went stale) answers what it carries, then disconnects.
import type { Socket } from 'node:net';
import pg from 'pg';

interface Slot {
  client: pg.Client;
  /** Resolves once connected; rejects if the connection could not be made or the set closed. */
  ready: Promise<pg.Client>;
  /** Rejects `ready` while it is pending (close() during the connect). */
  abandon: (error: Error) => void;
  /** Statements sent and not yet answered. */
  inFlight: number;
}

/** What pg keeps of a connection and does not type: its socket and its prepared statements. */
interface Connection {
  stream?: Partial<Socket>;
  /** Names whose Parse the backend confirmed. */
  parsedStatements?: Record<string, string>;
  /** Names whose Parse was sent and not yet confirmed. */
  submittedNamedStatements?: Record<string, string>;
}
const connectionOf = (client: pg.Client) => (client as unknown as { connection?: Connection }).connection;

function socketOf(client: pg.Client): Socket | undefined {
  const stream = connectionOf(client)?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? (stream as Socket) : undefined;
}

/**
 * The statement as it may be sent on `client`. pg sends a name's Parse once and, in pipeline
 * mode, binds the statements behind it to that name before the backend has confirmed it; if
 * that Parse fails (a lock wait ran out, a missing table), each of them fails with 26000
 * ("prepared statement does not exist") instead of its own error. So while a name's Parse is
 * unconfirmed, a statement goes unnamed (parsed and planned for itself alone).
 */
function sendable(client: pg.Client, config: pg.QueryConfig): pg.QueryConfig {
  const name = config.name;
  if (name === undefined) return config;
  const connection = connectionOf(client);
  const unconfirmed = connection?.parsedStatements?.[name] === undefined && connection?.submittedNamedStatements?.[name] !== undefined;
  return unconfirmed ? { ...config, name: undefined } : config;
}

const closedError = () => new Error('Client was closed and is not queryable');

export class PipelinedClients {
  private readonly slots: (Slot | undefined)[];
  /** Order of opening: a schema change makes every connection opened before it stale. */
  private readonly ids = new WeakMap<pg.Client, number>();
  private readonly connected = new WeakSet<pg.Client>();
  /** Connections told to end, until they have: close() waits for them. */
  private readonly ending = new Map<pg.Client, Promise<void>>();
  /** Sockets holding this turn's statements, written together by one setImmediate. */
  private readonly corked = new Set<Socket>();
  private opened = 0;
  private closed = false;

  /**
   * @param config what each connection is made with (pg.Client's options; `pipeline` is added)
   * @param size how many pipelined connections at most (at least 1)
   * @param report called with errors of broken connections (they never throw)
   * @param maxDepth statements in flight per connection at most (see full())
   */
  constructor(
    private readonly config: pg.ClientConfig,
    size: number,
    private readonly report: (error: Error) => void,
    private readonly maxDepth = 32,
  ) {
    this.slots = new Array<Slot | undefined>(Math.max(1, size)).fill(undefined);
  }

  /** True when every connection carries maxDepth statements: run the next one elsewhere. */
  full(): boolean {
    return this.slots.every((s) => s !== undefined && s.inFlight >= this.maxDepth);
  }

  /**
   * Runs one statement on the connection with the fewest in flight, connecting it first if its
   * slot is empty. Rejects with pg's error (SQL refused, connection lost or not made, read
   * timeout, or "Client was closed" after close()): the caller normalises it. `onClient` is
   * told the connection (for retire()).
   */
  async query<T extends pg.QueryResultRow>(config: pg.QueryConfig, onClient?: (client: pg.Client) => void): Promise<pg.QueryResult<T>> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw closedError();
      const slot = this.pick();
      slot.inFlight++;
      try {
        const client = await slot.ready;
        // Retired or broken while this statement waited for it: another connection takes it.
        if (!this.slots.includes(slot) && attempt < 3) continue;
        onClient?.(client);
        this.corkForTurn(client);
        return await client.query<T>(sendable(client, config));
      } finally {
        slot.inFlight--;
      }
    }
  }

  /**
   * Sends no more statements to `client` (and, with `andOlder`, to every connection opened
   * before it); each disconnects once the statements it carries are answered.
   */
  retire(client: pg.Client, andOlder = false): void {
    const id = this.ids.get(client);
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (slot && (slot.client === client || (andOlder && id !== undefined && this.ids.get(slot.client)! <= id))) {
        this.slots[i] = undefined;
        this.end(slot.client);
      }
    }
    this.end(client);
  }

  /** Ends every connection, after the statements they carry are answered; a connect in progress is abandoned. */
  async close(): Promise<void> {
    this.closed = true;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) continue;
      this.slots[i] = undefined;
      slot.abandon(closedError());
      this.end(slot.client);
    }
    await Promise.all(this.ending.values());
  }

  private end(client: pg.Client): void {
    // One that never connected has nothing to answer: pg drops it, and nobody need wait.
    if (!this.connected.has(client)) {
      client.end().catch(() => {});
      return;
    }
    if (this.ending.has(client)) return;
    const ended = client
      .end()
      .catch(() => {})
      .finally(() => this.ending.delete(client));
    this.ending.set(client, ended);
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
    this.ids.set(client, ++this.opened);
    const forget = () => {
      if (this.slots[index]?.client === client) this.slots[index] = undefined;
    };
    client.on('error', (error) => {
      forget();
      this.report(error);
    });
    client.on('end', forget);
    let abandon!: (error: Error) => void;
    const ready = new Promise<pg.Client>((resolve, reject) => {
      abandon = reject;
      client.connect().then(
        () => {
          this.connected.add(client);
          resolve(client);
        },
        (error: unknown) => {
          forget();
          reject(error);
        },
      );
    });
    // The statements that wait on `ready` are told of a failed connection; nobody else need be.
    ready.catch(() => {});
    return { client, ready, abandon, inFlight: 0 };
  }
}
