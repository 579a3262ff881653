import { Module } from '@nestjs/common';
import { ActualsController, ActualsService } from './actuals.controller';
import { CarModelsService } from './car-models.service';
import { DeliveriesService } from './deliveries.service';
import { OrdersService } from './orders.service';
import { SalesController } from './sales.controller';
import { StockService } from './stock.service';

@Module({
  controllers: [SalesController, ActualsController],
  providers: [CarModelsService, OrdersService, DeliveriesService, StockService, ActualsService],
})
export class SalesModule {}
