// The toolkit's 14 forms (manual §5) as JSON and .xlsx. The views the forms read are the existing
// services of their areas, provided here again (they depend on the data source only).
import { Module } from '@nestjs/common';
import { EventsService } from '../field-work/events.service';
import { FieldWorkService } from '../field-work/field-work.service';
import { PlansService } from '../plans/plans.service';
import { WeeklyReviewService } from '../weekly-review/weekly-review.service';
import { ConversionReportService } from '../reports/conversion-report.service';
import { FormSourcesService } from './form-sources.service';
import { FormsController } from './forms.controller';
import { FormsService } from './forms.service';
import { RegionFormsController } from './region-forms.controller';

@Module({
  controllers: [FormsController, RegionFormsController],
  providers: [
    FormsService,
    FormSourcesService,
    PlansService,
    WeeklyReviewService,
    FieldWorkService,
    EventsService,
    ConversionReportService,
  ],
  exports: [FormsService, FormSourcesService],
})
export class FormsModule {}
