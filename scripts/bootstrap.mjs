// The npm scripts' entry point: `node scripts/bootstrap.mjs <command> [args…]`.
// Plain Node with no dependencies, because it runs before `npm install` on a fresh clone: it installs what is
// missing (npm packages, the Temporal CLI), then runs scripts/<command>.ts through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { constants as osConstants, homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const temporalCliVersion = '1.5.1';
const temporalCliModule = 'github.com/temporalio/cli';
const commands = ['up', 'test', 'migrate', 'capture-histories', 'bench', 'chaos', 'audit-verify', 'replay', 'archive', 'screenshots', 'test-cluster', 'image-check'];
/** The commands that start a Temporal dev server; the others (an auditor's checks among them) need no CLI built. */
const startsTemporal = ['up', 'test', 'capture-histories', 'bench', 'chaos', 'screenshots', 'image-check'];
const temporalServerVersion = '1.31.2';
const temporalServerModule = 'go.temporal.io/server';

const [command, ...args] = process.argv.slice(2);
if (!commands.includes(command)) {
  console.error(`usage: node scripts/bootstrap.mjs <${commands.join('|')}> [args…]`);
  process.exit(2);
}
// Every relative path below (and in the scripts it runs) is from the repository root, wherever we were started.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const say = (message) => console.log(`[tandem] ${message}`);
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

class BootstrapError extends Error {}

function run(cmd, cmdArgs, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new BootstrapError(`${cmd} ${cmdArgs.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** Long steps print a line every 15 s, so neither a person nor a CI log watchdog sees a silent hang. */
async function withHeartbeat(what, work, { heartbeat = true } = {}) {
  const started = Date.now();
  say(`${what}…`);
  const timer = heartbeat ? setInterval(() => say(`  …still working (${seconds(started)} elapsed)`), 15_000) : undefined;
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  say(`done in ${seconds(started)}`);
}

async function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  const hasLock = existsSync('package-lock.json');
  const stale = !existsSync(marker) || (hasLock && statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  // npm draws its own progress on a terminal; piped into a CI log it prints nothing for minutes, so beat there.
  // No audit (a second round trip to the registry after the install) and no funding lines: CI reads neither.
  await withHeartbeat('Installing npm dependencies (first run takes a few minutes)', () => run('npm', [hasLock ? 'ci' : 'install', '--no-audit', '--no-fund']), {
    heartbeat: !process.stdout.isTTY,
  });
}

const output = (cmd, cmdArgs) => {
  const result = spawnSync(cmd, cmdArgs, { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? result.stdout : null;
};

/**
 * A release binary says `temporal version 1.5.1`. A plain `go install` build says `0.0.0-DEV` (the version is
 * stamped by release ldflags), so for those the module version recorded in the Go build info decides.
 */
function isPinnedCli(binary) {
  const version = output(binary, ['--version']);
  if (version === null) return false;
  if (new RegExp(`version ${temporalCliVersion.replaceAll('.', '\\.')}\\b`).test(version)) return true;
  const buildInfo = version.includes('0.0.0-DEV') ? output('go', ['version', '-m', binary]) : null;
  return buildInfo?.includes(`\tmod\t${temporalCliModule}\tv${temporalCliVersion}\t`) ?? false;
}

/** The CLI lives outside the checkout, so fresh clones (CI) reuse one build. */
async function ensureTemporalCli() {
  const given = process.env.TEMPORAL_CLI_PATH;
  if (given) {
    try {
      accessSync(given, constants.X_OK);
      // As root, access(X_OK) passes for any file with an x bit anywhere (or a directory); spawn would then fail.
      if (!statSync(given).isFile() || (statSync(given).mode & 0o111) === 0) throw new Error('not executable');
    } catch {
      throw new BootstrapError(`TEMPORAL_CLI_PATH=${given} is not an executable file.`);
    }
    if (!isPinnedCli(given)) say(`note: ${given} does not report Temporal CLI ${temporalCliVersion}; using it because TEMPORAL_CLI_PATH says so`);
    return given;
  }
  const dir = join(homedir(), '.cache', 'tandem', 'bin');
  const binary = join(dir, process.platform === 'win32' ? 'temporal.exe' : 'temporal');
  if (existsSync(binary) && isPinnedCli(binary)) return binary;

  const goVersion = output('go', ['env', 'GOVERSION'])?.trim();
  if (!goVersion) {
    throw new BootstrapError(
      `The Temporal CLI ${temporalCliVersion} is needed, and Go is not installed to build it. Either:\n` +
        `  - install Go ≥ 1.25 (https://go.dev/dl/) and run this again: it builds the CLI into ${dir}, or\n` +
        `  - download the Temporal CLI v${temporalCliVersion} release for your platform\n` +
        `    (https://github.com/temporalio/cli/releases/tag/v${temporalCliVersion}) and set TEMPORAL_CLI_PATH to the binary.`,
    );
  }
  mkdirSync(dir, { recursive: true });
  // The same version stamp the release build uses, so `temporal --version` tells which CLI this is.
  const ldflags = `-s -w -X ${temporalCliModule}/temporalcli.Version=${temporalCliVersion}`;
  try {
    await withHeartbeat(`Building the Temporal CLI v${temporalCliVersion} with go install (several minutes on 2 cores)`, () =>
      run('go', ['install', '-ldflags', ldflags, `${temporalCliModule}/cmd/temporal@v${temporalCliVersion}`], {
        env: { ...process.env, GOBIN: dir },
      }),
    );
  } catch (error) {
    throw new BootstrapError(`${error.message}\nThe Temporal CLI v${temporalCliVersion} needs Go ≥ 1.25 to build; this machine has ${goVersion}.`);
  }
  if (!isPinnedCli(binary)) throw new BootstrapError(`go install finished but ${binary} does not report version ${temporalCliVersion}`);
  say(`Temporal CLI v${temporalCliVersion} installed at ${binary}`);
  return binary;
}

