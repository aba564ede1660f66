import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'blackhole';

/**
 * A TCP proxy in front of PostgreSQL or Redis, so a test can cut one instance off without stopping the shared server:
 * `refuse` drops every connection (like a stopped server), `blackhole` keeps them open but forwards nothing
 * (like a partition), `pass` forwards again.
 */
export class TcpProxy {
  private mode: ProxyMode = 'pass';
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    // Connections arrive only after listen() has resolved, by which time `proxy` exists.
    const server = createServer((client) => proxy.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  set(mode: ProxyMode): void {
    this.mode = mode;
    if (mode === 'pass') return;
    for (const socket of this.sockets) {
      if (mode === 'refuse') socket.destroy();
      else socket.pause();
    }
    if (mode === 'refuse') this.sockets.clear();
  }

  /** Back to forwarding; connections held in a blackhole are dropped, as a healed partition would reset them. */
  restore(): void {
    for (const socket of this.sockets) if (socket.isPaused()) socket.destroy();
    this.mode = 'pass';
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    client.on('error', () => undefined);
    if (this.mode === 'refuse') return void client.destroy();
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    if (this.mode === 'blackhole') return void client.pause();
    const upstream = createConnection({ host, port });
    upstream.on('error', () => client.destroy());
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
