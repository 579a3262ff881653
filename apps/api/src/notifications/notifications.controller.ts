// Notification channels: the dealer's settings (admin) and each person's own preferences.
import { Body, Controller, Get, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { NotificationSettingsService } from './notification-settings.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  /** The dealer's defaults, WeCom robots and application (secrets only as set / not set), and the sending status. */
  @Roles('admin')
  @Get('admin/notifications')
  get(@CurrentUser() user: AuthUser) {
    return this.settings.get(user.dealerId);
  }

  /**
   * `{ defaults?: { channels, lang }, wecom?: { robots?: [{ role, webhookUrl | webhookUrlEnv }],
   *   app?: { corpId, agentId, secret | secretEnv } | null } }`
   */
  @Roles('admin')
  @Put('admin/notifications')
  put(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.settings.put(user, body);
  }

  @Get('me/preferences')
  preferences(@CurrentUser() user: AuthUser) {
    return this.settings.preferences(user);
  }

  /**
   * `{ notifyChannels?: ['email' | 'wecom', …] | null, messageLang?: 'zh-CN' | 'en' | null,
   *   wecomUserId?: string | null }` (null: the dealer's default).
   */
  @Patch('me')
  patch(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.settings.patchPreferences(user, body);
  }
}
