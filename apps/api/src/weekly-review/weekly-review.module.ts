import { Module } from '@nestjs/common';
import { WeeklyReviewController } from './weekly-review.controller';
import { WeeklyReviewService } from './weekly-review.service';

@Module({ controllers: [WeeklyReviewController], providers: [WeeklyReviewService] })
export class WeeklyReviewModule {}
