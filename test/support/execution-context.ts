import type { ExecutionContext } from '@nestjs/common';

/** A minimal HTTP ExecutionContext for guard unit specs: the handler and class carry real decorator metadata. */
export function httpContext(
  cls: new (...args: never[]) => object,
  handlerName: string,
  request: Record<string, unknown>,
): ExecutionContext {
  const handler = (cls.prototype as Record<string, unknown>)[handlerName] as () => unknown;
  return {
    getHandler: () => handler,
    getClass: () => cls,
    getType: () => 'http',
    getArgs: () => [request, {}, () => undefined],
    getArgByIndex: (i: number) => [request, {}, () => undefined][i],
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}), getNext: () => () => undefined }),
    switchToRpc: () => { throw new Error('not rpc'); },
    switchToWs: () => { throw new Error('not ws'); },
  } as unknown as ExecutionContext;
}
