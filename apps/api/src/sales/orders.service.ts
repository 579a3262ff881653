// Orders (订单): recorded by the consultant who won them (or by a key-account manager for one), read back
// with what has been delivered, and cancelled (拒单) while nothing is delivered.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AccountEntity,
  DeliveryEntity,
  ProspectEntity,
  SalesOrderEntity,
  SystemSubmissionEntity,
} from '@kaflow/persistence';
import { Clock, type FieldProblem } from '@kaflow/domain';
import { writeAudit } from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../common/domain-error';
import { businessClock, monthDates } from '../common/business-month';
import { consultantScope } from '../common/prospect-access';
import { checkConsultant, seesOnlyOwn } from '../common/prospect-access';
import { requireActiveModel } from './car-models.service';
import type { CancelOrderDto, CreateOrderDto, ListOrdersQuery } from './dto/sales.dto';
import { toOrderView, type OrderView } from './sales.view';

export interface OrderDetail extends OrderView {
  deliveries: Array<{ id: string; quantity: number; deliveryDate: string; submitted: number }>;
}

const isUniqueViolation = (e: any) => (e?.driverError?.code ?? e?.code) === '23505';

/** The order for a write, locked for the rest of the transaction; 404 outside the caller's dealer. */
export async function lockOrder(m: EntityManager, user: AuthUser, id: string): Promise<SalesOrderEntity> {
  const order = await m
    .getRepository(SalesOrderEntity)
    .findOne({ where: { id, dealerId: user.dealerId }, lock: { mode: 'pessimistic_write' } });
  if (!order) throw notFound('order');
  assertCanWriteOrder(user, order);
  return order;
}

/** Managers may change any order of their dealer; a consultant only their own. */
export function assertCanWriteOrder(user: AuthUser, order: SalesOrderEntity): void {
  if (hasRole(user, 'ka_manager', 'admin')) return;
  if (hasRole(user, 'consultant') && order.consultantId === user.id) return;
  throw forbidden(
    hasRole(user, 'consultant') ? 'a consultant may change only their own orders' : 'your role may not change orders',
  );
}

