import type pg from 'pg';
import { pgClient } from './client.ts';

export interface ChannelHandlers {
  /** A notification on the channel (sent by a transaction that has committed). */
  notify(payload: string | undefined): void;
  /** The connection is up and listening: changes made while it was down are unknown. */
  live(): void;
  /** The connection is lost: nothing heard until `live` again. */
  lost(): void;
}

/**
 * One PostgreSQL connection that LISTENs on a channel and hands its notifications on,
 * reconnecting every two seconds while the database is unreachable. What other server
 * processes change reaches this one through it (sessions ended, data changed).
 */
export class ChannelListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly on: ChannelHandlers,
  ) {}

  async start(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = await pgClient(this.connectionString);
      if (this.stopped) {
        await client.end().catch(() => {});
        return;
      }
      client.on('notification', (msg) => {
        if (msg.channel === this.channel) this.on.notify(msg.payload);
      });
      const lost = () => {
        if (this.client !== client) return;
        this.client = null;
        this.on.lost();
        client.end().catch(() => {});
        this.scheduleRetry();
      };
      client.on('error', lost);
      client.on('end', lost);
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
      this.on.live();
    } catch {
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.start();
    }, 2_000);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }
}

/** The connection string of a PostgreSQL pool behind a drizzle database, if it has one. */
export function connectionStringOf(db: object): string | null {
  const options = (db as { $client?: { options?: { connectionString?: string } } }).$client?.options;
  return options?.connectionString ?? null;
}
