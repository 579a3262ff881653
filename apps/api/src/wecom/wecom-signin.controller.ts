// Sign-in inside WeCom: /api/wecom/oauth/start (the link a page opened in WeCom goes to) and
// /api/wecom/oauth/return (where WeCom's authorize page sends the browser back). Both answer with a redirect.
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/auth-user';
import { SigninReturnQueryDto, SigninStartQueryDto } from './dto/signin-query.dto';
import { safeNext, WecomSigninService } from './wecom-signin.service';

@ApiTags('wecom')
@Controller('wecom/oauth')
export class WecomSigninController {
  constructor(private readonly signin: WecomSigninService) {}

  /** Redirects to WeCom's authorize page (snsapi_base) with a state bound to this browser by a cookie. */
  @Public()
  @Get('start')
  @ApiResponse({ status: 302, description: "to WeCom's authorize page, or to the sign-in page with the reason" })
  async start(@Query() q: SigninStartQueryDto, @Res() res: Response): Promise<void> {
    const { location, cookie } = await this.signin.start(q.dealer.toLowerCase(), safeNext(q.next));
    if (cookie) res.setHeader('set-cookie', cookie);
    res.setHeader('cache-control', 'no-store');
    res.redirect(302, location);
  }

  /** Back from WeCom: signs the linked user in (the web page keeps the token), or says why not. */
  @Public()
  @Get('return')
  @ApiResponse({
    status: 302,
    description: 'to the sign-in page: signed in (then on to the page asked for) or why not',
  })
  async finish(@Query() q: SigninReturnQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const location = await this.signin.finish(q.code, q.state, req.headers.cookie);
    res.setHeader('set-cookie', this.signin.cookie('', 0)); // the state is spent either way
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.redirect(302, location);
  }
}
