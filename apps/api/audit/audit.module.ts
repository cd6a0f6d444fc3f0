import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/** The auditors' routes (纪检, 审计): chain verification, history export and replay, the timeline and the dossier. */
@Module({ imports: [AccessModule], controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
