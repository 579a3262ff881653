import { Module } from '@nestjs/common';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { FollowUpStarter } from './follow-up-starter';
import { UserImportService } from './user-import.service';

@Module({
  controllers: [ImportsController],
  providers: [ImportsService, FollowUpStarter, UserImportService],
  exports: [ImportsService],
})
export class ImportsModule {}
