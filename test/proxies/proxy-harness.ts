import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { freePort } from '../support/redis-server.js';

export const EXAMPLES = resolve(__dirname, '..', '..', 'docs', 'examples');
export const NGINX = '/usr/sbin/nginx';
export const CADDY = '/usr/bin/caddy';

/** The addresses the examples in docs/examples are written for; a test puts its spare ports in their place. */
const GATEHOUSE_ADDRESS = '127.0.0.1:3000';
const APP_ADDRESS = '127.0.0.1:8080';

/** What the upstream app saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaderNames: string[];
  body: string;
}

/** The "app" behind the proxy: answers every request with what it received, so a test sees what reached it. */
export class EchoApp {
  readonly seen: SeenRequest[] = [];
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<EchoApp> {
    const port = await freePort();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const seen: SeenRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          rawHeaderNames: req.rawHeaders.filter((_, i) => i % 2 === 0),
          body: Buffer.concat(chunks).toString('utf8'),
        };
        app.seen.push(seen);
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'echo' }).end(JSON.stringify(seen));
      });
    });
    const app = new EchoApp(server, port);
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    return app;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }
}

export interface ProxyAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the upstream app received, when the request reached it. */
  upstream?: SeenRequest;
}

/** One raw HTTP/1.1 request (raw so that a test may send header names fetch would refuse, such as X-Auth-User_id). */
export function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<ProxyAnswer> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const upstream = res.headers['x-upstream'] === 'echo' && text ? (JSON.parse(text) as SeenRequest) : undefined;
          done({ status: res.statusCode ?? 0, headers: res.headers, body: text, upstream });
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

/** An example file from docs/examples with the test's ports put in; fails when a placeholder is gone (drift). */
export function exampleWithPorts(file: string, replacements: [string, string][]): string {
  let text = readFileSync(join(EXAMPLES, file), 'utf8');
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`docs/examples/${file} no longer contains "${from}"`);
    text = text.split(from).join(to);
  }
  return text;
}

export interface RunningProxy {
  port: number;
  stop(): Promise<void>;
}

/** Starts `binary` and waits until `port` answers; fails (never skips) when the binary is missing. */
async function startProcess(binary: string, args: string[], env: Record<string, string>, port: number): Promise<RunningProxy> {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run .ci/install-proxies.sh (Debian's nginx-light and caddy)`);
  let output = '';
  const child: ChildProcess = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}:\n${output}`);
    const up = await send(port, 'GET', '/_probe').then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`${binary} did not answer on ${port}:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    stop: async () => {
      process.off('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Debian's nginx with docs/examples/nginx-gatehouse.conf (and its include), in a folder of its own. */
export async function startNginx(dir: string, gatehousePort: number, appPort: number): Promise<RunningProxy> {
  const port = await freePort();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const verifyConf = join(dir, 'gatehouse-verify.conf');
  writeFileSync(verifyConf, readFileSync(join(EXAMPLES, 'nginx-gatehouse-verify.conf')));
  const site = exampleWithPorts('nginx-gatehouse.conf', [
    [GATEHOUSE_ADDRESS, `127.0.0.1:${gatehousePort}`],
    [APP_ADDRESS, `127.0.0.1:${appPort}`],
    ['listen 80;', `listen 127.0.0.1:${port};`],
    ['/etc/nginx/gatehouse-verify.conf', verifyConf],
  ]);
  // What /etc/nginx/nginx.conf gives a site on Debian, with every path in the test's folder.
  const main = [
    'daemon off;',
    'master_process on;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'logs', 'error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${join(dir, 'body')};`,
    `  proxy_temp_path ${join(dir, 'proxy')};`,
    `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
    `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
    `  scgi_temp_path ${join(dir, 'scgi')};`,
    site,
    '}',
  ].join('\n');
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, main);
  return startProcess(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'logs', 'error.log')], {}, port);
}

/** Debian's Caddy with docs/examples/Caddyfile, its admin API off and its state in the test's folder. */
export async function startCaddy(dir: string, gatehousePort: number, appPort: number): Promise<RunningProxy> {
  const port = await freePort();
  const site = exampleWithPorts('Caddyfile', [
    [GATEHOUSE_ADDRESS, `127.0.0.1:${gatehousePort}`],
    [APP_ADDRESS, `127.0.0.1:${appPort}`],
    [':80 {', `:${port} {`],
  ]);
  mkdirSync(dir, { recursive: true });
  // Global options of a test instance: no admin endpoint (parallel runs would share :2019), no certificates.
  const conf = join(dir, 'Caddyfile');
  writeFileSync(conf, `{\n\tadmin off\n\tauto_https off\n}\n\n${site}`);
  return startProcess(CADDY, ['run', '--config', conf, '--adapter', 'caddyfile'], { XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, HOME: dir }, port);
}
