// Real tools for interop tests: whether a command is installed, and a redis-server of a test's own.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function available(command: string): Promise<boolean> {
  try {
    await run(command, ['--version']);
    return true;
  } catch {
    return false;
  }
}

export /** A redis-server of its own on a free port, without persistence; stopped after the suite. */
async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let log = '';
  redis.stdout?.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    redis.stdout?.on('data', (text: string) => {
      log += text;
      if (log.includes('Ready to accept connections')) resolve();
    });
    redis.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${log}`)));
  });
  return redis;
}

/** redis-cli against 127.0.0.1:port with `commands` on stdin (one per line); its output. */
export async function redisCli(port: number, commands: string): Promise<string> {
  const cli = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port)], { timeout: 10_000 });
  cli.stdin.end(commands);
  let out = '';
  cli.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  await once(cli, 'close');
  return out;
}
