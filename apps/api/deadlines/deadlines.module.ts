import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { DeadlinesController } from './deadlines.controller.js';
import { DeadlinesService } from './deadlines.service.js';

/** 延期 requests on due dates. */
@Module({ imports: [AccessModule], controllers: [DeadlinesController], providers: [DeadlinesService] })
export class DeadlinesModule {}
