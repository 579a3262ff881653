// GET /api/reports/actuals (the logic is in ActualsService).
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { ActualsService } from './actuals.service';
import { ActualsQuery } from './dto/sales.dto';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ActualsController {
  constructor(private readonly actuals: ActualsService) {}

  /** Consultants get their own figures; other roles the dealer's, or one consultant's / model's. */
  @Get('actuals')
  get(@CurrentUser() user: AuthUser, @Query() query: ActualsQuery) {
    return this.actuals.actuals(user, query);
  }
}
