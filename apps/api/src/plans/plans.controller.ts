// GET/PUT /api/plans/:kind/:period — annual/:year, rolling/:month, decomposition/:month, lead/:month.
import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { badRequest } from '../common/domain-error';
import { responseRef } from '../common/openapi-responses';
import { EditPlanDto } from './dto/plans.dto';
import { checkPeriod, PlansService } from './plans.service';

const PROVISIONAL_NOTE =
  'The answer says `official: true, provisional: false` when every calendar year the plan covers (its period, and ' +
  'the months its figures list) rests on a State Council notice; `official: false, provisional: true` when a year ' +
  'has none loaded yet (statutory holidays by law only, no bridging or makeup days), so its ' +
  'working-day figures may move.';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @ApiOperation({
    summary: 'The plans of my dealer: each kind and period with its newest version and status, newest period first',
  })
  list(@CurrentUser() user: AuthUser) {
    return this.plans.list(user);
  }

  @Get(':kind/:period')
  @ApiOperation({
    summary:
      'The newest version of a plan (or ?version=n), with its status, versions and, for a ' +
      'decomposition, the personal targets',
    description: PROVISIONAL_NOTE,
  })
  @ApiOkResponse({ schema: responseRef('Plan') })
  get(
    @CurrentUser() user: AuthUser,
    @Param('kind') kind: string,
    @Param('period') period: string,
    @Query('version') version?: string,
  ) {
    const k = checkPeriod(kind, period);
    if (version !== undefined && !/^[1-9]\d{0,5}$/.test(version))
      throw badRequest([{ field: 'version', problem: 'must be a version number' }]);
    return this.plans.get(user, k, period, version === undefined ? undefined : Number(version));
  }

  @Put(':kind/:period')
  @ApiOperation({
    summary:
      'Edit the current draft (ka_manager): merges the input fields given, recomputes; 409 on a stale revision or a ' +
      'non-draft; ?dryRun=true answers the recomputed plan with its checks and saves nothing',
    description: PROVISIONAL_NOTE,
  })
  @ApiOkResponse({ schema: { oneOf: [responseRef('Plan'), responseRef('PlanDryRun')] } })
  edit(
    @CurrentUser() user: AuthUser,
    @Param('kind') kind: string,
    @Param('period') period: string,
    @Body() body: EditPlanDto,
    @Query('dryRun') dryRun?: string,
  ) {
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
      throw badRequest([{ field: 'dryRun', problem: 'must be true or false' }]);
    return this.plans.edit(user, checkPeriod(kind, period), period, body.revision, body.input, dryRun === 'true');
  }
}
