import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsService } from './evaluations.service.js';

/** Year-end evaluation (年终考评): results with their working, and evaluator scores. */
@Module({ imports: [AccessModule], controllers: [EvaluationsController], providers: [EvaluationsService] })
export class EvaluationsModule {}
