import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { PoliciesController } from './policies.controller.js';
import { PoliciesService } from './policies.service.js';

/** Year policies: every timing and scoring rule as data. Projects read them when they are submitted. */
@Module({ imports: [AccessModule, CalendarModule], controllers: [PoliciesController], providers: [PoliciesService], exports: [PoliciesService] })
export class PoliciesModule {}
