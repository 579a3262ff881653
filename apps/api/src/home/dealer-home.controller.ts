// The key-account manager's and the director's / GM's home: `GET /api/home/dealer[?month=YYYY-MM]`.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { DEALER_HOME_SCHEMA, DealerHomeQuery } from './dto/dealer-home.dto';
import { DealerHomeService } from './dealer-home.service';

@ApiTags('home')
@ApiBearerAuth()
@Controller('home')
export class DealerHomeController {
  constructor(private readonly home: DealerHomeService) {}

  /** The month at a glance, the grade funnel, the team, the open tasks and the next deadlines (one answer). */
  @Get('dealer')
  @Roles('ka_manager', 'sales_director', 'gm', 'admin')
  @ApiOkResponse({ schema: DEALER_HOME_SCHEMA })
  dealer(@CurrentUser() user: AuthUser, @Query() q: DealerHomeQuery) {
    return this.home.home(user, q.month);
  }
}
