import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';

type Check = 'ok' | 'down';

export interface HealthResponse {
  status: 'ok';
  database: Check;
  temporal: Check;
}

/** A probe must answer quickly even when a dependency hangs: an unanswered check counts as down. */
const checkTimeoutMs = 3_000;

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

  async check(): Promise<HealthResponse> {
    const [database, temporal] = await Promise.all([
      withinTimeout(() => this.ds.query('SELECT 1')),
      withinTimeout(() =>
        this.client.connection.withDeadline(Date.now() + checkTimeoutMs, () => this.client.workflowService.getSystemInfo({})),
      ),
    ]);
    if (database !== 'ok' || temporal !== 'ok') {
      throw new ServiceUnavailableException({ statusCode: 503, status: 'unavailable', database, temporal });
    }
    return { status: 'ok', database, temporal };
  }
}
