import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { Idempotent } from '../common/idempotency';
import { responseRef } from '../common/openapi-responses';
import { TaskIdPipe } from '../common/id.pipe';
import { ListTasksQuery } from './dto/list-tasks.dto';
import { TasksService } from './tasks.service';
import { TaskReassignService } from './task-reassign.service';
import { CompleteTaskDto } from './dto/complete-task.dto';
import { ReassignTasksDto } from './dto/reassign-tasks.dto';

const PROVISIONAL_NOTE =
  'Each task says whether the calendar year of its due time (at the dealer) rests on a State Council notice: ' +
  '`official: true, provisional: false`; or, with no notice loaded for that year, on the statutory holidays by law ' +
  'alone (no bridging or makeup days yet): `official: false, provisional: true` — the due time may still move ' +
  'when the notice is loaded.';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly reassigner: TaskReassignService,
  ) {}

  /** My tasks and my role's, filtered (kind, overdue, dueToday, q), paged; `total` counts every match. */
  @Get()
  @ApiOperation({
    summary: "My tasks and my role's, filtered (kind, overdue, dueToday, q) and paged; `total` counts every match",
    description: PROVISIONAL_NOTE,
  })
  @ApiOkResponse({
    description: '`{ items, total, page, pageSize }`; each item carries `official` and `provisional`',
    schema: responseRef('TaskPage'),
  })
  list(@CurrentUser() user: AuthUser, @Query() query: ListTasksQuery) {
    return this.tasks.list(user, query);
  }

  /** Moves open tasks to another person who may decide them (转办), with a reason; all or none. */
  @Post('reassign')
  @Idempotent()
  @HttpCode(200)
  @Roles('ka_manager')
  @ApiOperation({
    summary: 'Reassign open tasks (one or several) to another person who may decide them, with a reason',
    description:
      'All or none: a task that is not open, sits above the caller on its escalation chain (admins excepted), or ' +
      'that the new person may not decide is a 400 naming `taskIds[i]`. The new assignee gets the task message; ' +
      'the workflow keeps its timers.',
  })
  @ApiOkResponse({ description: 'The moved tasks', schema: responseRef('TaskPage') })
  reassign(@CurrentUser() user: AuthUser, @Body() body: ReassignTasksDto) {
    return this.reassigner.reassign(user, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task of my dealer, with its payload and decision', description: PROVISIONAL_NOTE })
  @ApiOkResponse({
    description: 'The task, with `official` and `provisional` for the year it falls due in',
    schema: responseRef('Task'),
  })
  get(@CurrentUser() user: AuthUser, @Param('id', TaskIdPipe) id: string) {
    return this.tasks.get(user, id);
  }

  /** Created, reminded, escalated, decided: when and by whom. */
  @Get(':id/history')
  @ApiOkResponse({ schema: responseRef('TaskHistory') })
  async history(@CurrentUser() user: AuthUser, @Param('id', TaskIdPipe) id: string) {
    return { items: await this.tasks.history(user, id) };
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The decided task', schema: responseRef('DecidedTask') })
  complete(@CurrentUser() user: AuthUser, @Param('id', TaskIdPipe) id: string, @Body() body: CompleteTaskDto) {
    return this.tasks.complete(user, id, body);
  }
}
