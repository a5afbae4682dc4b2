import os from 'node:os';

export interface MachineFacts {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly memoryGb: number;
  readonly os: string;
  /** 1-minute load average when the run started: other work on the machine skews absolute figures. */
  readonly loadAtStart: number;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    memoryGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAtStart: os.loadavg()[0] ?? 0,
  };
}

export function describeMachine(m: MachineFacts): string {
  return [
    `- CPU: ${m.cpu}, ${m.cores} cores`,
    `- Memory: ${m.memoryGb.toFixed(1)} GB`,
    `- Node: ${m.node} on ${m.os}`,
    `- Load average (1 min) at start: ${m.loadAtStart.toFixed(2)}`,
  ].join('\n');
}
