import { Module } from '@nestjs/common';
import { ConversionModule } from '../conversion/conversion.module';
import { ActualsController } from './actuals.controller';
import { ActualsService } from './actuals.service';
import { CarModelsService } from './car-models.service';
import { DeliveriesService } from './deliveries.service';
import { OrdersService } from './orders.service';
import { SalesController } from './sales.controller';
import { StockService } from './stock.service';

@Module({
  imports: [ConversionModule],
  controllers: [SalesController, ActualsController],
  providers: [CarModelsService, OrdersService, DeliveriesService, StockService, ActualsService],
})
export class SalesModule {}
