// The region tier (区域经理): reads every dealer of its region, writes nothing (common/region-access.ts).
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentRegionUser, RegionRoute, type RegionUser } from '../common/region-access';
import { ScorecardMonthQuery } from '../scorecards/dto/scorecards.dto';
import { DealerHomeQuery, REGION_HOME_SCHEMA } from '../home/dto/dealer-home.dto';
import { RegionService } from './region.service';

@ApiTags('region')
@ApiBearerAuth()
@RegionRoute()
@Controller('region')
export class RegionController {
  constructor(private readonly region: RegionService) {}

  /** The dealers of the caller's region. */
  @Get('dealers')
  dealers(@CurrentRegionUser() user: RegionUser) {
    return this.region.dealers(user);
  }

  /** The region's dealers compared on the same KPIs, with every person's card per dealer. */
  @Get('scorecards')
  scorecards(@CurrentRegionUser() user: RegionUser, @Query() q: ScorecardMonthQuery) {
    return this.region.scorecards(user, q.month, q.lang ?? 'zh');
  }

  /** The region's home: each dealer's month (target against actual) and grade funnel, side by side. */
  @Get('home')
  @ApiOkResponse({ schema: REGION_HOME_SCHEMA })
  home(@CurrentRegionUser() user: RegionUser, @Query() q: DealerHomeQuery) {
    return this.region.home(user, q.month);
  }
}
