// `npm run bench:stats`: p95 of every statistics endpoint over the database `npm run seed:large` filled (run that
// first), through HTTP against the API built as production builds it. Not part of `npm test`; see bench/README.md.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { JwtService } from '@nestjs/jwt';
import { join } from 'node:path';
import pg from 'pg';
import { statsFigures } from '../apps/api/stats/figures.js';
import { freePort } from '../libs/dev-stack/temporal-dev-server.js';
import { answers, startChild } from './child.js';
import { machine } from './report.js';
import { compile, repoFile, runAccounts } from './stack.js';
import { percentile } from './stats.js';
import { openLargeDatabase } from './stats-large.js';
import { seedYear } from './stats-seed-year.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '30' }, limit: { type: 'string', default: '300' } } });
const samples = Number(values.samples);
const limitMs = Number(values.limit);
const log = (message: string) => console.log(`[bench:stats] ${message}`);

/** Who asks: the whole organisation (an admin), the group committee's secretary (every unit, by id) and a general branch's. */
async function readers(appUrl: string): Promise<{ name: string; token: string }[]> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    const holder = async (kind: string) =>
      (
        await client.query<{ id: string }>(
          `SELECT r.person_id AS id FROM role_assignment r JOIN org_unit u ON u.id = r.org_unit_id WHERE u.kind = $1 AND r.role = 'secretary' ORDER BY u.name LIMIT 1`,
          [kind],
        )
      ).rows[0].id;
    const admin = (await client.query<{ id: string }>(`SELECT person_id AS id FROM role_assignment WHERE role = 'admin' AND org_unit_id IS NULL LIMIT 1`)).rows[0].id;
    const jwt = new JwtService({ secret: runAccounts.JWT_SECRET, signOptions: { algorithm: 'HS256', expiresIn: 3600 } });
    const sign = (sub: string) => jwt.signAsync({ sub, ver: 0 });
    return [
      { name: 'admin', token: await sign(admin) },
      { name: 'committee secretary', token: await sign(await holder('committee')) },
      { name: 'general branch secretary', token: await sign(await holder('general_branch')) },
    ];
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  log('compiling (tsc -p tsconfig.build.json into .data/bench-dist)');
  const dist = await compile();
  const db = await openLargeDatabase(log);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api`;
  // The API as `npm run up` runs it, in a process of its own. Nothing here needs Temporal: its client connects lazily.
  const env = { ...process.env, ...runAccounts, DATABASE_URL: db.appUrl, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, API_PORT: String(port) };
  const api = await startChild({ name: 'api', nodeArgs: [join(dist, 'apps/api/main.js')], env, logFile: repoFile('.data/bench-stats-api.log'), ready: (c) => answers(c, `${base}/health/live`) });
  try {
    const who = await readers(db.appUrl);
    const loadBefore = loadavg();
    const endpoints = statsFigures.flatMap((figure) => [
      { route: `GET /stats/${figure}`, path: `/stats/${figure}?year=${seedYear}` },
      { route: `GET /stats/${figure}/list`, path: `/stats/${figure}/list?year=${seedYear}&row=total&pageSize=50` },
      { route: `GET /stats/${figure}/list (page 40)`, path: `/stats/${figure}/list?year=${seedYear}&row=total&pageSize=50&page=40` },
      { route: `GET /stats/${figure}/export.xlsx`, path: `/stats/${figure}/export.xlsx?year=${seedYear}` },
    ]);
    const results = [];
    for (const endpoint of endpoints) {
      const times: number[] = [];
      // Two warm-up calls, then the samples, the readers taking turns.
      for (let i = -2; i < samples; i++) {
        const { token } = who[(i + 3) % who.length];
        const t0 = performance.now();
        const res = await fetch(base + endpoint.path, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        const ms = performance.now() - t0;
        if (!res.ok) throw new Error(`${endpoint.route}: ${res.status}`);
        if (i >= 0) times.push(ms);
      }
      const sorted = times.sort((a, b) => a - b);
      const row = { route: endpoint.route, samples: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1]) };
      results.push(row);
      log(`${row.route.padEnd(44)} p50 ${String(row.p50).padStart(6)} ms  p95 ${String(row.p95).padStart(6)} ms  max ${row.max} ms`);
    }
    const loadAfter = loadavg();
    const over = results.filter((r) => r.p95 >= limitMs);
    const at = new Date().toISOString();
    const file = `bench/results/stats-${at.replace(/[:.]/g, '-')}.json`;
    const counts = await new pg.Client({ connectionString: db.appUrl });
    await counts.connect();
    const data = (await counts.query(`SELECT (SELECT count(*) FROM project)::int AS projects, (SELECT count(*) FROM rectification_item)::int AS items`)).rows[0];
    await counts.end();
    writeFileSync(file, `${JSON.stringify({ at, machine: machine(), loadAverage: { before: loadBefore, after: loadAfter }, data, readers: who.map((w) => w.name), limitMs, results }, null, 2)}\n`);
    log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}; written ${file}`);
    if (over.length > 0) {
      log(`over ${limitMs} ms at p95: ${over.map((r) => r.route).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await api.stop();
    await db.server.stop();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

await main();
