// The Excel import at organisation scale, measured: `npm run bench:org-import -- --people 5000 --units 500`
// (not part of `npm test`; see bench/README.md). The bound the issue sets: under a minute for both.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AccessService } from '../apps/api/access/access.service.js';
import { OrgImportService } from '../apps/api/org-admin/org-import.service.js';
import { loadConfig } from '../libs/config/index.js';
import { createDataSource } from '../libs/db/data-source.js';
import { PersonEntity, RoleAssignmentEntity } from '../libs/db/entities/index.js';
import { writeOrgWorkbook, type SheetRows } from '../libs/spreadsheet/org-workbook.js';
import { localRolePasswords, prepareDatabase } from '../libs/dev-stack/database-roles.js';
import { Cleanup } from './cleanup.js';
import { createBenchDatabase } from './database.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '5000' }, units: { type: 'string', default: '500' } } });
const peopleCount = Number(values.people);
const unitCount = Number(values.units);
const log = (message: string) => console.log(`[bench:org-import] ${message}`);

/**
 * One committee, a tenth of the units as general branches under it and the rest as branches spread over them; the
 * people spread over the branches, each a member, one per branch its secretary. No initial passwords: hashing
 * thousands (scrypt, by design slow) is a separate cost an import with passwords pays.
 */
function organisation(tag: string): SheetRows {
  const generals = Math.max(1, Math.floor(unitCount / 10));
  const committee = `基准党委-${tag}`;
  const units: string[][] = [[committee, '党委', '', '']];
  for (let g = 0; g < generals; g++) units.push([`基准总支${g}-${tag}`, '党总支', committee, '']);
  const branches = unitCount - 1 - generals;
  for (let b = 0; b < branches; b++) units.push([`基准支部${b}-${tag}`, '党支部', `基准总支${b % generals}-${tag}`, b % 2 ? '生产' : '经营']);
  const people: string[][] = [];
  const roles: string[][] = [];
  for (let p = 0; p < peopleCount; p++) {
    const email = `p${p}.${tag}@bench.tandem`;
    people.push([`人员${p}`, email, '']);
    roles.push([email, `基准支部${p % branches}-${tag}`, p < branches ? '书记' : '委员', '2026-01-01', '']);
  }
  return { units, people, roles };
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  process.once('SIGINT', () => void cleanup.allNow().then(() => process.exit(130)));
  try {
    const db = await createBenchDatabase(log);
    cleanup.add('bench database', () => db.drop());
    const { appUrl } = await prepareDatabase(db.url, localRolePasswords());
    const ds = await createDataSource(appUrl).initialize();
    cleanup.add('data source', () => ds.destroy());
    const admin = await ds.getRepository(PersonEntity).save({ name: '基准管理员', email: `admin.${randomUUID()}@bench.tandem`, passwordHash: null });
    await ds.getRepository(RoleAssignmentEntity).save({ personId: admin.id, orgUnitId: null, role: 'admin' });
    // Hashes at the configured cost (production's unless PASSWORD_SCRYPT_N says otherwise): most of an import's time.
    const imports = new OrgImportService(ds, new AccessService(ds), loadConfig({ ...process.env, DATABASE_URL: appUrl }, { signsTokens: false }));

    const rows = organisation(randomUUID().slice(0, 6));
    const workbook = await writeOrgWorkbook(rows);
    log(`workbook: ${rows.units?.length} units, ${rows.people?.length} people, ${rows.roles?.length} roles, ${(workbook.length / 1024).toFixed(0)} KiB`);

    const t0 = performance.now();
    const report = await imports.dryRun(admin.id, workbook);
    const t1 = performance.now();
    if (!report.ok) throw new Error(`the bench workbook has problems: ${JSON.stringify(report.issues.slice(0, 3))}`);
    const result = await imports.confirm(admin.id, workbook);
    const t2 = performance.now();
    log(`dry run ${((t1 - t0) / 1000).toFixed(1)} s; confirm ${((t2 - t1) / 1000).toFixed(1)} s (${JSON.stringify(result.created)}); total ${((t2 - t0) / 1000).toFixed(1)} s`);
    if (t2 - t0 > 60_000) {
      log('over the one-minute bound');
      process.exitCode = 1;
    }
  } finally {
    await cleanup.inOrder(log);
  }
}

await main();
