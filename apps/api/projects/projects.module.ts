import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { PoliciesModule } from '../policies/policies.module.js';
import { ProjectsController } from './projects.controller.js';
import { ProjectsService } from './projects.service.js';

/** Carrier projects: drafts, submission (which starts the year's workflow), and the commands of the year. */
@Module({ imports: [AccessModule, PoliciesModule], controllers: [ProjectsController], providers: [ProjectsService] })
export class ProjectsModule {}
