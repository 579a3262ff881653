import { Module } from '@nestjs/common';
import { ScorecardsModule } from '../scorecards/scorecards.module';
import { DealerHomeController } from './dealer-home.controller';
import { DealerHomeService } from './dealer-home.service';

@Module({ imports: [ScorecardsModule], controllers: [DealerHomeController], providers: [DealerHomeService] })
export class HomeModule {}
