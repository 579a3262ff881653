// The month's forecast (docs/user-guide.md "Forecast"): the dealer's, a model's, a consultant's, the region's
// dealers', and the director's what-if (a preview that saves nothing).
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { DealerIdPipe, UserIdPipe } from '../common/id.pipe';
import { responseRef } from '../common/openapi-responses';
import { CurrentRegionUser, RegionRoute, type RegionUser } from '../common/region-access';
import { ForecastQuery, WhatIfBody } from './dto/forecast.dto';
import { FORECAST_SEES_ALL, ForecastService } from './forecast.service';

const ok = ApiOkResponse({ schema: responseRef('Forecast') });

@ApiTags('forecast')
@ApiBearerAuth()
@Controller('forecast')
export class ForecastController {
  constructor(private readonly forecast: ForecastService) {}

  @Get('dealer')
  @Roles(...FORECAST_SEES_ALL)
  @ApiOperation({ summary: "The dealer's forecast of this month and the next against the targets" })
  @ok
  dealer(@CurrentUser() user: AuthUser, @Query() q: ForecastQuery) {
    return this.forecast.dealer(user, q.asOf);
  }

  @Get('models/:model')
  @Roles(...FORECAST_SEES_ALL)
  @ApiOperation({ summary: "A car model's forecast (its code)" })
  @ok
  model(@CurrentUser() user: AuthUser, @Param('model') model: string, @Query() q: ForecastQuery) {
    return this.forecast.forModel(user, model, q.asOf);
  }

  @Get('consultants/:userId')
  @ApiOperation({ summary: "A consultant's forecast: managers any consultant's, anyone else their own" })
  @ok
  consultant(@CurrentUser() user: AuthUser, @Param('userId', UserIdPipe) userId: string, @Query() q: ForecastQuery) {
    return this.forecast.forConsultant(user, userId, q.asOf);
  }

  @Post('what-if')
  @HttpCode(200)
  @Roles('sales_director', 'gm')
  @ApiOperation({ summary: 'The forecast again with rates set per grade or H/A prospects added; saves nothing' })
  @ok
  whatIf(@CurrentUser() user: AuthUser, @Body() body: WhatIfBody) {
    return this.forecast.whatIf(user, body);
  }
}

@ApiTags('region')
@ApiBearerAuth()
@RegionRoute()
@Controller('region/dealers')
export class RegionForecastController {
  constructor(private readonly forecast: ForecastService) {}

  @Get(':dealerId/forecast')
  @ApiOperation({ summary: "One dealer of the caller's region: its forecast" })
  @ok
  dealer(
    @CurrentRegionUser() user: RegionUser,
    @Param('dealerId', DealerIdPipe) dealerId: string,
    @Query() q: ForecastQuery,
  ) {
    return this.forecast.regionDealer(user, dealerId, q.asOf);
  }
}
