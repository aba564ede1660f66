import type { ExecutionContext, Type } from '@nestjs/common';

/** A route's handler and controller class, in Reflector's order (the handler's metadata wins). */
export type RouteTargets = [ReturnType<ExecutionContext['getHandler']>, Type];

/**
 * What a guard reads of a route's metadata, worked out once per handler and controller class. A route's decorators
 * are fixed when its class is defined, while Reflector walks reflect-metadata's maps (the handler's, then the
 * class's and its prototypes') for every key on every request: 2-3 µs a request over the four global guards.
 */
export class PerRoute<T> {
  private readonly byHandler = new WeakMap<object, { type: Type; value: T }>();

  constructor(private readonly read: (targets: RouteTargets) => T) {}

  of(context: ExecutionContext): T {
    const handler = context.getHandler();
    const type = context.getClass();
    const known = this.byHandler.get(handler);
    // A handler inherited by two controllers is read again when the class changes; right either way.
    if (known !== undefined && known.type === type) return known.value;
    const value = this.read([handler, type]);
    this.byHandler.set(handler, { type, value });
    return value;
  }
}
