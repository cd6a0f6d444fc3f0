import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { verifyChains } from '../../libs/audit/verify-chains.js';
import { createDataSource } from '../../libs/db/data-source.js';
import type { ReceivedMail } from '../../libs/dev-stack/mail-sink.js';
import { inDoubtReason } from '../../activities/notices.activities.js';

export interface Tally {
  launchedProjects: number;
  /** Launched projects whose status is not `active`, by status. */
  notActive: Record<string, number>;
  /** Projects in the database the harness never got an id for: a create that acted twice. */
  unexpectedProjects: number;
  /** Launch levels of launched projects with no decision, and with more than one. */
  levelsWithoutDecision: number;
  levelsWithSeveralDecisions: number;
  /** Approval tasks beyond one per (chain, level, assignee), and task rows sharing a (workflow, step). */
  duplicatedTaskRows: number;
  audit: { chains: number; events: number; broken: number; firstBroken: string[] };
  noticesByStatus: Record<string, number>;
  mail: {
    received: number;
    /** Notice keys mailed more than once, and the surplus copies. */
    keysMailedTwice: number;
    duplicateMails: number;
    /** Notices marked sent that the sink never received. */
    sentButNotReceived: number;
    /** Still pending when the run ended: nobody will ever mail them unless something retries them. */
    stillPending: number;
    /** Failed although their recipient was never refused for good. */
    failedUnexpectedly: number;
    /** Failed because their recipient was refused for good (550) during the 5xx spell: the right outcome. */
    failedAsRefused: number;
    /**
     * Failed without a resend because the worker was killed inside the SMTP transaction, listed for admins: whether
     * the sink had received them or not (activities/notices.activities.ts, inDoubtReason).
     */
    inDoubt: { received: number; notReceived: number };
    /** Mails that never arrived and that nobody was told about. */
    lost: number;
  };
  workflows: { failed: number; timedOut: number; terminated: number; runningChains: number; examples: string[] };
}

const count = (rows: { n: string | number }[]) => Number(rows[0]?.n ?? 0);

