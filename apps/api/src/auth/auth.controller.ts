import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { CurrentUser, Public, type AuthUser } from '../common/auth-user';
import { RegionRoute, type RegionUser } from '../common/region-access';
import { responseRef } from '../common/openapi-responses';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: { limit: 10, ttl: 60_000 } })
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ schema: responseRef('Session') })
  async login(@Body() body: LoginDto) {
    const session = await this.auth.login(body.username, body.password);
    return { ...session, user: await this.withTimezone(session.user as AuthUser | RegionUser) };
  }

  @ApiBearerAuth()
  @RegionRoute({ alsoDealers: true })
  @Get('me')
  @ApiOkResponse({ schema: responseRef('SessionUser') })
  me(@CurrentUser() user: AuthUser | RegionUser): Promise<(AuthUser | RegionUser) & { timezone: string }> {
    return this.withTimezone(user);
  }

  /** The user as login and /api/me answer it (the same object), with the dealer's time zone for the pages. */
  private async withTimezone<U extends AuthUser | RegionUser>(user: U): Promise<U & { timezone: string }> {
    const dealerId = (user as AuthUser).dealerId;
    return { ...user, timezone: dealerId ? await this.auth.timezone(dealerId) : 'Asia/Shanghai' };
  }
}
