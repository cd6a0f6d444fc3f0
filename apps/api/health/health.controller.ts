import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { retryAfterSeconds } from '../http/outage.js';
import { HealthLiveResponseDto, HealthReadinessResponseDto } from './dto/health-response.dto.js';
import { HealthService, type ReadinessResponse } from './health.service.js';

/**
 * Two probes, because they answer different questions: live says the process runs and serves HTTP (restart it if
 * not), ready says it can do its work now (send it requests only then). An outage of Postgres or Temporal makes
 * the API unready, never dead: it reconnects by itself once they are back.
 */
@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness (存活检查): 200 while the process serves HTTP, whatever its dependencies do' })
  @ApiOkResponse({ type: HealthLiveResponseDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness (就绪检查): 200 when Postgres and Temporal both answer, 503 naming the one that does not' })
  @ApiOkResponse({ type: HealthReadinessResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthReadinessResponseDto })
  ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponse> {
    return this.answer(res);
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Health (健康检查): the same as /health/ready, kept for probes configured before it' })
  @ApiOkResponse({ type: HealthReadinessResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthReadinessResponseDto })
  check(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponse> {
    return this.answer(res);
  }

  private async answer(res: Response): Promise<ReadinessResponse> {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ok') {
      res.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', String(retryAfterSeconds));
    }
    return readiness;
  }
}
