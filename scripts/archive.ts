import { parseArgs } from 'node:util';
import { archiveProjectYear, YearStillRunningError } from '../libs/audit/history-archive.js';
import { loadDatabaseUrl, loadTemporalConfig } from '../libs/config/index.js';
import { createDataSource } from '../libs/db/data-source.js';
import { connectClient } from '../libs/temporal/client.js';

/**
 * `npm run archive -- --year N [--project ID]`: archives the Temporal histories of every project of year N whose year
 * has ended (closed, rejected, withdrawn) into Postgres, with their SHA-256 in each project's audit chain, as a year
 * closing since the archive exists does by itself. For years closed before it, and for rectification items that
 * outlived their year: a run already archived is skipped, so it can run as often as wanted. Projects whose year still
 * runs are listed and left alone. Exit 0: done; 1: some project failed; 2: nothing could run (arguments, connections).
 */
const usage = 'usage: npm run archive -- --year N [--project ID]';

async function main(): Promise<number> {
  let values: { year?: string; project?: string };
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options: { year: { type: 'string' }, project: { type: 'string' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const year = Number(values.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    console.error(usage);
    return 2;
  }
  const ds = await createDataSource(loadDatabaseUrl(), { poolSize: 2, applicationName: 'tandem-archive' }).initialize();
  const client = await connectClient(loadTemporalConfig());
  let failed = 0;
  try {
    const projects = (await ds.query(`SELECT id, title FROM project WHERE year = $1 AND ($2::uuid IS NULL OR id = $2::uuid) ORDER BY created_at`, [
      year,
      values.project ?? null,
    ])) as { id: string; title: string }[];
    console.log(`${projects.length} projects of ${year}`);
    for (const { id, title } of projects) {
      try {
        // No wait for an operator: a year still running is left to its own archiver.
        const outcome = await archiveProjectYear(client, ds, id, { closingWaitMs: 0 });
        const open = outcome.stillOpen.length ? `, still open: ${outcome.stillOpen.join(', ')}` : '';
        console.log(`${id} ${title}: ${outcome.recorded.length} runs archived and recorded, ${outcome.alreadyArchived} already archived${open}`);
      } catch (error) {
        if (error instanceof YearStillRunningError) console.log(`${id} ${title}: still running, skipped`);
        else {
          failed++;
          console.error(`${id} ${title}: FAILED ${(error as Error).message}`);
        }
      }
    }
  } finally {
    await client.connection.close();
    await ds.destroy();
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`archive could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
