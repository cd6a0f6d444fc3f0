import { Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';

type Check = 'ok' | 'down';

export interface ReadinessResponse {
  status: 'ok' | 'unavailable';
  database: Check;
  temporal: Check;
}

/**
 * A probe must answer quickly even when a dependency hangs: an unanswered check counts as down. Short, because a
 * load balancer probes often and wants to see a dependency back within a couple of seconds of its return.
 */
const checkTimeoutMs = 2_000;

function withinTimeout(probe: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve('down'), checkTimeoutMs);
  });
  const result = probe().then(
    (): Check => 'ok',
    (): Check => 'down',
  );
  return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class HealthService {
  constructor(
    private readonly ds: DataSource,
    private readonly client: Client,
  ) {}

  /** Asks both dependencies afresh each time, so readiness turns true as soon as they answer again. */
  async readiness(): Promise<ReadinessResponse> {
    const [database, temporal] = await Promise.all([
      withinTimeout(() => this.ds.query('SELECT 1')),
      withinTimeout(() =>
        this.client.connection.withDeadline(Date.now() + checkTimeoutMs, () => this.client.workflowService.getSystemInfo({})),
      ),
    ]);
    return { status: database === 'ok' && temporal === 'ok' ? 'ok' : 'unavailable', database, temporal };
  }
}
