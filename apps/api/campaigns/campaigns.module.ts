import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';

/** Reporting campaigns (报告任务): one-off ones run as workflows, recurring ones from Temporal Schedules. */
@Module({ imports: [AccessModule], controllers: [CampaignsController], providers: [CampaignsService] })
export class CampaignsModule {}
