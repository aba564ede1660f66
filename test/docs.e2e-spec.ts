import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The documentation is checked against the repository, not against a running app: openapi.json is the app's own
// document, and test/openapi.e2e-spec.ts fails while it differs from what the app serves (`npm run openapi`).
const ROOT = join(__dirname, '..');

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Each line of a Markdown file, or null inside a fenced code block; with `blankCode`, inline code spans are blanked. */
function proseLines(markdown: string, blankCode: boolean): (string | null)[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return null;
    }
    if (fenced) return null;
    return blankCode ? line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)) : line;
  });
}

const VERSION_2 = '## Account recovery, second factors, machine clients, audit (version 2)';

/** The first column of the first table after `heading`: "POST /auth/login", "GET, HEAD /auth/verify", ... */
function contractRoutes(markdown: string, heading = '## Endpoints'): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim().startsWith(heading));
  if (start < 0) throw new Error(`docs/http-api.md has no "${heading}" heading`);
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) rows.push(line);
    else if (rows.length > 0) break; // the first table has ended
  }
  const routes: string[] = [];
  for (const row of rows.slice(2)) {
    // "GET, HEAD /auth/verify": a method without a path shares the path of the next entry.
    const entries = row
      .split('|')[1]
      .trim()
      .split(/\s*,\s*/);
    let path = '';
    for (const entry of entries.reverse()) {
      const [method, ownPath] = entry.split(/\s+/);
      path = ownPath ?? path;
      routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

// In the contract's table but not operations of the OpenAPI document, each for a reason:
const NOT_IN_OPENAPI: Record<string, string> = {
  'HEAD /auth/verify': 'Fastify answers HEAD for every GET route; the document lists the GET',
  'GET /docs': 'Swagger UI itself',
  'GET /docs-json': 'the document itself',
};

function openapiRoutes(): string[] {
  const document = JSON.parse(read('openapi.json')) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown, false)) {
    const heading = line !== null && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
    );
  return ['README.md', ...walk('docs')];
}

/** Every relative link target in a Markdown file that does not resolve, as "file:line target (reason)". */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  proseLines(read(file), true).forEach((line, index) => {
    if (line === null) return;
    for (const match of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
      const [pathPart, anchor] = target.split('#');
      const targetFile = pathPart === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURIComponent(pathPart));
      const where = `${file}:${index + 1} ${target}`;
      if (!targetFile.startsWith(ROOT + '/') && targetFile !== ROOT) broken.push(`${where} (outside the repository)`);
      else if (!existsSync(targetFile)) broken.push(`${where} (no such file: ${relative(ROOT, targetFile)})`);
      else if (anchor && targetFile.endsWith('.md') && statSync(targetFile).isFile()) {
        if (!headingAnchors(readFileSync(targetFile, 'utf8')).has(anchor)) broken.push(`${where} (no heading #${anchor})`);
      }
    }
  });
  return broken;
}

describe('Documentation', () => {
  it('the version 1 endpoint table of docs/http-api.md names exactly the routes of openapi.json, beside built version 2 routes', () => {
    const documented = contractRoutes(read('docs/http-api.md'));
    for (const route of Object.keys(NOT_IN_OPENAPI)) expect(documented, `${route} is no longer in the table`).toContain(route);
    const inTable = documented.filter((route) => !(route in NOT_IN_OPENAPI));
    const inOpenapi = openapiRoutes();
    // Routes of version 2 are built one issue at a time: each one built must be a row of the version 2 table.
    const version2 = contractRoutes(read('docs/http-api.md'), VERSION_2);
    expect({
      inDocsNotInOpenapi: inTable.filter((route) => !inOpenapi.includes(route)),
      inOpenapiNotInDocs: inOpenapi.filter((route) => !inTable.includes(route) && !version2.includes(route)),
    }).toEqual({ inDocsNotInOpenapi: [], inOpenapiNotInDocs: [] });
    expect(inTable.length).toBeGreaterThan(20);
  });

  it('every relative link in README.md and docs/ points to an existing file and heading', () => {
    const files = markdownFiles();
    expect(files).toContain('docs/http-api.md');
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });

  it('docs/proxies.md shows the proxy configurations that test/proxies/ runs, each exactly as in docs/examples', () => {
    const page = read('docs/proxies.md');
    for (const file of ['nginx-gatehouse.conf', 'nginx-gatehouse-verify.conf', 'Caddyfile']) {
      expect(page.includes('\n' + read(`docs/examples/${file}`) + '```'), `docs/examples/${file} differs from docs/proxies.md`).toBe(true);
    }
  });

  it('computes GitHub heading anchors the way GitHub does', () => {
    const anchors = headingAnchors('# Browser clients: cookie mode (`AUTH_COOKIES=true`)\n## Notes\n## Notes\n```\n# not a heading\n```');
    expect([...anchors]).toEqual(['browser-clients-cookie-mode-auth_cookiestrue', 'notes', 'notes-1']);
  });
});
