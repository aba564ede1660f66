import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../authorization/index.js';
import type { RequestOrigin } from './mfa.events.js';

/** The audit-relevant facts of a request: the caller's session, the client address and user agent. */
export function requestOrigin(req: FastifyRequest, caller?: AuthUser): RequestOrigin {
  return { sessionId: caller?.sid, ip: req.ip, userAgent: req.headers['user-agent']?.slice(0, 256) };
}
