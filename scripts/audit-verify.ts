import { verifyChains, type ChainVerification } from '../libs/audit/verify-chains.js';
import { loadDatabaseUrl } from '../libs/config/index.js';
import { createDataSource } from '../libs/db/data-source.js';
import { progressLine } from './progress-line.js';

/**
 * `npm run audit:verify`: recomputes every audit chain of DATABASE_URL and names the first broken link of each.
 * Exit 0: every chain intact; 1: at least one broken; 2: the check itself could not run. Distinct codes let a cron
 * job or CI tell evidence of tampering from an unreachable database.
 */

function report(chains: ChainVerification[]): { text: string; intact: boolean } {
  const events = chains.reduce((sum, c) => sum + c.events, 0);
  const broken = chains.flatMap(({ chainKey, projectId, firstBroken }) => (firstBroken ? [{ chainKey, projectId, ...firstBroken }] : []));
  const lines = [`${chains.length} chains, ${events} events checked: ${broken.length === 0 ? 'all intact' : `${broken.length} broken`}`];
  for (const { chainKey, projectId, seq, position, kind, reason } of broken) {
    lines.push(`BROKEN chain ${chainKey} (project ${projectId ?? 'none'}): seq ${seq}, event ${position} of the chain, ${kind}: ${reason}`);
  }
  return { text: lines.join('\n'), intact: broken.length === 0 };
}

try {
  const ds = await createDataSource(loadDatabaseUrl(), { poolSize: 1, applicationName: 'tandem-audit-verify' }).initialize();
  try {
    const progress = progressLine(process.stderr);
    const onProgress = (done: number, total: number) =>
      progress(done, total, `checked ${done} of ${total} events (${total === 0 ? 100 : Math.floor((done / total) * 100)}%)`);
    const chains = await verifyChains(ds.manager, { onProgress });
    const { text, intact } = report(chains);
    console.log(text);
    process.exitCode = intact ? 0 : 1;
  } finally {
    await ds.destroy();
  }
} catch (error) {
  console.error(`audit:verify could not check the chains: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
