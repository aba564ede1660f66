import type { FastifyRequest } from 'fastify';
import type { RequestContext } from './recovery.events.js';

/** The client IP (as TRUST_PROXY decides it) and user agent of a request, for events and per-IP limits. */
export function contextOf(req: FastifyRequest): RequestContext {
  return { ip: req.ip, userAgent: req.headers['user-agent'] };
}
