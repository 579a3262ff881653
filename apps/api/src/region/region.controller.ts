// The region tier (区域经理): reads every dealer of its region, writes nothing (common/region-access.ts).
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentRegionUser, RegionRoute, type RegionUser } from '../common/region-access';
import { ScorecardMonthQuery } from '../scorecards/dto/scorecards.dto';
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
}
