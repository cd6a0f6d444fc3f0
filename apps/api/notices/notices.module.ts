import { Module } from '@nestjs/common';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

/** The in-app inbox over the notice outbox. */
@Module({ controllers: [NoticesController], providers: [NoticesService] })
export class NoticesModule {}
