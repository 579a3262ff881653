// GET /api/wecom/jssdk/signature?url=…: what a page inside WeCom needs to configure the JS-SDK (@wecom/jssdk's
// ww.register → wx.config and wx.agentConfig) before it asks WeCom for the phone's position.
import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { responseRef } from '../common/openapi-responses';
import { JsSdkSignatureQueryDto } from './dto/jssdk-query.dto';
import { WecomJsSdkService } from './wecom-jssdk.service';

@ApiTags('wecom')
@ApiBearerAuth()
@Controller('wecom/jssdk')
export class WecomJsSdkController {
  constructor(private readonly jssdk: WecomJsSdkService) {}

  @Get('signature')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: "The JS-SDK signatures of a KA Flow page for the caller's dealer's WeCom application",
    description:
      'For wx.config (the corp jsapi_ticket) and wx.agentConfig (the application ticket), one timestamp and nonce. ' +
      "`url` must be a page on KA Flow's public address (400 naming `url` otherwise); 409 when the dealer has no " +
      "WeCom application set up (the page then uses the browser's geolocation); 503 when WeCom does not answer.",
  })
  @ApiOkResponse({
    description: 'corpId, agentId, the URL signed and both signatures',
    schema: responseRef('JsSdkSignatures'),
  })
  signature(@CurrentUser() user: AuthUser, @Query() q: JsSdkSignatureQueryDto) {
    return this.jssdk.signatures(user, q.url);
  }
}
