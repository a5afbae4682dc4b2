/**
 * `npm run bench`: throughput and latency of the reference server against a bare node:http
 * baseline and the Prism mock, memory with a million live verifications, and the conformance
 * suite's wall time. Writes bench/RESULTS.md and prints the same text.
 *
 * Quick run: BENCH_SECONDS=2 BENCH_ROUNDS=1 BENCH_WARMUP=1 BENCH_MEMORY_VERIFICATIONS=100000
 * BENCH_CONFORM_RUNS=1 BENCH_COLDSTART_RUNS=3 npm run bench. Parts:
 * BENCH_ONLY=throughput,memory,conformance,coldstart;
 * targets: BENCH_TARGETS=bare,reference,redis,prism (redis: skipped without redis-server); BENCH_CONNECTIONS (50); BENCH_RESULTS (file).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runColdStart } from './lib/cold-start.js';
import { describeConfig, readConfig } from './lib/config.js';
import { timeConformance } from './lib/conformance.js';
import { describeMachine, machineFacts } from './lib/machine.js';
import { runMemoryChild } from './lib/memory-child.js';
import { type BenchReport, renderReport } from './lib/report.js';
import { runThroughput } from './lib/throughput.js';

// Child processes are started with paths relative to the repository root.
process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const config = readConfig();
const machine = machineFacts();
log(`machine:\n${describeMachine(machine)}`);
log(`config: ${describeConfig(config)}; parts: ${config.parts.join(', ')}`);

const envKnobs = Object.entries(process.env)
  .filter(([k]) => k.startsWith('BENCH_'))
  .map(([k, v]) => `${k}=${v}`);
const report: { -readonly [K in keyof BenchReport]: BenchReport[K] } = {
  date: new Date(),
  command: [...envKnobs, 'npm run bench'].join(' '),
  machine,
  config,
  loadAtEnd: 0,
};

if (config.parts.includes('throughput')) {
  report.throughput = await runThroughput(config, log);
}
if (config.parts.includes('memory')) {
  log(`memory: ${config.memoryVerifications.toLocaleString('en-US')} verifications…`);
  report.memory = await runMemoryChild(config.memoryVerifications);
}
if (config.parts.includes('conformance')) {
  report.conformance = await timeConformance(config.conformRuns, log);
}
if (config.parts.includes('coldstart')) {
  report.coldStart = await runColdStart(config.coldStartRuns, config.targets.includes('prism'), log);
}
report.loadAtEnd = os.loadavg()[0] ?? 0;

const text = renderReport(report);
await writeFile(config.resultsFile, text);
process.stdout.write(`\n${text}`);
log(`written to ${config.resultsFile}`);
