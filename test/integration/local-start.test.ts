import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
const holders: Server[] = [];

/** `npm start` (node --import tsx local/start.ts) with these ports, its output gathered as it comes. */
const npmStart = (ports: { PORT: string; SANDBOX_PORT: string }) => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...ports };
  delete env.DATA_DIR;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: root, env });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    out.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out.stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
};

/** Resolves once `check` holds, polling every 50 ms. */
const until = async (check: () => boolean, what: string, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A port this test holds, so that npm start finds it taken. */
const takenPort = async (): Promise<string> => {
  const holder = createServer();
  holders.push(holder);
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return String((holder.address() as { port: number }).port);
};

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const holder of holders.splice(0)) await new Promise((r) => holder.close(r));
});

describe('npm start', () => {
  it('prints one line per request: method, path, status, ms and the payment id of a payment path', async () => {
    const { out, child, exited } = npmStart({ PORT: '0', SANDBOX_PORT: '0' });
    await until(() => /API +http:\/\/\S+/.test(out.stdout), 'the start banner');
    const apiUrl = (/API +(http:\/\/\S+)/.exec(out.stdout) as RegExpExecArray)[1];
    const before = out.stdout.split('\n').length;
    await fetch(`${apiUrl}/health`);
    await fetch(`${apiUrl}/v1/payments/pay_missing`, { headers: { authorization: 'Bearer sk_test_demo' } });
    await fetch(`${apiUrl}/nowhere`);
    await until(() => out.stdout.includes('/nowhere'), 'the third request line');
    expect(out.stdout.split('\n').slice(before - 1, -1)).toEqual([
      expect.stringMatching(/^GET \/health 200 \d+ ms$/),
      expect.stringMatching(/^GET \/v1\/payments\/pay_missing 404 \d+ ms pay_missing$/),
      expect.stringMatching(/^GET \/nowhere 404 \d+ ms$/),
    ]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.each([
    'PORT',
    'SANDBOX_PORT',
  ] as const)('says in one line that %s is taken, no stack trace, exit code 1', async (variable) => {
    const port = await takenPort();
    const { out, exited } = npmStart({ PORT: '0', SANDBOX_PORT: '0', [variable]: port });
    expect(await exited).toBe(1);
    const lines = out.stderr.split('\n');
    expect(lines.filter((line) => line.startsWith('paybridge:'))).toEqual([
      `paybridge: port ${port} is already in use; set ${variable} to a free port and start again.`,
    ]);
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
    expect(out.stdout).not.toContain('paybridge is running locally');
  });
});
