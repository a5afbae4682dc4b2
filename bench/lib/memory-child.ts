import { spawn } from 'node:child_process';
import type { MemoryReport } from '../memory.js';

/** Runs bench/memory.ts in its own `node --expose-gc` process and reads its JSON line. */
export function runMemoryChild(verifications: number): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', 'bench/memory.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BENCH_MEMORY_VERIFICATIONS: String(verifications) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr = (stderr + c).slice(-4000);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`bench/memory.ts exited ${code}:\n${stderr}`));
        return;
      }
      resolve(JSON.parse(line) as MemoryReport);
    });
  });
}
