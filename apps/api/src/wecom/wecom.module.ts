import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TasksModule } from '../tasks/tasks.module';
import { WecomApps } from './wecom-apps';
import { WecomCallbackController } from './wecom-callback.controller';
import { WecomCallbackService } from './wecom-callback.service';
import { WecomJsSdkController } from './wecom-jssdk.controller';
import { WecomJsSdkService } from './wecom-jssdk.service';
import { WecomSigninController } from './wecom-signin.controller';
import { WecomSigninService } from './wecom-signin.service';

/** WeCom (企业微信): the application's callback URL (card clicks decide tasks), the sign-in inside WeCom and the
 *  JS-SDK's signatures (a page inside WeCom asks WeCom for the phone's position). */
@Module({
  imports: [TasksModule, AuthModule],
  controllers: [WecomCallbackController, WecomSigninController, WecomJsSdkController],
  providers: [WecomApps, WecomCallbackService, WecomSigninService, WecomJsSdkService],
})
export class WecomModule {}