/** Cars delivered so far per order. */
export async function deliveredOf(db: DataSource | EntityManager, orderIds: string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows: Array<{ id: string; n: number }> = await db.query(
    `SELECT "orderId" AS id, SUM("quantity")::int AS n FROM "delivery" WHERE "orderId" = ANY($1) GROUP BY "orderId"`,
    [orderIds],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateOrderDto): Promise<OrderView> {
    const dealerId = user.dealerId;
    const clock = await businessClock(this.db, dealerId, this.clock.now());
    const consultantId = await this.resolveConsultant(user, dto.consultantId);
    const problems: FieldProblem[] = [];
    if (dto.orderDate > clock.today)
      problems.push({ field: 'orderDate', problem: `must not be after today (${clock.today})` });
    const prospect = dto.prospectId
      ? await this.db.getRepository(ProspectEntity).findOneBy({ id: dto.prospectId, dealerId })
      : null;
    if (dto.prospectId && !prospect) problems.push({ field: 'prospectId', problem: 'no such prospect in your dealer' });
    if (dto.accountId && !(await this.db.getRepository(AccountEntity).existsBy({ id: dto.accountId, dealerId }))) {
      problems.push({ field: 'accountId', problem: 'no such account in your dealer' });
    } else if (dto.accountId && prospect && prospect.accountId !== dto.accountId) {
      problems.push({ field: 'accountId', problem: "is not the prospect's account" });
    }
    if (problems.length) throw badRequest(problems, 'the order was not recorded');
    await requireActiveModel(this.db, dealerId, dto.model);

    try {
      const order = await this.db.transaction(async (m) => {
        // One order number sequence per dealer: serialise the generation (and the check of a given number).
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('kaflow-order-no:' || $1))`, [dealerId]);
        const orderNo = dto.orderNo ?? (await this.nextOrderNo(m, dealerId, dto.orderDate));
        if (dto.orderNo && (await m.getRepository(SalesOrderEntity).existsBy({ dealerId, orderNo }))) {
          throw conflict(`your dealer already has an order numbered ${orderNo}`);
        }
        const saved = await m.getRepository(SalesOrderEntity).save(
          m.create(SalesOrderEntity, {
            dealerId,
            orderNo,
            consultantId,
            prospectId: prospect?.id ?? null,
            accountId: dto.accountId ?? prospect?.accountId ?? null,
            customerType: dto.customerType,
            developmentType: dto.developmentType,
            model: dto.model,
            quantity: dto.quantity,
            orderDate: dto.orderDate,
            status: 'open',
            cancelledAt: null,
            cancelReason: null,
          }),
        );
        await writeAudit(m, {
          dealerId,
          actorUserId: user.id,
          action: 'order.created',
          entityType: 'sales_order',
          entityId: saved.id,
          detail: {
            orderNo,
            consultantId,
            model: saved.model,
            quantity: saved.quantity,
            orderDate: saved.orderDate,
            prospectId: saved.prospectId,
          },
        });
        return saved;
      });
      return toOrderView(order, 0);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`your dealer already has an order numbered ${dto.orderNo}`);
      throw e;
    }
  }

  /** KA-YYYYMM-NNNN, the next free number of the order month (called under the dealer's lock). */
  private async nextOrderNo(m: EntityManager, dealerId: string, orderDate: string): Promise<string> {
    const prefix = `KA-${orderDate.slice(0, 4)}${orderDate.slice(5, 7)}-`;
    const [row] = await m.query(
      `SELECT COALESCE(MAX(substring("orderNo" FROM '^KA-\\d{6}-(\\d{1,9})$')::int), 0) AS n FROM "sales_order"
        WHERE "dealerId" = $1 AND "orderNo" LIKE $2`,
      [dealerId, `${prefix}%`],
    );
    return `${prefix}${String(Number(row.n) + 1).padStart(4, '0')}`;
  }

  /** A consultant records their own orders; a key-account manager or admin names the consultant. */
  private async resolveConsultant(user: AuthUser, consultantId: string | undefined): Promise<string> {
    if (consultantId === undefined || consultantId === user.id) {
      if (hasRole(user, 'consultant')) return user.id;
      throw badRequest([{ field: 'consultantId', problem: 'name the consultant the order belongs to' }]);
    }
    if (!hasRole(user, 'ka_manager', 'admin'))
      throw forbidden('only a key-account manager may record an order for another consultant');
    await checkConsultant(this.db, user.dealerId, consultantId, 'consultantId');
    return consultantId;
  }

  async list(
    user: AuthUser,
    q: ListOrdersQuery,
  ): Promise<{ items: OrderView[]; total: number; page: number; pageSize: number }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const consultantId = consultantScope(user, q.consultantId);
    const qb = this.db
      .getRepository(SalesOrderEntity)
      .createQueryBuilder('o')
      .where('o.dealerId = :dealerId', { dealerId: user.dealerId });
    if (q.month) {
      const { from, to } = monthDates(q.month);
      qb.andWhere('o.orderDate >= :from AND o.orderDate < :to', { from, to });
    }
    if (q.status) qb.andWhere('o.status = :status', { status: q.status });
    if (consultantId) qb.andWhere('o.consultantId = :consultantId', { consultantId });
    if (q.model) qb.andWhere('o.model = :model', { model: q.model });
    const [rows, total] = await qb
      .orderBy('o.orderDate', 'DESC')
      .addOrderBy('o.orderNo', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const delivered = await deliveredOf(
      this.db,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => toOrderView(r, delivered.get(r.id) ?? 0)), total, page, pageSize };
  }

  async get(user: AuthUser, id: string): Promise<OrderDetail> {
    const order = await this.db.getRepository(SalesOrderEntity).findOneBy({ id, dealerId: user.dealerId });
    if (!order) throw notFound('order');
    if (seesOnlyOwn(user) && order.consultantId !== user.id) throw forbidden('a consultant sees only their own orders');
    const deliveries = await this.db
      .getRepository(DeliveryEntity)
      .find({ where: { orderId: id, dealerId: user.dealerId }, order: { deliveryDate: 'ASC', createdAt: 'ASC' } });
    const submitted: Array<{ id: string; n: number }> =
      deliveries.length === 0
        ? []
        : await this.db
            .getRepository(SystemSubmissionEntity)
            .createQueryBuilder('s')
            .select('s.deliveryId', 'id')
            .addSelect('SUM(s.quantity)::int', 'n')
            .where('s.deliveryId IN (:...ids)', { ids: deliveries.map((d) => d.id) })
            .groupBy('s.deliveryId')
            .getRawMany();
    const sub = new Map(submitted.map((s) => [s.id, s.n]));
    const delivered = deliveries.reduce((sum, d) => sum + d.quantity, 0);
    return {
      ...toOrderView(order, delivered),
      deliveries: deliveries.map((d) => ({
        id: d.id,
        quantity: d.quantity,
        deliveryDate: d.deliveryDate,
        submitted: sub.get(d.id) ?? 0,
      })),
    };
  }

  /** 拒单: only an open order with nothing delivered (422 otherwise). */
  async cancel(user: AuthUser, id: string, dto: CancelOrderDto): Promise<OrderView> {
    const clock = await businessClock(this.db, user.dealerId, this.clock.now());
    const cancelledAt = dto.cancelledAt ?? clock.today;
    const order = await this.db.transaction(async (m) => {
      const o = await lockOrder(m, user, id);
      if (cancelledAt > clock.today)
        throw badRequest([{ field: 'cancelledAt', problem: `must not be after today (${clock.today})` }]);
      if (cancelledAt < o.orderDate)
        throw badRequest([{ field: 'cancelledAt', problem: `must not be before the order date (${o.orderDate})` }]);
      if (o.status !== 'open') throw unprocessable(`the order is ${o.status}; only an open order can be cancelled`);
      const delivered = (await deliveredOf(m, [o.id])).get(o.id) ?? 0;
      if (delivered > 0)
        throw unprocessable(`${delivered} of the order's cars are already delivered; it can no longer be cancelled`);
      o.status = 'cancelled';
      o.cancelledAt = cancelledAt;
      o.cancelReason = dto.reason;
      await m.getRepository(SalesOrderEntity).save(o);
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'order.cancelled',
        entityType: 'sales_order',
        entityId: o.id,
        detail: { orderNo: o.orderNo, cancelledAt, reason: dto.reason, quantity: o.quantity },
      });
      return o;
    });
    return toOrderView(order, 0);
  }
}
