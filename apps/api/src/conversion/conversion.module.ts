import { Module } from '@nestjs/common';
import { ConversionController } from './conversion.controller';
import { ConversionService } from './conversion.service';
import { FollowUpSignals } from './follow-up-signals';

@Module({
  controllers: [ConversionController],
  providers: [ConversionService, FollowUpSignals],
  exports: [FollowUpSignals, ConversionService],
})
export class ConversionModule {}
