import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';

/** 智慧党建: the statistics dashboard's figures, their drill-down lists and Excel exports. */
@Module({ imports: [AccessModule], controllers: [StatsController], providers: [StatsService] })
export class StatsModule {}
