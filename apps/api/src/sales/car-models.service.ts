// The dealer's car model catalogue (车型): the codes orders, stock and plans name. Admin-kept; a model
// is retired with `active: false`, never deleted, so old records keep their meaning.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CarModelEntity } from '@kaflow/persistence';
import { writeAudit } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { badRequest, conflict, notFound, unprocessable } from '../common/domain-error';
import type { CreateCarModelDto, UpdateCarModelDto } from './dto/sales.dto';

export interface CarModelView {
  id: string;
  code: string;
  name: string;
  active: boolean;
  sortOrder: number;
}

const view = (c: CarModelEntity): CarModelView => ({
  id: c.id,
  code: c.code,
  name: c.name,
  active: c.active,
  sortOrder: c.sortOrder,
});
const isUniqueViolation = (e: any) => (e?.driverError?.code ?? e?.code) === '23505';

/** The model must be an active model of the dealer's catalogue (400 naming `field` otherwise). */
export async function requireActiveModel(
  db: DataSource | EntityManager,
  dealerId: string,
  code: string,
  field = 'model',
): Promise<void> {
  if (!(await db.getRepository(CarModelEntity).existsBy({ dealerId, code, active: true }))) {
    throw badRequest([{ field, problem: `must be an active model of your catalogue (${code} is not)` }]);
  }
}

@Injectable()
export class CarModelsService {
  constructor(private readonly db: DataSource) {}

  /** Active models first, each group by sortOrder then code. */
  async list(user: AuthUser): Promise<{ items: CarModelView[] }> {
    const rows = await this.db.getRepository(CarModelEntity).find({
      where: { dealerId: user.dealerId },
      order: { active: 'DESC', sortOrder: 'ASC', code: 'ASC' },
    });
    return { items: rows.map(view) };
  }

  async create(user: AuthUser, dto: CreateCarModelDto): Promise<CarModelView> {
    try {
      return await this.db.transaction(async (m) => {
        const row = await m.getRepository(CarModelEntity).save(
          m.create(CarModelEntity, {
            dealerId: user.dealerId,
            code: dto.code,
            name: dto.name,
            active: dto.active ?? true,
            sortOrder: dto.sortOrder ?? 0,
          }),
        );
        await writeAudit(m, {
          dealerId: user.dealerId,
          actorUserId: user.id,
          action: 'car_model.created',
          entityType: 'car_model',
          entityId: row.id,
          detail: view(row),
        });
        return view(row);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`your catalogue already has a model with the code ${dto.code}`);
      throw e;
    }
  }

  async update(user: AuthUser, id: string, dto: UpdateCarModelDto): Promise<CarModelView> {
    try {
      return await this.db.transaction(async (m) => {
        const row = await m
          .getRepository(CarModelEntity)
          .findOne({ where: { id, dealerId: user.dealerId }, lock: { mode: 'pessimistic_write' } });
        if (!row) throw notFound('car model');
        const before = view(row);
        if (dto.code !== undefined && dto.code !== row.code && (await this.codeInUse(m, user.dealerId, row.code))) {
          throw unprocessable(
            `the code ${row.code} is already used by orders or stock; add a new model and retire this one instead`,
          );
        }
        Object.assign(row, {
          ...(dto.code !== undefined ? { code: dto.code } : {}),
          ...(dto.name !== undefined ? { name: dto.name } : {}),
          ...(dto.active !== undefined ? { active: dto.active } : {}),
          ...(dto.sortOrder !== undefined ? { sortOrder: dto.sortOrder } : {}),
        });
        await m.getRepository(CarModelEntity).save(row);
        await writeAudit(m, {
          dealerId: user.dealerId,
          actorUserId: user.id,
          action: 'car_model.updated',
          entityType: 'car_model',
          entityId: row.id,
          detail: { before, after: view(row) },
        });
        return view(row);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`your catalogue already has a model with the code ${dto.code}`);
      throw e;
    }
  }

  private async codeInUse(m: EntityManager, dealerId: string, code: string): Promise<boolean> {
    const [row] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM "sales_order" WHERE "dealerId" = $1 AND "model" = $2)
           OR EXISTS (SELECT 1 FROM "stock" WHERE "dealerId" = $1 AND "model" = $2) AS used`,
      [dealerId, code],
    );
    return row.used === true;
  }
}
