import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

/** 待办 and the approval actions on it. */
@Module({ imports: [AccessModule], controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
