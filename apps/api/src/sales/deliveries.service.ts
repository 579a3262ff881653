// Deliveries (交车, counted as AAK) of an order's cars, and system submissions (系统提报) of delivered
// cars after licensing (上牌). Quantities are checked under a row lock on the order / delivery, so two
// requests at once can never deliver or submit more cars than there are.
import { Injectable, Logger } from '@nestjs/common';
import { zonedInstant } from '@kaflow/calendar';
import { DataSource } from 'typeorm';
import { DeliveryEntity, SalesOrderEntity, SystemSubmissionEntity } from '@kaflow/persistence';
import { Clock, type FieldProblem } from '@kaflow/domain';
import { loadPolicy, writeAudit } from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { badRequest, DomainError, forbidden, notFound, unprocessable } from '../common/domain-error';
import { ConversionService } from '../conversion/conversion.service';
import { businessClock, monthDates } from '../common/business-month';
import { consultantScope } from '../common/prospect-access';
import type { CreateDeliveryDto, CreateSubmissionDto, MonthQuery } from './dto/sales.dto';
import { deliveredOf, lockOrder } from './orders.service';
import {
  toDeliveryView,
  toOrderView,
  toSubmissionView,
  type DeliveryView,
  type OrderView,
  type SubmissionView,
} from './sales.view';

const notAfter = (field: string, date: string, today: string, problems: FieldProblem[]) => {
  if (date > today) problems.push({ field, problem: `must not be after today (${today})` });
};

@Injectable()
export class DeliveriesService {
  private readonly log = new Logger(DeliveriesService.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly conversion: ConversionService,
  ) {}

  async deliver(user: AuthUser, dto: CreateDeliveryDto): Promise<DeliveryView & { order: OrderView }> {
    const result = await this.recordDelivery(user, dto);
    if (result.firstOfProspect) await this.endFollowUp(user, result.firstOfProspect, dto.deliveryDate);
    return result.view;
  }

  /** The first delivery of a prospect's order makes it an owner (保有客户): its follow-up workflow ends. */
  private async endFollowUp(user: AuthUser, prospectId: string, deliveryDate: string): Promise<void> {
    const { timezone } = await loadPolicy(this.db, user.dealerId);
    try {
      await this.conversion.recordDelivery(
        user.dealerId,
        prospectId,
        zonedInstant(deliveryDate, '12:00', timezone),
        user.id,
      );
    } catch (e) {
      // already delivered, or not (yet) graded O: the delivery stands; the prospect's own record says why
      if (!(e instanceof DomainError)) throw e;
      this.log.warn(`delivery of prospect ${prospectId} not applied to its follow-up workflow: ${e.message}`);
    }
  }

