import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { PoliciesModule } from '../policies/policies.module.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

/** 待办 and the approval actions on it. */
@Module({ imports: [AccessModule, PoliciesModule], controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
