import { Module } from '@nestjs/common';
import { ConversionModule } from '../conversion/conversion.module';
import { ProspectUpdatesService } from './prospect-updates.service';
import { ProspectsController } from './prospects.controller';
import { ProspectsService } from './prospects.service';

@Module({
  imports: [ConversionModule],
  controllers: [ProspectsController],
  providers: [ProspectsService, ProspectUpdatesService],
})
export class ProspectsModule {}