  private async recordDelivery(
    user: AuthUser,
    dto: CreateDeliveryDto,
  ): Promise<{ view: DeliveryView & { order: OrderView }; firstOfProspect: string | null }> {
    const clock = await businessClock(this.db, user.dealerId, this.clock.now());
    const problems: FieldProblem[] = [];
    notAfter('deliveryDate', dto.deliveryDate, clock.today, problems);
    return this.db.transaction(async (m) => {
      const order = await lockOrder(m, user, dto.orderId);
      if (dto.deliveryDate < order.orderDate)
        problems.push({ field: 'deliveryDate', problem: `must not be before the order date (${order.orderDate})` });
      if (problems.length) throw badRequest(problems, 'the delivery was not recorded');
      if (order.status === 'cancelled') throw unprocessable('the order is cancelled; nothing can be delivered');
      const delivered = (await deliveredOf(m, [order.id])).get(order.id) ?? 0;
      const remaining = order.quantity - delivered;
      if (dto.quantity > remaining) {
        throw unprocessable(
          `the order has ${remaining} of ${order.quantity} cars left to deliver; ${dto.quantity} is too many`,
        );
      }
      const row = await m.getRepository(DeliveryEntity).save(
        m.create(DeliveryEntity, {
          dealerId: user.dealerId,
          orderId: order.id,
          consultantId: order.consultantId,
          model: order.model,
          quantity: dto.quantity,
          deliveryDate: dto.deliveryDate,
        }),
      );
      if (delivered + dto.quantity === order.quantity) {
        order.status = 'delivered';
        await m.getRepository(SalesOrderEntity).update({ id: order.id }, { status: 'delivered' });
      }
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'delivery.recorded',
        entityType: 'delivery',
        entityId: row.id,
        detail: {
          orderId: order.id,
          orderNo: order.orderNo,
          quantity: row.quantity,
          deliveryDate: row.deliveryDate,
          orderStatus: order.status,
        },
      });
      return {
        view: { ...toDeliveryView(row, 0, order.orderNo), order: toOrderView(order, delivered + dto.quantity) },
        firstOfProspect: delivered === 0 ? order.prospectId : null,
      };
    });
  }

  async submit(user: AuthUser, dto: CreateSubmissionDto): Promise<SubmissionView & { delivery: DeliveryView }> {
    const clock = await businessClock(this.db, user.dealerId, this.clock.now());
    const problems: FieldProblem[] = [];
    notAfter('licensingDate', dto.licensingDate, clock.today, problems);
    notAfter('submittedDate', dto.submittedDate, clock.today, problems);
    if (dto.submittedDate < dto.licensingDate)
      problems.push({
        field: 'submittedDate',
        problem: `must not be before the licensing date (${dto.licensingDate})`,
      });
    return this.db.transaction(async (m) => {
      const delivery = await m
        .getRepository(DeliveryEntity)
        .findOne({ where: { id: dto.deliveryId, dealerId: user.dealerId }, lock: { mode: 'pessimistic_write' } });
      if (!delivery) throw notFound('delivery');
      if (
        !hasRole(user, 'ka_manager', 'admin') &&
        !(hasRole(user, 'consultant') && delivery.consultantId === user.id)
      ) {
        throw forbidden(
          hasRole(user, 'consultant')
            ? 'a consultant may submit only their own deliveries'
            : 'your role may not record submissions',
        );
      }
      if (dto.licensingDate < delivery.deliveryDate)
        problems.push({
          field: 'licensingDate',
          problem: `must not be before the delivery date (${delivery.deliveryDate})`,
        });
      if (problems.length) throw badRequest(problems, 'the submission was not recorded');
      const [{ n }] = await m.query(
        `SELECT COALESCE(SUM("quantity"), 0)::int AS n FROM "system_submission" WHERE "deliveryId" = $1`,
        [delivery.id],
      );
      const open = delivery.quantity - n;
      if (dto.quantity > open) {
        throw unprocessable(
          `the delivery has ${open} of ${delivery.quantity} cars not yet submitted; ${dto.quantity} is too many`,
        );
      }
      const row = await m.getRepository(SystemSubmissionEntity).save(
        m.create(SystemSubmissionEntity, {
          dealerId: user.dealerId,
          deliveryId: delivery.id,
          model: delivery.model,
          quantity: dto.quantity,
          licensingDate: dto.licensingDate,
          submittedDate: dto.submittedDate,
        }),
      );
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'submission.recorded',
        entityType: 'system_submission',
        entityId: row.id,
        detail: {
          deliveryId: delivery.id,
          quantity: row.quantity,
          licensingDate: row.licensingDate,
          submittedDate: row.submittedDate,
        },
      });
      return { ...toSubmissionView(row), delivery: toDeliveryView(delivery, n + dto.quantity) };
    });
  }

  async listDeliveries(user: AuthUser, q: MonthQuery): Promise<{ month: string; items: DeliveryView[] }> {
    const consultantId = consultantScope(user, q.consultantId);
    const month = q.month ?? (await businessClock(this.db, user.dealerId, this.clock.now())).month;
    const { from, to } = monthDates(month);
    const qb = this.db
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .innerJoin(SalesOrderEntity, 'o', 'o.id = d.orderId')
      .addSelect('o.orderNo', 'orderNo')
      .addSelect(
        '(SELECT COALESCE(SUM(s.quantity), 0)::int FROM system_submission s WHERE s."deliveryId" = d.id)',
        'submitted',
      )
      .where('d.dealerId = :dealerId AND d.deliveryDate >= :from AND d.deliveryDate < :to', {
        dealerId: user.dealerId,
        from,
        to,
      });
    if (consultantId) qb.andWhere('d.consultantId = :consultantId', { consultantId });
    const { entities, raw } = await qb
      .orderBy('d.deliveryDate', 'ASC')
      .addOrderBy('d.createdAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getRawAndEntities();
    const extra = new Map(
      raw.map((r: any) => [r.d_id as string, { orderNo: r.orderNo as string, submitted: Number(r.submitted) }]),
    );
    return {
      month,
      items: entities.map((d) => toDeliveryView(d, extra.get(d.id)?.submitted ?? 0, extra.get(d.id)?.orderNo)),
    };
  }

  async listSubmissions(user: AuthUser, q: MonthQuery): Promise<{ month: string; items: SubmissionView[] }> {
    const consultantId = consultantScope(user, q.consultantId);
    const month = q.month ?? (await businessClock(this.db, user.dealerId, this.clock.now())).month;
    const { from, to } = monthDates(month);
    const qb = this.db
      .getRepository(SystemSubmissionEntity)
      .createQueryBuilder('s')
      .innerJoin(DeliveryEntity, 'd', 'd.id = s.deliveryId')
      .where('s.dealerId = :dealerId AND s.submittedDate >= :from AND s.submittedDate < :to', {
        dealerId: user.dealerId,
        from,
        to,
      });
    if (consultantId) qb.andWhere('d.consultantId = :consultantId', { consultantId });
    const rows = await qb
      .orderBy('s.submittedDate', 'ASC')
      .addOrderBy('s.createdAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
    return { month, items: rows.map(toSubmissionView) };
  }
}
