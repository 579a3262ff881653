// Deliverable stock (可交付库存) per model and month: read by everyone of the dealer, kept by the
// key-account manager; PUT upserts the models it names and leaves the others as they are.
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CarModelEntity } from '@kaflow/persistence';
import { Clock, type FieldProblem } from '@kaflow/domain';
import { stockFor, writeAudit } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { badRequest } from '../common/domain-error';
import { requireMonth } from '../common/dates';
import { businessClock } from '../common/business-month';
import type { PutStockDto } from './dto/sales.dto';

export interface StockView {
  month: string;
  items: Array<{ model: string; quantity: number }>;
}

@Injectable()
export class StockService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(user: AuthUser, month?: string): Promise<StockView> {
    const m = month ?? (await businessClock(this.db, user.dealerId, this.clock.now())).month;
    return { month: m, items: await stockFor(this.db, user.dealerId, m) };
  }

  async put(user: AuthUser, monthParam: string, dto: PutStockDto): Promise<StockView> {
    const month = requireMonth('month', monthParam);
    const problems: FieldProblem[] = [];
    const codes = dto.items.map((i) => i.model);
    const known = new Set(
      (
        await this.db.getRepository(CarModelEntity).findBy({ dealerId: user.dealerId, code: In(codes), active: true })
      ).map((c) => c.code),
    );
    const seen = new Set<string>();
    dto.items.forEach((item, i) => {
      if (!known.has(item.model))
        problems.push({
          field: `items[${i}].model`,
          problem: `must be an active model of your catalogue (${item.model} is not)`,
        });
      else if (seen.has(item.model))
        problems.push({ field: `items[${i}].model`, problem: `${item.model} is listed twice` });
      seen.add(item.model);
    });
    if (problems.length) throw badRequest(problems, 'the stock was not saved');
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO "stock" ("dealerId", "model", "month", "quantity", "updatedAt")
         SELECT $1, x.model, $2, x.quantity, now() FROM unnest($3::varchar[], $4::int[]) AS x(model, quantity)
         ON CONFLICT ("dealerId", "model", "month")
         DO UPDATE SET "quantity" = EXCLUDED."quantity", "updatedAt" = now()`,
        [user.dealerId, month, codes, dto.items.map((i) => i.quantity)],
      );
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'stock.updated',
        entityType: 'stock',
        entityId: `${user.dealerId}:${month}`,
        detail: { month, items: dto.items.map((i) => ({ model: i.model, quantity: i.quantity })) },
      });
    });
    return this.get(user, month);
  }
}
