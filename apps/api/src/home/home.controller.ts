// The homes (首页): each person's day in one request. The consultant's (今日工作) and customer service's here;
// the key-account manager's, director's and GM's in dealer-home.controller.ts.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { CONSULTANT_HOME_ANSWER, SERVICE_HOME_ANSWER } from './dto/home.answers';
import { ConsultantHomeQuery } from './dto/home.dto';
import { HomeService } from './home.service';

@ApiTags('home')
@ApiBearerAuth()
@Controller('home')
export class HomeController {
  constructor(private readonly homes: HomeService) {}

  /**
   * 今日工作: follow-ups due today and overdue, hot customers against the policy's monthly follow-ups, W records to
   * grade, open tasks, today's visits, the month's target, orders and pipeline. A consultant reads their own; a
   * key-account manager, director or GM names one of the dealer's consultants (`consultantId`).
   */
  @Get('consultant')
  @Roles('consultant', 'ka_manager', 'sales_director', 'gm')
  @ApiOkResponse({ schema: CONSULTANT_HOME_ANSWER })
  consultant(@CurrentUser() user: AuthUser, @Query() q: ConsultantHomeQuery) {
    return this.homes.consultant(user, q.consultantId);
  }

  /** Customer service: callbacks due, rectifications open, this month's information accuracy. */
  @Get('service')
  @Roles('cs_manager', 'cs_agent')
  @ApiOkResponse({ schema: SERVICE_HOME_ANSWER })
  service(@CurrentUser() user: AuthUser) {
    return this.homes.service(user);
  }
}
