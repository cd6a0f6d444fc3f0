/** One number of a run: its variable, its default for a full and a quick run, and what it means. */
export interface Knob {
  env: string;
  full: number;
  quick: number;
  help: string;
}

/** One line per knob, for `--help` and for an unknown argument. */
export function knobUsage(header: string, knobs: Record<string, Knob>): string {
  const entries = Object.entries(knobs);
  const nameWidth = Math.max(...entries.map(([name]) => name.length));
  const envWidth = Math.max(...entries.map(([, k]) => k.env.length));
  return `${header}\n${entries
    .map(([name, k]) => `  --${name.padEnd(nameWidth)} ${k.env.padEnd(envWidth)} ${String(k.full).padStart(4)} (quick ${k.quick})  ${k.help}`)
    .join('\n')}`;
}

/**
 * Reads a command line of `--quick`, the command's own switches and `--name value` (or `--name=value`) for each
 * knob; a knob not given there comes from its variable, else from its default for a full or a quick run.
 */
export function readKnobs<Name extends string>(
  knobs: Record<Name, Knob>,
  argv: string[],
  env: NodeJS.ProcessEnv,
  usage: () => string,
  switches: readonly string[] = [],
): { quick: boolean; switchOn: (name: string) => boolean; number: (name: Name) => number } {
  const values = new Map<string, string>();
  const on = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick' || switches.some((s) => arg === `--${s}`)) {
      on.add(arg.slice(2));
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1] in knobs)) throw new Error(`unknown argument ${arg}\n${usage()}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    values.set(match[1], value);
  }
  const quick = on.has('quick');
  const number = (name: Name): number => {
    const knob = knobs[name];
    const raw = values.get(name) ?? env[knob.env];
    if (raw === undefined || raw === '') return quick ? knob.quick : knob.full;
    const n = Number(raw);
    if (!(Number.isFinite(n) && n > 0)) throw new Error(`--${name} / ${knob.env} must be a positive number, got "${raw}"`);
    return n;
  };
  return { quick, switchOn: (name) => on.has(name), number };
}
