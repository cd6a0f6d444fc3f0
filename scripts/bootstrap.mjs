// The npm scripts' entry point. Plain Node with no dependencies, because it runs before `npm install`:
// it installs what is missing (npm packages, the Temporal CLI), then runs scripts/<command>.ts through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const temporalVersion = 'v1.5.1';
const commands = new Set(['up', 'test', 'migrate', 'capture-histories']);
const [command, ...args] = process.argv.slice(2);
if (!commands.has(command)) {
  console.error(`usage: node scripts/bootstrap.mjs <${[...commands].join('|')}> [args…]`);
  process.exit(2);
}
const say = (message) => console.log(`[tandem] ${message}`);

function run(cmd, cmdArgs, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${cmdArgs.join(' ')} exited with ${code}`))));
  });
}

/** A heartbeat so a long step never sits silent: CI logs and people both want to know it is alive. */
async function withHeartbeat(what, work) {
  const started = Date.now();
  say(`${what}…`);
  const timer = setInterval(() => say(`${what}: still working (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  say(`${what}: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

async function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || (existsSync('package-lock.json') && statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  await withHeartbeat('Installing npm dependencies (the first run takes a few minutes)', () =>
    run('npm', [existsSync('package-lock.json') ? 'ci' : 'install', '--no-audit', '--no-fund']),
  );
}

/** The Temporal CLI lives outside the checkout so fresh clones (CI) reuse it; a marker records its version. */
async function ensureTemporalCli() {
  const given = process.env.TEMPORAL_CLI_PATH;
  if (given) {
    if (!existsSync(given)) throw new Error(`TEMPORAL_CLI_PATH=${given} does not exist`);
    return given;
  }
  const dir = join(homedir(), '.cache', 'tandem', 'bin');
  const binary = join(dir, 'temporal');
  const marker = join(dir, 'temporal.version');
  if (existsSync(binary) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === temporalVersion) return binary;
  if (spawnSync('go', ['version']).status !== 0) {
    throw new Error(
      `The Temporal CLI ${temporalVersion} is needed and Go is not installed to build it.\n` +
        `Install Go ≥ 1.25 and run this again, or download the temporal CLI ${temporalVersion} release for your platform\n` +
        'and set TEMPORAL_CLI_PATH to the binary.',
    );
  }
  mkdirSync(dir, { recursive: true });
  await withHeartbeat(`Building the Temporal CLI ${temporalVersion} with go install into ${dir} (several minutes on 2 cores)`, () =>
    run('go', ['install', `github.com/temporalio/cli/cmd/temporal@${temporalVersion}`], { env: { ...process.env, GOBIN: dir } }),
  );
  writeFileSync(marker, `${temporalVersion}\n`);
  return binary;
}

try {
  await ensureNodeModules();
  const cli = await ensureTemporalCli();
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${command}.ts`, ...args], {
    stdio: 'inherit',
    env: { ...process.env, TEMPORAL_CLI_PATH: cli },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} catch (error) {
  console.error(`[tandem] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
