import { Module } from '@nestjs/common';
import { CheckInService } from './check-in.service';
import { EventsService } from './events.service';
import { FieldWorkController } from './field-work.controller';
import { FieldWorkService } from './field-work.service';

@Module({
  controllers: [FieldWorkController],
  providers: [FieldWorkService, EventsService, CheckInService],
})
export class FieldWorkModule {}
