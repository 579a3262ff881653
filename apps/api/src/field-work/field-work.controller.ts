// Field work of process 5 (留档): visit plans, visits (走访), events (外展/展厅活动) and their leads.
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { Idempotent } from '../common/idempotency';
import { EventIdPipe, VisitIdPipe } from '../common/id.pipe';
import { CheckInDto, UnplannedCheckInDto } from './dto/check-in.dto';
import { CheckInService } from './check-in.service';
import {
  AddEventLeadsDto,
  CreateEventDto,
  CreateVisitDto,
  CreateVisitPlanDto,
  EventHeldDto,
  FieldWorkQuery,
} from './dto/field-work.dto';
import { EVENT_ORGANISERS, EventsService } from './events.service';
import { FieldWorkService } from './field-work.service';

@ApiTags('field-work')
@ApiBearerAuth()
@Controller()
export class FieldWorkController {
  constructor(
    private readonly fieldWork: FieldWorkService,
    private readonly events: EventsService,
    private readonly checkIns: CheckInService,
  ) {}

  /** 201: adds items to the caller's visit plan for this month or next month. */
  @Post('visit-plans')
  @Idempotent()
  @Roles('consultant')
  createPlan(@CurrentUser() user: AuthUser, @Body() body: CreateVisitPlanDto) {
    return this.fieldWork.createPlan(user, body);
  }

  @Get('visit-plans')
  listPlans(@CurrentUser() user: AuthUser, @Query() query: FieldWorkQuery) {
    return this.fieldWork.listPlans(user, query);
  }

  @Post('visits')
  @Idempotent()
  @Roles('consultant')
  recordVisit(@CurrentUser() user: AuthUser, @Body() body: CreateVisitDto) {
    return this.fieldWork.recordVisit(user, body);
  }

  /** 201: checks in (走访签到) on a visit of the caller's plan, with the phone's position or none. */
  @Post('visits/check-in')
  @Idempotent()
  @Roles('consultant')
  checkInUnplanned(@CurrentUser() user: AuthUser, @Body() body: UnplannedCheckInDto) {
    return this.checkIns.checkInUnplanned(user, body);
  }

  /** 201: checks in on a planned visit (a visit plan item's id) of the caller. */
  @Post('visits/:id/check-in')
  @Idempotent()
  @Roles('consultant')
  checkIn(@CurrentUser() user: AuthUser, @Param('id', VisitIdPipe) id: string, @Body() body: CheckInDto) {
    return this.checkIns.checkIn(user, id, body);
  }

  @Get('visits')
  listVisits(@CurrentUser() user: AuthUser, @Query() query: FieldWorkQuery) {
    return this.fieldWork.listVisits(user, query);
  }

  @Post('events')
  @Idempotent()
  @Roles(...EVENT_ORGANISERS)
  createEvent(@CurrentUser() user: AuthUser, @Body() body: CreateEventDto) {
    return this.events.create(user, body);
  }

  @Post('events/:id/held')
  @Idempotent()
  @HttpCode(200)
  @Roles(...EVENT_ORGANISERS, 'gm')
  markHeld(@CurrentUser() user: AuthUser, @Param('id', EventIdPipe) id: string, @Body() body: EventHeldDto) {
    return this.events.markHeld(user, id, body);
  }

  /** 201: the leads met at a held event; each is recorded later as a prospect (sourceEventLeadId). */
  @Post('events/:id/leads')
  @Idempotent()
  @Roles(...EVENT_ORGANISERS)
  addLeads(@CurrentUser() user: AuthUser, @Param('id', EventIdPipe) id: string, @Body() body: AddEventLeadsDto) {
    return this.events.addLeads(user, id, body);
  }

  @Get('events')
  listEvents(@CurrentUser() user: AuthUser, @Query() query: FieldWorkQuery) {
    return this.events.list(user, query.month);
  }
}
