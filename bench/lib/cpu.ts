import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux everywhere in practice). */
const USER_HZ = 100;

/** CPU seconds (user + system) a process has used so far; undefined off Linux. */
export async function processCpuSeconds(pid: number): Promise<number | undefined> {
  const split = await processCpuSplit(pid);
  return split === undefined ? undefined : split.user + split.system;
}

/** User and system CPU seconds of a process so far, apart; undefined off Linux. */
export async function processCpuSplit(pid: number): Promise<{ user: number; system: number } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / USER_HZ, system: Number(fields[12]) / USER_HZ };
  } catch {
    return undefined;
  }
}

/** CPU seconds of this process (the load generator). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
