import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { HandOverService } from './hand-over.service.js';

/** Accounts looked after by administrators: password resets, deactivation (with hand-over of open steps), roles ended. */
@Module({ imports: [AccessModule], controllers: [AccountsController], providers: [AccountsService, HandOverService], exports: [HandOverService] })
export class AccountsModule {}
