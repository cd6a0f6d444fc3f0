import { Module } from '@nestjs/common';
import { AccessService } from './access.service.js';

/** Scope checks (who sees and changes which units and projects), shared by every area. */
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
