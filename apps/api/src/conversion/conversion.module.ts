import { Module } from '@nestjs/common';
import { ConversionController } from './conversion.controller';
import { ConversionService } from './conversion.service';
import { ConversionSignals } from './conversion-signals';

@Module({
  controllers: [ConversionController],
  providers: [ConversionService, ConversionSignals],
  exports: [ConversionSignals, ConversionService],
})
export class ConversionModule {}
