// /api/prospects (OpenAPI at /api/docs): record, list, read, change and follow up prospects (潜客).
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { Idempotent } from '../common/idempotency';
import { ProspectIdPipe } from '../common/id.pipe';
import { responseRef } from '../common/openapi-responses';
import { CreateProspectDto, FollowUpDto, ListProspectsQuery, UpdateProspectDto } from './dto/prospect.dto';
import { ProspectUpdatesService } from './prospect-updates.service';
import { ProspectsService } from './prospects.service';

@ApiTags('prospects')
@ApiBearerAuth()
@Controller('prospects')
export class ProspectsController {
  constructor(
    private readonly prospects: ProspectsService,
    private readonly updates: ProspectUpdatesService,
  ) {}

  /** 201: records the prospect and starts its one-week callback; the owner is the calling consultant. */
  @Post()
  @Idempotent()
  @Roles('consultant', 'ka_manager')
  @ApiCreatedResponse({ schema: responseRef('Prospect') })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateProspectDto) {
    return this.prospects.create(user, body);
  }

  /** Consultants see their own prospects; every other role sees the dealer's. */
  @Get()
  @ApiOkResponse({ schema: responseRef('ProspectPage') })
  list(@CurrentUser() user: AuthUser, @Query() query: ListProspectsQuery) {
    return this.prospects.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({
    description: 'With its grade history, recent follow-ups and callback',
    schema: responseRef('Prospect'),
  })
  get(@CurrentUser() user: AuthUser, @Param('id', ProspectIdPipe) id: string) {
    return this.prospects.get(user, id);
  }

  /** Partial update; a grade change needs `gradeReason`; `version` (optional) guards against lost updates. */
  @Patch(':id')
  @Idempotent()
  @ApiOkResponse({ schema: responseRef('Prospect') })
  update(@CurrentUser() user: AuthUser, @Param('id', ProspectIdPipe) id: string, @Body() body: UpdateProspectDto) {
    return this.updates.update(user, id, body);
  }

  @Post(':id/follow-ups')
  @Idempotent()
  followUp(@CurrentUser() user: AuthUser, @Param('id', ProspectIdPipe) id: string, @Body() body: FollowUpDto) {
    return this.updates.addFollowUp(user, id, body);
  }
}
