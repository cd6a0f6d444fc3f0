import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { OrgController } from './org.controller.js';
import { OrgService } from './org.service.js';

/** The org tree, people and their roles: master data the API writes itself. */
@Module({ imports: [AccessModule], controllers: [OrgController], providers: [OrgService] })
export class OrgModule {}
