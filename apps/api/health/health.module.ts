import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

/** The public liveness probe for load balancers and `npm run up`. */
@Module({ controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
