import { Module } from '@nestjs/common';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { FollowUpStarter } from './follow-up-starter';

@Module({ controllers: [ImportsController], providers: [ImportsService, FollowUpStarter], exports: [ImportsService] })
export class ImportsModule {}
