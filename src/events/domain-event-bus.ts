import { Injectable } from '@nestjs/common';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventClass<E extends object> = abstract new (...args: any[]) => E;
type Handler<E> = (event: E) => void | Promise<void>;

/**
 * In-process domain events: a flow announces a change of state ("roles changed", "password changed") and the modules
 * that must follow it (revocation, audit, metrics) subscribe, so no flow calls another module's service to keep it in
 * step. Unlike a fire-and-forget emitter, `publish` awaits every handler in subscription order and lets a failure
 * propagate: a revocation that failed must fail the request that caused it (fail closed), never leave a token alive
 * behind a 200.
 */
@Injectable()
export class DomainEventBus {
  private readonly handlers = new Map<EventClass<object>, Handler<object>[]>();

  subscribe<E extends object>(type: EventClass<E>, handler: Handler<E>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as Handler<object>);
    this.handlers.set(type, list);
  }

  async publish(event: object): Promise<void> {
    for (const handler of this.handlers.get(event.constructor as EventClass<object>) ?? []) await handler(event);
  }
}
