import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

/** The in-app inbox over the notice outbox, and the admins' view of mail that could not be delivered. */
@Module({ imports: [AccessModule], controllers: [NoticesController], providers: [NoticesService] })
export class NoticesModule {}
