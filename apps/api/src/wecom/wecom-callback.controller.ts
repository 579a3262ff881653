// The callback URL a dealer registers for its WeCom application ("接收消息" → URL, Token, EncodingAESKey):
// /api/wecom/callback/:dealerId. No session: WeCom's signature is the authentication.
import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth-user';
import { idPipe } from '../common/id.pipe';
import { CallbackQueryDto } from './dto/callback-query.dto';
import { WecomCallbackService } from './wecom-callback.service';

const DealerIdPipe = idPipe('WeCom callback of this dealer');

@ApiTags('wecom')
@Controller('wecom/callback')
export class WecomCallbackController {
  constructor(private readonly callbacks: WecomCallbackService) {}

  /** WeCom's URL check: the echostr opened with the dealer's EncodingAESKey, as plain text. */
  @Public()
  @Get(':dealerId')
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'the opened echostr', content: { 'text/plain': { schema: { type: 'string' } } } })
  verify(@Param('dealerId', DealerIdPipe) dealerId: string, @Query() q: CallbackQueryDto): Promise<string> {
    return this.callbacks.verify(dealerId, q);
  }

  /** An encrypted event (a template card click decides its task); answered with an empty body. */
  @Public()
  @Post(':dealerId')
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiConsumes('text/xml', 'application/xml')
  @ApiOkResponse({ description: 'received', content: { 'text/plain': { schema: { type: 'string' } } } })
  async receive(
    @Param('dealerId', DealerIdPipe) dealerId: string,
    @Query() q: CallbackQueryDto,
    @Body() body: unknown,
  ): Promise<string> {
    await this.callbacks.receive(dealerId, q, body);
    return '';
  }
}
