import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TasksModule } from '../tasks/tasks.module';
import { WecomApps } from './wecom-apps';
import { WecomCallbackController } from './wecom-callback.controller';
import { WecomCallbackService } from './wecom-callback.service';
import { WecomSigninController } from './wecom-signin.controller';
import { WecomSigninService } from './wecom-signin.service';

/** WeCom (企业微信): the application's callback URL (card clicks decide tasks) and the sign-in inside WeCom. */
@Module({
  imports: [TasksModule, AuthModule],
  controllers: [WecomCallbackController, WecomSigninController],
  providers: [WecomApps, WecomCallbackService, WecomSigninService],
})
export class WecomModule {}
