// Process 6 endpoints on prospects: reassignment of a consultant's prospects and the delivery hook.
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { Idempotent } from '../common/idempotency';
import { ProspectIdPipe } from '../common/id.pipe';
import { ConversionService } from './conversion.service';
import { DeliveredDto, ReassignDto } from './dto/conversion.dto';

@ApiTags('conversion')
@ApiBearerAuth()
@Controller('prospects')
export class ConversionController {
  constructor(private readonly conversion: ConversionService) {}

  /** Moves fromUserId's prospects (or the ones named) to toUserId, with their follow-up workflows and open tasks. */
  @Post('reassign')
  @Idempotent()
  @HttpCode(200)
  @Roles('ka_manager')
  reassign(@CurrentUser() user: AuthUser, @Body() body: ReassignDto) {
    return this.conversion.reassign(user, body);
  }

  /** 交车: records the delivery of an O prospect; its follow-up workflow ends and it becomes an owner (保有客户). */
  @Post(':id/delivered')
  @Idempotent()
  @HttpCode(200)
  @Roles('consultant', 'ka_manager')
  delivered(@CurrentUser() user: AuthUser, @Param('id', ProspectIdPipe) id: string, @Body() body: DeliveredDto) {
    return this.conversion.delivered(user, id, body);
  }
}