/** The system is idle: no notice waits to be mailed and no approval chain is running, or `timeoutMs` passed. */
export async function waitUntilIdle(databaseUrl: string, temporalAddress: string, timeoutMs: number, log: (m: string) => void): Promise<{ idle: boolean; waitedMs: number }> {
  const started = Date.now();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  let lastSay = 0;
  try {
    for (;;) {
      let pending = -1;
      let chains = -1;
      try {
        pending = count((await pool.query("SELECT count(*) AS n FROM notice WHERE status = 'pending'")).rows);
        chains = (await client.workflow.count(`WorkflowType = 'approvalChain' AND ExecutionStatus = 'Running'`)).count;
      } catch {
        // a server still coming back: ask again
      }
      if (pending === 0 && chains === 0) return { idle: true, waitedMs: Date.now() - started };
      if (Date.now() - started > timeoutMs) return { idle: false, waitedMs: Date.now() - started };
      if (Date.now() - lastSay > 15_000) {
        log(`waiting for idle: ${pending} notices pending, ${chains} approval chains running`);
        lastSay = Date.now();
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    await pool.end();
    await connection.close();
  }
}

/** Everything the issue counts once the run is idle, from Postgres, the mail sink and Temporal. */
export async function tally(
  databaseUrl: string,
  temporalAddress: string,
  /** The launches' projects, and every project the harness created (the launches' and its probe's draft). */
  projects: { launched: string[]; created: string[] },
  mails: ReceivedMail[],
  rejectedRecipients: string[],
): Promise<Tally> {
  const projectIds = projects.launched;
  const ds = await createDataSource(databaseUrl, { poolSize: 2, applicationName: 'tandem-chaos' }).initialize();
  try {
    const q = <T>(sql: string, params: unknown[] = []) => ds.query(sql, params) as Promise<T[]>;
    const statuses = await q<{ status: string; n: string }>('SELECT status, count(*) AS n FROM project WHERE id = ANY($1) GROUP BY status', [projectIds]);
    const notActive = Object.fromEntries(statuses.filter((s) => s.status !== 'active').map((s) => [s.status, Number(s.n)]));
    const unexpectedProjects = count(await q('SELECT count(*) AS n FROM project WHERE NOT (id = ANY($1))', [projects.created]));
    const perLevel = await q<{ decisions: string }>(
      `SELECT count(d.id) AS decisions
         FROM unnest($1::uuid[]) AS p(id) CROSS JOIN (VALUES (0), (1)) AS l(level)
         LEFT JOIN decision d ON d.project_id = p.id AND d.level = l.level AND d.purpose = 'launch'
        GROUP BY p.id, l.level`,
      [projectIds],
    );
    const duplicatedTaskRows =
      count(
        await q(`SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM task WHERE kind = 'approval' GROUP BY chain_ref, level, assignee_id HAVING count(*) > 1) t`),
      ) + count(await q('SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM task GROUP BY workflow_id, step_key HAVING count(*) > 1) t'));

    const chains = await verifyChains(ds.manager);
    const broken = chains.filter((c) => !c.ok);

    const notices = await q<{ idempotency_key: string; email: string; status: string; last_error: string | null }>('SELECT idempotency_key, email, status, last_error FROM notice');
    const noticesByStatus: Record<string, number> = {};
    for (const n of notices) noticesByStatus[n.status] = (noticesByStatus[n.status] ?? 0) + 1;
    const mailsPerKey = new Map<string, number>();
    for (const m of mails) if (m.noticeKey) mailsPerKey.set(m.noticeKey, (mailsPerKey.get(m.noticeKey) ?? 0) + 1);
    const refused = new Set(rejectedRecipients.map((r) => r.toLowerCase()));
    const sentButNotReceived = notices.filter((n) => n.status === 'sent' && !mailsPerKey.has(n.idempotency_key)).length;
    const stillPending = noticesByStatus.pending ?? 0;
    const inDoubt = notices.filter((n) => n.status === 'failed' && n.last_error === inDoubtReason);
    const failed = notices.filter((n) => n.status === 'failed' && n.last_error !== inDoubtReason);
    const failedAsRefused = failed.filter((n) => refused.has(n.email.toLowerCase())).length;
    const failedUnexpectedly = failed.length - failedAsRefused;
    const inDoubtReceived = inDoubt.filter((n) => mailsPerKey.has(n.idempotency_key)).length;
    const surplus = [...mailsPerKey.values()].filter((n) => n > 1);

    const connection = await Connection.connect({ address: temporalAddress });
    try {
      const client = new Client({ connection });
      const countOf = async (query: string) => (await client.workflow.count(query)).count;
      const examples: string[] = [];
      for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut' OR ExecutionStatus = 'Terminated'" })) {
        examples.push(`${wf.type} ${wf.workflowId}: ${wf.status.name}`);
        if (examples.length >= 10) break;
      }
      return {
        launchedProjects: projectIds.length,
        notActive,
        unexpectedProjects,
        levelsWithoutDecision: perLevel.filter((l) => Number(l.decisions) === 0).length,
        levelsWithSeveralDecisions: perLevel.filter((l) => Number(l.decisions) > 1).length,
        duplicatedTaskRows,
        audit: {
          chains: chains.length,
          events: chains.reduce((sum, c) => sum + c.events, 0),
          broken: broken.length,
          firstBroken: broken.slice(0, 5).map((c) => `${c.chainKey}: ${c.firstBroken?.reason ?? ''}`),
        },
        noticesByStatus,
        mail: {
          received: mails.length,
          keysMailedTwice: surplus.length,
          duplicateMails: surplus.reduce((sum, n) => sum + n - 1, 0),
          sentButNotReceived,
          stillPending,
          failedUnexpectedly,
          failedAsRefused,
          inDoubt: { received: inDoubtReceived, notReceived: inDoubt.length - inDoubtReceived },
          lost: sentButNotReceived + stillPending + failedUnexpectedly,
        },
        workflows: {
          failed: await countOf("ExecutionStatus = 'Failed'"),
          timedOut: await countOf("ExecutionStatus = 'TimedOut'"),
          terminated: await countOf("ExecutionStatus = 'Terminated'"),
          runningChains: await countOf("WorkflowType = 'approvalChain' AND ExecutionStatus = 'Running'"),
          examples,
        },
      };
    } finally {
      await connection.close();
    }
  } finally {
    await ds.destroy();
  }
}
