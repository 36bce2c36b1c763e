// The install path a user outside this repo takes: `npm pack` the netcheck package, `npm install -g` the tarball
// into an empty prefix with no registry reachable, then run the installed bin: --version, a real diagnosis of a
// port on loopback, the man page and the bash completion.
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Every file under `dir`, relative to it. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)],
  );
}

describe('npm pack -> npm install -g from the tarball alone', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'netcheck-install-'));
  const prefix = join(tmp, 'prefix');
  const bin = join(prefix, 'bin', 'netcheck');
  let tarball = '';
  let installLog = '';
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    // npm's own environment (npm_config_* from a parent `npm test`) must not steer these commands.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
    const packed = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: root, env });
    tarball = join(tmp, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
    // An empty cache, an unreachable registry and --offline: anything not in the tarball cannot be fetched.
    const install = await run(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--cache',
        join(tmp, 'cache'),
        '--offline',
        '--registry',
        'http://127.0.0.1:9/',
        '--no-audit',
        '--no-fund',
        '--loglevel',
        'http',
        tarball,
      ],
      { cwd: tmp, env },
    );
    installLog = install.stdout + install.stderr;
    server = createServer((s) => {
      s.on('error', () => {});
      s.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  }, 120_000);

  afterAll(() => {
    server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the tarball holds the bundle, the man page and the license, and depends on nothing', () => {
    const installed = join(prefix, 'lib', 'node_modules', 'netcheck');
    const files = walk(installed).sort();
    const chunks = files.filter((f) => /^dist\/[\w-]+-[A-Z0-9]{8}\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(3);
    const rest = files.filter((f) => !chunks.includes(f));
    expect(rest).toEqual(['LICENSE', 'dist/netcheck.1', 'dist/netcheck.js', 'package.json']);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(manifest.private).toBeUndefined();
  });

  it('installs with nothing fetched: no other package in the prefix, no registry request in the log', () => {
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['netcheck']);
    expect(installLog).not.toMatch(/@netcheck\//);
    expect(installLog).not.toMatch(/npm http fetch/);
    expect(installLog).toMatch(/added 1 package/);
  });

  it('netcheck --version prints the package version', async () => {
    const { stdout, stderr } = await run(bin, ['--version']);
    expect(stdout).toBe(`${pkg.version}\n`);
    expect(stderr).toBe('');
  });

  it('diagnoses a listening port on loopback: connect and ping steps fine, exit 0', async () => {
    const { stdout, stderr } = await run(bin, [`127.0.0.1:${port}`, '--json'], { timeout: 60_000 });
    const report = JSON.parse(stdout) as { version: number; facts: { step: string; state: string }[] };
    expect(report.version).toBe(2);
    expect(report.facts.find((f) => f.step === 'connect')?.state).toBe('fine');
    expect(report.facts.find((f) => f.step === 'ping')?.state).toBe('fine');
    expect(stderr).toBe('');
  });

  it('a refused port is a problem the installed CLI reports (exit 1)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unused = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await run(bin, [`127.0.0.1:${unused}`], { timeout: 60_000 }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stdout: string }).stdout).toMatch(/refused/);
  });

  it("only netcheck's words on stderr: dns --batch (64 in flight), NO_COLOR beside FORCE_COLOR", async () => {
    const dir = mkdtempSync(join(tmp, 'batch-'));
    const names = join(dir, 'names.txt');
    writeFileSync(names, Array.from({ length: 100 }, (_, i) => `n${i}.lab\n`).join(''));
    // a server that never answers: every query waits for its 100 ms timeout, all in flight together
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '1' };
    const port = String(silent.address().port);
    const args = ['dns', '--batch', names, '@127.0.0.1', '-p', port, '--timeout', '100', '--tries', '1'];
    const batch = await run(bin, args, { env }).catch((e: { stdout: string; stderr: string }) => e);
    silent.close();
    expect(batch.stdout.trim().split('\n')).toHaveLength(100);
    expect(batch.stderr).toBe('');
    const ping = await run(bin, ['ping', '127.0.0.1', '-c', '1'], { env }).catch((e: { stderr: string }) => e);
    expect(ping.stderr).toBe('');
  });

  it('keeps compiled code under $XDG_CACHE_HOME, and answers alike without it', async () => {
    const cache = mkdtempSync(join(tmp, 'cache-'));
    const env = { ...process.env, XDG_CACHE_HOME: cache };
    const first = await run(bin, ['dns', '--help'], { env });
    const dir = join(cache, 'netcheck', 'compile-cache', `node-${process.version}-${process.arch}`);
    const entries = readdirSync(dir);
    expect(entries).toContainEqual(expect.stringMatching(/^bin-[A-Z0-9]{8}\.js\.cache$/));
    expect(entries).toContainEqual(expect.stringMatching(/^dns-[A-Z0-9]{8}\.js\.cache$/));
    const second = await run(bin, ['dns', '--help'], { env });
    expect(second).toEqual(first);
    const none = mkdtempSync(join(tmp, 'cache-'));
    const off = await run(bin, ['dns', '--help'], {
      env: { ...env, XDG_CACHE_HOME: none, NODE_DISABLE_COMPILE_CACHE: '1' },
    });
    expect(off).toEqual(first);
    expect(readdirSync(none)).toEqual([]);
  });

  it('installs the man page where man finds it', () => {
    const page = join(prefix, 'share', 'man', 'man1', 'netcheck.1');
    expect(statSync(page).isFile()).toBe(true);
    expect(readFileSync(page, 'utf8')).toContain('.SS netcheck dns');
  });

  it('the bash completion loads without errors and registers netcheck', async () => {
    const script = `source <("${bin}" completion bash) && complete -p netcheck`;
    const { stdout, stderr } = await run('bash', ['--norc', '-c', script]);
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('complete -F _netcheck netcheck');
  });
});
