import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// A client-supplied id (e.g. from a reverse proxy) is kept only when short and plain, so it cannot forge log structure.
const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Fastify's genReqId: the id pino-http puts on every log line of the request. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

/** Returns the id as X-Request-Id, so a client can quote it when reporting a problem. */
export function exposeRequestIds(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('X-Request-Id', request.id);
      done();
    });
}
