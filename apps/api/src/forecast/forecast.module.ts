import { Module } from '@nestjs/common';
import { ForecastController, RegionForecastController } from './forecast.controller';
import { ForecastService } from './forecast.service';

@Module({ controllers: [ForecastController, RegionForecastController], providers: [ForecastService] })
export class ForecastModule {}
