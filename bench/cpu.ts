import { readdirSync, readFileSync } from 'node:fs';

export interface CpuShare {
  /** Fraction of the machine's CPU time that was busy during the span (1 = every core all the time). */
  busy: number;
  /** Of that, the fraction used by processes outside the bench's own tree: another test run, a build, an editor. */
  foreign: number;
}

interface Sample {
  total: number;
  busy: number;
  ours: number;
}

function machineTicks(): { total: number; busy: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = fields.map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  // idle and iowait
  return { total, busy: total - ticks[3] - ticks[4] };
}

/** utime + stime of this process and all its descendants: the API, the workers, the servers it started. */
function ourTicks(): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields are counted from after its closing one.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited while we looked
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, { ppid }] of stats) {
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return [...ours].reduce((sum, pid) => sum + (stats.get(pid)?.ticks ?? 0), 0);
}

const sample = (): Sample => ({ ...machineTicks(), ours: ourTicks() });

/**
 * How busy the machine was during a timed phase, and how much of that was not the bench: on a shared 2-core
 * machine a concurrent test run halves every number, and the results should say so. Linux only (/proc);
 * elsewhere it measures nothing.
 */
export function startCpuMeter(): () => CpuShare | null {
  if (process.platform !== 'linux') return () => null;
  const start = sample();
  return () => {
    const end = sample();
    const total = end.total - start.total || 1;
    const busy = end.busy - start.busy;
    const round = (x: number) => Math.round(Math.max(0, x) * 100) / 100;
    // The two reads are not one instant apart: keep the share of others within the busy share.
    const foreign = Math.min(busy, busy - (end.ours - start.ours));
    return { busy: round(busy / total), foreign: round(foreign / total) };
  };
}
