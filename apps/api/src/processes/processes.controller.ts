import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { requireDate } from '../common/dates';
import { ProcessesService } from './processes.service';
import { TriggerDto } from './dto/trigger.dto';

@ApiTags('processes')
@ApiBearerAuth()
@Controller('processes')
export class ProcessesController {
  constructor(private readonly processes: ProcessesService) {}

  /**
   * 202 when the run starts (or already runs for that date); 200 `{ started: false, reason }` when the rules say not
   * today.
   */
  @Post(':process/trigger')
  async trigger(
    @CurrentUser() user: AuthUser,
    @Param('process') process: string,
    @Body() body: TriggerDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const date = body.businessDate === undefined ? undefined : requireDate('businessDate', body.businessDate);
    const result = await this.processes.trigger(user, process, date);
    res.status(result.started || result.reason?.startsWith('already') ? 202 : 200);
    return result;
  }
}
