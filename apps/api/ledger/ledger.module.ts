import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerService } from './ledger.service.js';

/** The rectification ledger (台账) and the evidence its owners submit. */
@Module({ imports: [AccessModule], controllers: [LedgerController], providers: [LedgerService] })
export class LedgerModule {}
