import { Module } from '@nestjs/common';
import { ScorecardsModule } from '../scorecards/scorecards.module';
import { DealerHomeController } from './dealer-home.controller';
import { DealerHomeService } from './dealer-home.service';
import { HomeController } from './home.controller';
import { HomeService } from './home.service';

/** The homes (首页) of every role: the consultant's and customer service's, and the dealer's (managers, director, GM). */
@Module({
  imports: [ScorecardsModule],
  controllers: [HomeController, DealerHomeController],
  providers: [HomeService, DealerHomeService],
  exports: [HomeService],
})
export class HomeModule {}
