// /api/car-models, /api/orders, /api/deliveries, /api/submissions, /api/stock: the sales records the
// plans are computed from (manual §4 processes 1–3).
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { Idempotent } from '../common/idempotency';
import { idPipe } from '../common/id.pipe';
import { CarModelsService } from './car-models.service';
import { DeliveriesService } from './deliveries.service';
import {
  CancelOrderDto,
  CreateCarModelDto,
  CreateDeliveryDto,
  CreateOrderDto,
  CreateSubmissionDto,
  ListOrdersQuery,
  MonthQuery,
  PutStockDto,
  StockQuery,
  UpdateCarModelDto,
} from './dto/sales.dto';
import { OrdersService } from './orders.service';
import { StockService } from './stock.service';

const CarModelIdPipe = idPipe('car model');
const OrderIdPipe = idPipe('order');

@ApiTags('sales')
@ApiBearerAuth()
@Controller()
export class SalesController {
  constructor(
    private readonly carModels: CarModelsService,
    private readonly orders: OrdersService,
    private readonly deliveries: DeliveriesService,
    private readonly stock: StockService,
  ) {}

  /** The dealer's catalogue: active models first, by sortOrder. */
  @Get('car-models')
  listModels(@CurrentUser() user: AuthUser) {
    return this.carModels.list(user);
  }

  @Post('car-models')
  @Idempotent()
  @Roles('admin')
  createModel(@CurrentUser() user: AuthUser, @Body() body: CreateCarModelDto) {
    return this.carModels.create(user, body);
  }

  /** Partial update; `active: false` retires the model (models are never deleted). */
  @Put('car-models/:id')
  @Roles('admin')
  updateModel(@CurrentUser() user: AuthUser, @Param('id', CarModelIdPipe) id: string, @Body() body: UpdateCarModelDto) {
    return this.carModels.update(user, id, body);
  }

  /** 201: a consultant records their own order; a key-account manager names the consultant. */
  @Post('orders')
  @Idempotent()
  @Roles('consultant', 'ka_manager')
  createOrder(@CurrentUser() user: AuthUser, @Body() body: CreateOrderDto) {
    return this.orders.create(user, body);
  }

  /** Consultants see their own orders; every other role sees the dealer's (paged). */
  @Get('orders')
  listOrders(@CurrentUser() user: AuthUser, @Query() query: ListOrdersQuery) {
    return this.orders.list(user, query);
  }

  @Get('orders/:id')
  getOrder(@CurrentUser() user: AuthUser, @Param('id', OrderIdPipe) id: string) {
    return this.orders.get(user, id);
  }

  /** 拒单: only while the order is open and nothing is delivered (422 otherwise). */
  @Post('orders/:id/cancel')
  @Idempotent()
  @HttpCode(200)
  @Roles('consultant', 'ka_manager')
  cancelOrder(@CurrentUser() user: AuthUser, @Param('id', OrderIdPipe) id: string, @Body() body: CancelOrderDto) {
    return this.orders.cancel(user, id, body);
  }

  /** 201: delivers some or all of an order's remaining cars; the order is `delivered` once all are. */
  @Post('deliveries')
  @Idempotent()
  @Roles('consultant', 'ka_manager')
  deliver(@CurrentUser() user: AuthUser, @Body() body: CreateDeliveryDto) {
    return this.deliveries.deliver(user, body);
  }

  @Get('deliveries')
  listDeliveries(@CurrentUser() user: AuthUser, @Query() query: MonthQuery) {
    return this.deliveries.listDeliveries(user, query);
  }

  /** 201: submits delivered cars to the manufacturer's system after licensing. */
  @Post('submissions')
  @Idempotent()
  @Roles('consultant', 'ka_manager')
  submit(@CurrentUser() user: AuthUser, @Body() body: CreateSubmissionDto) {
    return this.deliveries.submit(user, body);
  }

  @Get('submissions')
  listSubmissions(@CurrentUser() user: AuthUser, @Query() query: MonthQuery) {
    return this.deliveries.listSubmissions(user, query);
  }

  @Get('stock')
  getStock(@CurrentUser() user: AuthUser, @Query() query: StockQuery) {
    return this.stock.get(user, query.month);
  }

  /** Upserts the month's stock of the models named; others stay as they are. */
  @Put('stock/:month')
  @Roles('ka_manager')
  putStock(@CurrentUser() user: AuthUser, @Param('month') month: string, @Body() body: PutStockDto) {
    return this.stock.put(user, month, body);
  }
}
