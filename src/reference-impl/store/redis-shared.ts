import type { SharedOffset } from '../clock.js';
import type { Sms } from '../domain/models.js';
import type { SmsFanOut } from '../domain/sms-outbox.js';
import { type RedisClient, redisCall } from './redis-store.js';

/**
 * The clock offset of `POST /__control/clock`, one integer in Redis (INCRBY is atomic, so two
 * replicas moving the clock at once both count). The engine reads it before every request: one
 * GET, pipelined with the request's other commands; a cache would let a replica answer with the
 * old time right after a move on another one.
 */
export class RedisClockOffset implements SharedOffset {
  constructor(
    private readonly client: RedisClient,
    private readonly key: string,
  ) {}

  async read(): Promise<number> {
    const raw = await redisCall(() => this.client.get(this.key));
    return raw === null ? 0 : Number(raw);
  }

  add(ms: number): Promise<number> {
    return redisCall(() => this.client.incrBy(this.key, Math.round(ms)));
  }
}

/**
 * Every SMS to every replica over Redis pub/sub: each replica publishes what it sends (tagged
 * with its own id) and delivers what the others publish to its local listeners (the inbox page,
 * the demo log). Pub/sub is at most once: a replica that is disconnected at the moment misses
 * the live event; the outbox in Redis (`GET /__control/sms`, the inbox's list) still has it.
 */
export class RedisSmsFanOut implements SmsFanOut {
  readonly #id = crypto.randomUUID();
  readonly #delivers = new Set<(sms: Sms) => void>();

  private constructor(
    private readonly publisher: RedisClient,
    private readonly channel: string,
    private readonly onFault: (error: unknown) => void,
  ) {}

  /**
   * Subscribes `subscriber` (a connection of its own: a subscribed connection takes no other
   * commands) before resolving, so an SMS sent once every replica is up reaches all of them.
   * node-redis subscribes again by itself after a reconnect.
   */
  static async start(options: {
    readonly publisher: RedisClient;
    readonly subscriber: RedisClient;
    readonly channel: string;
    readonly onFault: (error: unknown) => void;
  }): Promise<RedisSmsFanOut> {
    const fanOut = new RedisSmsFanOut(options.publisher, options.channel, options.onFault);
    await options.subscriber.subscribe(options.channel, (message) => fanOut.#receive(message));
    return fanOut;
  }

  publish(sms: Sms): void {
    const message = JSON.stringify({ from: this.#id, sms });
    this.publisher.publish(this.channel, message).catch(this.onFault);
  }

  subscribe(deliver: (sms: Sms) => void): void {
    this.#delivers.add(deliver);
  }

  #receive(message: string): void {
    let parsed: { from: string; sms: Sms };
    try {
      parsed = JSON.parse(message) as { from: string; sms: Sms };
    } catch (error) {
      // Something else published on the channel: reported, never thrown into the client.
      this.onFault(error);
      return;
    }
    if (parsed.from === this.#id) return; // delivered locally when it was sent
    for (const deliver of this.#delivers) deliver(parsed.sms);
  }
}
