// `npm run seed:large`: 10,000 projects and 100,000 rectification items for the statistics bench (`npm run bench:stats`),
// inserted in SQL into a database of their own (bench/stats-large.ts), replacing what an earlier seed left.
import pg from 'pg';
import { grades, projectKinds } from '../libs/domain/index.js';
import { openLargeDatabase } from './stats-large.js';
import { seedYear } from './stats-seed-year.js';

const log = (message: string) => console.log(`[seed:large] ${message}`);

/**
 * A group committee, 20 general branches and 400 branches; 2,400 people (a secretary per unit, the rest members);
 * 10,000 projects over two years, most launched; four quarterly deadlines a launched project; 40,000 findings and
 * 100,000 items; results for the projects in evaluation or closed; 12 campaigns to every branch. The spread (stages,
 * lateness, severities, closures) is drawn from a fixed seed, so every seed is the same.
 */
const statements = [
  `SELECT setseed(0.42)`,
  `CREATE TEMP TABLE g AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, 20) n`,
  `CREATE TEMP TABLE b AS SELECT n, gen_random_uuid() AS id, 1 + n % 20 AS g FROM generate_series(1, 400) n`,
  `CREATE TEMP TABLE c AS SELECT gen_random_uuid() AS id`,
  `INSERT INTO org_unit (id, name, kind, parent_id) SELECT id, '大数据集团党委', 'committee', NULL FROM c`,
  `INSERT INTO org_unit (id, name, kind, parent_id) SELECT g.id, '第' || g.n || '党总支', 'general_branch', c.id FROM g, c`,
  `INSERT INTO org_unit (id, name, kind, parent_id, category) SELECT b.id, '第' || b.n || '党支部', 'branch', g.id, CASE WHEN b.n % 2 = 0 THEN '生产' ELSE '经营' END FROM b JOIN g ON g.n = b.g`,
  `CREATE TEMP TABLE pp AS SELECT n, gen_random_uuid() AS id, 1 + n % 400 AS b FROM generate_series(1, 2400) n`,
  `INSERT INTO person (id, name, email) SELECT id, '人员' || n, 'p' || n || '@large.tandem' FROM pp`,
  `INSERT INTO role_assignment (person_id, org_unit_id, role) SELECT pp.id, b.id, CASE WHEN pp.n <= 400 THEN 'secretary' ELSE 'member' END FROM pp JOIN b ON b.n = pp.b`,
  `INSERT INTO role_assignment (person_id, org_unit_id, role) SELECT pp.id, g.id, 'secretary' FROM pp JOIN g ON pp.n = 2400 - g.n`,
  `INSERT INTO role_assignment (person_id, org_unit_id, role) SELECT pp.id, c.id, 'secretary' FROM pp, c WHERE pp.n = 2400`,
  // Projects: 8,000 this year, 2,000 last; stages weighted as a year in its fourth quarter looks.
  `CREATE TEMP TABLE pj AS
     SELECT n, gen_random_uuid() AS id, CASE WHEN n <= 8000 THEN ${seedYear} ELSE ${seedYear - 1} END AS year,
            (ARRAY[${projectKinds.map((k) => `'${k}'`).join(',')}])[1 + floor(random() * ${projectKinds.length})::int] AS kind,
            1 + floor(random() * 400)::int AS b, random() AS r, 1 + floor(random() * 2400)::int AS owner
       FROM generate_series(1, 10000) n`,
  `INSERT INTO project (id, year, kind, title, goals, org_unit_id, owner_id, status, updated_at)
     SELECT pj.id, pj.year, pj.kind, '载体项目' || pj.n, '[]', b.id, pp.id,
            CASE WHEN pj.r < 0.05 THEN 'draft' WHEN pj.r < 0.10 THEN 'in_approval' WHEN pj.r < 0.12 THEN 'sent_back' WHEN pj.r < 0.52 THEN 'active'
                 WHEN pj.r < 0.67 THEN 'evaluating' WHEN pj.r < 0.95 THEN 'closed' WHEN pj.r < 0.98 THEN 'rejected' ELSE 'withdrawn' END, now()
       FROM pj JOIN b ON b.n = pj.b JOIN pp ON pp.n = pj.owner`,
  `CREATE TEMP TABLE launched AS SELECT row_number() OVER (ORDER BY p.id) AS k, p.id, p.year FROM project p WHERE p.status IN ('active', 'evaluating', 'closed')`,
  `INSERT INTO deadline (ref, project_id, kind, title, due_at, status, submitted_at, updated_at)
     SELECT 'report-' || l.id || '-q' || q, l.id, 'report', '第' || q || '季度报告', d.due, s.status,
            CASE s.status WHEN 'met' THEN d.due - interval '2 days' WHEN 'late' THEN d.due + interval '5 days' END, now()
       FROM launched l CROSS JOIN generate_series(1, 4) q
       CROSS JOIN LATERAL (SELECT make_timestamptz(l.year + (q / 4), (q * 3) % 12 + 1, 8, 17, 30, 0, 'Asia/Shanghai') AS due) d
       CROSS JOIN LATERAL (SELECT CASE WHEN d.due > now() THEN 'open' ELSE (ARRAY['met','met','met','met','met','met','late','late','overdue'])[1 + floor(random() * 9)::int] END AS status) s`,
  `CREATE TEMP TABLE fd AS SELECT n, gen_random_uuid() AS id, 1 + floor(random() * (SELECT count(*) FROM launched))::int AS k, random() AS r FROM generate_series(1, 40000) n`,
  `INSERT INTO finding (id, project_id, raised_by, description, severity, source, raised_at)
     SELECT fd.id, l.id, (SELECT id FROM pp WHERE n = 1), '问题' || fd.n, CASE WHEN fd.r < 0.7 THEN 'general' WHEN fd.r < 0.93 THEN 'serious' ELSE 'major' END, 'review',
            make_timestamptz(l.year, 1 + floor(random() * 11)::int, 1 + floor(random() * 28)::int, 10, 0, 0, 'Asia/Shanghai')
       FROM fd JOIN launched l ON l.k = fd.k`,
  `CREATE TEMP TABLE it AS SELECT n, gen_random_uuid() AS id, 1 + n % 40000 AS f, random() AS r, 1 + floor(random() * 60)::int AS days FROM generate_series(1, 100000) n`,
  `INSERT INTO rectification_item (id, finding_id, project_id, measures, party_owner_id, business_owner_id, status, round, due_at, first_due_at, closed_at, closed_on_time, accountable_at, updated_at)
     SELECT it.id, f.id, f.project_id, '整改措施' || it.n, a.id, o.id, s.status, 1, f.raised_at + interval '30 days', f.raised_at + interval '30 days',
            CASE WHEN s.status = 'closed' THEN f.raised_at + it.days * interval '1 day' END,
            CASE WHEN s.status = 'closed' THEN it.days <= 30 END,
            CASE WHEN (s.status = 'closed' AND it.days > 30) OR (s.status <> 'closed' AND f.raised_at + interval '30 days' < now()) THEN f.raised_at + interval '31 days' END, now()
       FROM it JOIN fd ON fd.n = it.f JOIN finding f ON f.id = fd.id
       JOIN pp a ON a.n = 1 + it.n % 2400 JOIN pp o ON o.n = 1 + (it.n * 7) % 2400
       CROSS JOIN LATERAL (SELECT CASE WHEN it.r < 0.6 THEN 'closed' WHEN it.r < 0.7 THEN 'verifying' ELSE 'open' END AS status) s`,
  `INSERT INTO evaluation (id, project_id, year, status, grade, total, created_at, completed_at, published_at)
     SELECT gen_random_uuid(), p.id, p.year, CASE WHEN p.status = 'closed' THEN 'done' ELSE 'scoring' END, gr.grade,
            CASE WHEN p.status = 'closed' THEN 60 + floor(random() * 40) END, now(),
            CASE WHEN p.status = 'closed' THEN now() END, CASE WHEN p.status = 'closed' THEN now() END
       FROM project p
       CROSS JOIN LATERAL (SELECT CASE WHEN p.status = 'closed' THEN (ARRAY[${grades.map((g) => `'${g}'`).join(',')}])[1 + floor(random() * 4)::int] END AS grade) gr
      WHERE p.status IN ('evaluating', 'closed')`,
  `CREATE TEMP TABLE cp AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, 12) n`,
  `INSERT INTO campaign (id, title, instructions, targets, ladder, due_at, status, created_by)
     SELECT cp.id, '专项报送' || cp.n, '按模板报送', '{"kinds":["branch"]}', '{"remindBefore":[],"escalate":[]}',
            make_timestamptz(${seedYear}, cp.n, 20, 17, 30, 0, 'Asia/Shanghai'), CASE WHEN cp.n < 12 THEN 'closed' ELSE 'open' END, (SELECT id FROM pp WHERE n = 1)
       FROM cp`,
  `INSERT INTO campaign_target (campaign_id, unit_id, unit_name, secretary_ids, deadline_ref, status, submitted_at)
     SELECT cp.id, b.id, '第' || b.n || '党支部', '{}', 'campaign-' || cp.id || '-' || b.id, s.status, CASE WHEN s.status = 'submitted' THEN now() END
       FROM cp CROSS JOIN b
       CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.85 THEN 'submitted' WHEN cp.n < 12 THEN 'missing' ELSE 'open' END AS status) s`,
  `ANALYZE`,
];

async function main(): Promise<void> {
  const db = await openLargeDatabase(log, { fresh: true });
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    const t0 = performance.now();
    await client.query('BEGIN');
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
    const counts = await client.query(
      `SELECT (SELECT count(*) FROM project)::int AS projects, (SELECT count(*) FROM rectification_item)::int AS items, (SELECT count(*) FROM finding)::int AS findings,
              (SELECT count(*) FROM deadline)::int AS deadlines, (SELECT count(*) FROM org_unit)::int AS units, (SELECT count(*) FROM campaign_target)::int AS campaign_targets`,
    );
    log(`database ${db.superUrl.replace(/\/\/[^@]*@/, '//')}: ${JSON.stringify(counts.rows[0])} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
    await db.server.stop();
  }
}

await main();
