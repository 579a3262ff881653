import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { OfficialCalendarController } from './official-calendar.controller';
import { OfficialCalendarService } from './official-calendar.service';

@Module({
  controllers: [CalendarController, OfficialCalendarController],
  providers: [CalendarService, OfficialCalendarService],
})
export class CalendarModule {}
