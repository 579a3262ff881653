import { Module } from '@nestjs/common';
import { ScorecardsModule } from '../scorecards/scorecards.module';
import { RegionController } from './region.controller';
import { RegionService } from './region.service';

@Module({ imports: [ScorecardsModule], controllers: [RegionController], providers: [RegionService] })
export class RegionModule {}
