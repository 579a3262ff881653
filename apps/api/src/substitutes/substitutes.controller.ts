// Substitutes (代理): `GET/POST /api/substitutes`, `POST /api/substitutes/:id/end`.
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { SubstituteIdPipe } from '../common/id.pipe';
import { Idempotent } from '../common/idempotency';
import { responseRef } from '../common/openapi-responses';
import { CreateSubstituteDto } from './dto/substitutes.dto';
import { SubstitutesService } from './substitutes.service';

@ApiTags('substitutes')
@ApiBearerAuth()
@Controller('substitutes')
export class SubstitutesController {
  constructor(private readonly substitutes: SubstitutesService) {}

  @Get()
  @ApiOperation({ summary: "Substitutions not yet over: mine (away or standing in); the admin's: the dealer's" })
  @ApiOkResponse({ schema: responseRef('Substitutes') })
  list(@CurrentUser() user: AuthUser) {
    return this.substitutes.list(user);
  }

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Name a substitute for a date range (mine; the admin: anyone of the dealer)',
    description:
      'The substitute must hold, on every escalation chain the person has a place on, their role or one above; ' +
      'otherwise a 400 names `substituteUserId` and the roles needed. Dates are at the dealer, inclusive.',
  })
  @ApiCreatedResponse({ schema: responseRef('Substitute') })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateSubstituteDto) {
    return this.substitutes.create(user, body);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a substitution now (the person it stands in for, or the admin)' })
  @ApiOkResponse({ schema: responseRef('Substitute') })
  end(@CurrentUser() user: AuthUser, @Param('id', SubstituteIdPipe) id: string) {
    return this.substitutes.end(user, id);
  }
}
