import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { TaskIdPipe } from '../common/id.pipe';
import { ListTasksQuery } from './dto/list-tasks.dto';
import { TasksService } from './tasks.service';

class CompleteTaskDto {
  @IsString() @MinLength(1) @MaxLength(40) decision: string;
  @IsOptional() @IsString() @MaxLength(4000) comment?: string;
  @IsOptional() @IsObject() data?: Record<string, unknown>;
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** My tasks and my role's, filtered (kind, overdue, dueToday, q), paged; `total` counts every match. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListTasksQuery) {
    return this.tasks.list(user, query);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', TaskIdPipe) id: string) {
    return this.tasks.get(user, id);
  }

  /** Created, reminded, escalated, decided: when and by whom. */
  @Get(':id/history')
  async history(@CurrentUser() user: AuthUser, @Param('id', TaskIdPipe) id: string) {
    return { items: await this.tasks.history(user, id) };
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@CurrentUser() user: AuthUser, @Param('id', TaskIdPipe) id: string, @Body() body: CompleteTaskDto) {
    return this.tasks.complete(user, id, body);
  }
}
