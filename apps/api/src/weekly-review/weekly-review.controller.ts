// Progress against the month's targets: the weekly review (周进度盘点) of process 4.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { WeeklyReviewService } from './weekly-review.service';

@ApiTags('progress')
@ApiBearerAuth()
@Controller('progress')
export class WeeklyReviewController {
  constructor(private readonly progress: WeeklyReviewService) {}

  /** The week's review as stored (open / done), or computed now as of the week's first working day (not_run). */
  @Get('weekly')
  @ApiQuery({ name: 'week', required: false, description: "ISO week 'YYYY-Www'; default: the current week" })
  weekly(@CurrentUser() user: AuthUser, @Query('week') week?: unknown) {
    return this.progress.weekly(user, week);
  }
}
