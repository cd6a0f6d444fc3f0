import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { SendOutcome, SweepResult } from '../../activities/notices.activities.js';
import type { NoticeRequest } from '../../libs/domain/index.js';

/**
 * What the worker counts for operators beside the SDK's own metrics: mail outcomes, overdue marks, escalations and the
 * approval chains waiting on someone. Counted from the activities' inputs and results as they complete
 * (observability.ts), so the activities themselves stay free of metrics code.
 */
export interface WorkerMetrics {
  registry: Registry;
  observeActivity(activityType: string, args: unknown[], result: unknown): void;
}

type NoticeOutcome = SendOutcome | 'in_doubt';

/** `openChains` is read at each scrape: a gauge of the database's state is right whichever worker wrote it. */
export function createWorkerMetrics(openChains: () => Promise<number>): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const notices = new Counter({
    name: 'tandem_notices_total',
    help: 'Mail attempts of notices by outcome (sent, deferred, failed, in_digest, already_sent, in_doubt); via: raise (the quick attempt when raised) or sweep (a retry)',
    labelNames: ['outcome', 'via'] as const,
    registers: [registry],
  });
  const overdue = new Counter({
    name: 'tandem_overdue_marks_total',
    help: 'Due dates marked overdue, by the kind of work owed',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const escalations = new Counter({
    name: 'tandem_escalations_total',
    help: 'Escalation notices raised up the organisation (分级督办), one per recipient',
    registers: [registry],
  });
  new Gauge({
    name: 'tandem_approval_chains_open',
    help: 'Approval chains with a step waiting on someone now (read from Postgres at each scrape)',
    registers: [registry],
    async collect() {
      this.set(await openChains());
    },
  });

  const observers: Record<string, (args: unknown[], result: unknown) => void> = {
    sendNotice: ([request], outcome) => {
      notices.inc({ outcome: outcome as SendOutcome, via: 'raise' });
      if ((request as NoticeRequest).kind === 'escalation') escalations.inc();
    },
    retryDueNotices: (_args, result) => {
      const { sent, deferred, failed, inDoubt = 0 } = result as SweepResult;
      const counts: [NoticeOutcome, number][] = [['sent', sent], ['deferred', deferred], ['failed', failed], ['in_doubt', inDoubt]];
      for (const [outcome, n] of counts) if (n > 0) notices.inc({ outcome, via: 'sweep' }, n);
    },
    recordDeadline: ([input]) => {
      const { status, event, kind } = input as { status: string; event?: unknown; kind: string };
      if (status === 'overdue' && event === undefined) overdue.inc({ kind });
    },
  };
  return {
    registry,
    observeActivity: (activityType, args, result) => observers[activityType]?.(args, result),
  };
}
