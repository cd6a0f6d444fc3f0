import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';

/** The working-day calendar: published holidays and 调休, and the admins' overrides. */
@Module({ imports: [AccessModule], controllers: [CalendarController], providers: [CalendarService], exports: [CalendarService] })
export class CalendarModule {}
