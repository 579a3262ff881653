import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationSettingsService } from './notification-settings.service';

@Module({ controllers: [NotificationsController], providers: [NotificationSettingsService] })
export class NotificationsModule {}
