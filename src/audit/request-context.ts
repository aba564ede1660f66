import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

export interface RequestContext {
  ip?: string;
  userAgent?: string;
}

const current = new AsyncLocalStorage<RequestContext>();

/** The client of the HTTP request being handled, if any: audit rows take their IP and user agent from it. */
export function requestContext(): RequestContext | undefined {
  return current.getStore();
}

/**
 * Carries the request's client through the handler, so that an event published by a service (an admin's role change,
 * a logout) is stored with the IP and user agent of the request that caused it, without every event and service
 * signature passing them along. The CLI and start-up have no request, and their rows none.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const client: RequestContext = { ip: request.ip, userAgent: request.headers['user-agent'] };
    return new Observable((subscriber) => current.run(client, () => next.handle().subscribe(subscriber)));
  }
}
