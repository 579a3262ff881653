// Sales records and catalogue rows for planning tests, written directly.
import type { DataSource } from 'typeorm';
import {
  CarModelEntity,
  DeliveryEntity,
  SalesOrderEntity,
  StockEntity,
  SystemSubmissionEntity,
} from '@kaflow/persistence';
import type { DealerFixture } from './fixtures';

let orderNo = 0;

export async function insertCatalogue(db: DataSource, f: DealerFixture, codes = ['A6L', 'Q5L']): Promise<void> {
  await db
    .getRepository(CarModelEntity)
    .insert(codes.map((code, i) => ({ dealerId: f.dealer.id, code, name: `奥迪 ${code}`, sortOrder: i })));
}

export async function insertOrder(
  db: DataSource,
  f: DealerFixture,
  o: {
    consultant?: string;
    model?: string;
    quantity: number;
    orderDate: string;
    developmentType?: string;
    customerType?: string;
    deliveries?: Array<{ quantity: number; date: string; submitted?: string }>;
  },
): Promise<SalesOrderEntity> {
  const consultantId = f.users[o.consultant ?? 'consultant'].id;
  const model = o.model ?? 'A6L';
  const order = await db.getRepository(SalesOrderEntity).save({
    dealerId: f.dealer.id,
    orderNo: `T${++orderNo}-${f.dealer.code}`,
    consultantId,
    prospectId: null,
    accountId: null,
    customerType: o.customerType ?? 'enterprise',
    developmentType: o.developmentType ?? 'new',
    model,
    quantity: o.quantity,
    orderDate: o.orderDate,
    status: 'open',
    cancelledAt: null,
    cancelReason: null,
  });
  for (const d of o.deliveries ?? []) {
    const delivery = await db.getRepository(DeliveryEntity).save({
      dealerId: f.dealer.id,
      orderId: order.id,
      consultantId,
      model,
      quantity: d.quantity,
      deliveryDate: d.date,
    });
    if (d.submitted) {
      await db.getRepository(SystemSubmissionEntity).save({
        dealerId: f.dealer.id,
        deliveryId: delivery.id,
        model,
        quantity: d.quantity,
        licensingDate: d.submitted,
        submittedDate: d.submitted,
      });
    }
  }
  return order;
}

export async function insertStock(
  db: DataSource,
  f: DealerFixture,
  month: string,
  items: Record<string, number>,
): Promise<void> {
  await db
    .getRepository(StockEntity)
    .save(Object.entries(items).map(([model, quantity]) => ({ dealerId: f.dealer.id, model, month, quantity })));
}
