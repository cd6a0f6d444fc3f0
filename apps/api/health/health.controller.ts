import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator.js';

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    private readonly client: Client,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness of the API and its two dependencies, Postgres and Temporal' })
  async health() {
    const [database, temporal] = await Promise.all([
      this.ds.query('SELECT 1').then(() => 'ok', () => 'down'),
      this.client.workflowService.getSystemInfo({}).then(() => 'ok', () => 'down'),
    ]);
    if (database !== 'ok' || temporal !== 'ok') throw new ServiceUnavailableException({ status: 'degraded', database, temporal });
    return { status: 'ok', database, temporal };
  }
}