/**
 * The production Temporal server and its temporal-sql-tool, for the cluster topology (`up --cluster`,
 * `test:cluster`), built once with `go install` into a folder of their own beside the CLI. The version is read from
 * the Go build info of each binary, so a folder left by another version is rebuilt.
 */
async function ensureTemporalServer() {
  const dir = join(homedir(), '.cache', 'tandem', `temporal-server-${temporalServerVersion}`);
  const binaries = { TEMPORAL_SERVER_PATH: join(dir, 'server'), TEMPORAL_SQL_TOOL_PATH: join(dir, 'sql') };
  const pinned = (binary) => existsSync(binary) && (output('go', ['version', '-m', binary])?.includes(`\tmod\t${temporalServerModule}\tv${temporalServerVersion}\t`) ?? false);
  if (Object.values(binaries).every(pinned)) return binaries;
  if (!output('go', ['env', 'GOVERSION'])) {
    throw new BootstrapError(`The cluster topology needs Temporal server v${temporalServerVersion}, built with Go ≥ 1.26.4: install Go (https://go.dev/dl/) and run this again.`);
  }
  mkdirSync(dir, { recursive: true });
  const packages = ['cmd/server', 'cmd/tools/sql'].map((p) => `${temporalServerModule}/${p}@v${temporalServerVersion}`);
  // At the lowest priority: the compile takes minutes of both cores, and the machine stays usable meanwhile.
  await withHeartbeat(`Building Temporal server v${temporalServerVersion} and temporal-sql-tool with go install (minutes on 2 cores)`, () =>
    run('nice', ['-n', '19', 'go', 'install', ...packages], { env: { ...process.env, GOBIN: dir } }),
  );
  for (const binary of Object.values(binaries)) {
    if (!pinned(binary)) throw new BootstrapError(`go install finished but ${binary} is not Temporal server v${temporalServerVersion}`);
  }
  say(`Temporal server v${temporalServerVersion} installed in ${dir}`);
  return binaries;
}

const chromiumDefault = '/usr/bin/chromium';

/**
 * The browser tests drive Debian's Chromium (playwright-core never downloads one here). CHROMIUM_PATH names
 * another; otherwise, when it is missing and we are root on Debian/Ubuntu, apt installs it with the CJK fonts the
 * console's Chinese text needs; anyone else is told what to run.
 */
async function ensureChromium() {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (!existsSync(given)) throw new BootstrapError(`CHROMIUM_PATH=${given} does not exist.`);
    return;
  }
  if (existsSync(chromiumDefault)) return;
  const asRoot = process.getuid?.() === 0;
  if (!asRoot || !output('which', ['apt-get'])) {
    throw new BootstrapError(
      `The browser tests need Chromium at ${chromiumDefault}, with CJK fonts. Either:\n` +
        `  - install them: sudo apt-get install -y chromium fonts-noto-cjk (Debian/Ubuntu), or\n` +
        `  - set CHROMIUM_PATH to a Chromium or Chrome binary (and have a CJK font installed).`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await withHeartbeat('Installing Chromium and CJK fonts for the browser tests (apt-get update)', () => run('apt-get', ['update'], { env }));
  await withHeartbeat('Installing Chromium and CJK fonts for the browser tests (apt-get install chromium fonts-noto-cjk)', () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { env }),
  );
  if (!existsSync(chromiumDefault)) throw new BootstrapError(`apt-get installed chromium but ${chromiumDefault} is not there; set CHROMIUM_PATH.`);
}

try {
  await ensureNodeModules();
  // A run of one file outside test/browser needs no browser; the whole suite and the browser layer do.
  if ((command === 'test' && (args.length === 0 || args.some((a) => a.includes('browser')))) || command === 'screenshots') await ensureChromium();
  const cli = startsTemporal.includes(command) ? await ensureTemporalCli() : null;
  const cluster = command === 'test-cluster' || (['up', 'bench'].includes(command) && args.includes('--cluster')) ? await ensureTemporalServer() : {};
  // `--import tsx` (tsx ≥ 4) registers tsx's ESM loader; the script then runs as native ESM.
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${command}.ts`, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...(cli && { TEMPORAL_CLI_PATH: cli }), ...cluster },
  });
  // A supervisor (CI, systemd, a terminal without a process group) may signal only us: pass it on and let the
  // script shut its services down; we exit when it does.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (osConstants.signals[signal] ?? 1)));
} catch (error) {
  console.error(`[tandem] ${error instanceof BootstrapError ? error.message : (error?.stack ?? String(error))}`);
  process.exit(1);
}
