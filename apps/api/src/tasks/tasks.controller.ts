import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { badRequest } from '../common/domain-error';
import { TaskIdPipe } from '../common/id.pipe';
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

  @Get()
  list(@CurrentUser() user: AuthUser, @Query('status') status = 'open') {
    if (!['open', 'done', 'all'].includes(status)) throw badRequest([{ field: 'status', problem: 'must be open, done or all' }]);
    return this.tasks.list(user, status as 'open' | 'done' | 'all');
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', TaskIdPipe) id: string) {
    return this.tasks.get(user, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@CurrentUser() user: AuthUser, @Param('id', TaskIdPipe) id: string, @Body() body: CompleteTaskDto) {
    return this.tasks.complete(user, id, body);
  }
}
