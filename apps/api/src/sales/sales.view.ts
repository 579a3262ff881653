// What the sales endpoints return: plain views of the rows, with the figures derived from them.
import type { DeliveryEntity, SalesOrderEntity, SystemSubmissionEntity } from '@kaflow/persistence';

export interface OrderView {
  id: string;
  orderNo: string;
  consultantId: string;
  prospectId: string | null;
  accountId: string | null;
  customerType: string;
  developmentType: string;
  model: string;
  quantity: number;
  orderDate: string;
  status: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: Date;
  /** Cars delivered so far, and still to deliver (0 once cancelled). */
  delivered: number;
  remaining: number;
}

export const toOrderView = (o: SalesOrderEntity, delivered: number): OrderView => ({
  id: o.id,
  orderNo: o.orderNo,
  consultantId: o.consultantId,
  prospectId: o.prospectId,
  accountId: o.accountId,
  customerType: o.customerType,
  developmentType: o.developmentType,
  model: o.model,
  quantity: o.quantity,
  orderDate: o.orderDate,
  status: o.status,
  cancelledAt: o.cancelledAt,
  cancelReason: o.cancelReason,
  createdAt: o.createdAt,
  delivered,
  remaining: o.status === 'cancelled' ? 0 : o.quantity - delivered,
});

export interface DeliveryView {
  id: string;
  orderId: string;
  orderNo?: string;
  consultantId: string;
  model: string;
  quantity: number;
  deliveryDate: string;
  /** Cars of this delivery submitted so far, and still to submit. */
  submitted: number;
  pending: number;
  createdAt: Date;
}

export const toDeliveryView = (d: DeliveryEntity, submitted: number, orderNo?: string): DeliveryView => ({
  id: d.id,
  orderId: d.orderId,
  ...(orderNo !== undefined ? { orderNo } : {}),
  consultantId: d.consultantId,
  model: d.model,
  quantity: d.quantity,
  deliveryDate: d.deliveryDate,
  submitted,
  pending: d.quantity - submitted,
  createdAt: d.createdAt,
});

export interface SubmissionView {
  id: string;
  deliveryId: string;
  model: string;
  quantity: number;
  licensingDate: string;
  submittedDate: string;
  createdAt: Date;
}

export const toSubmissionView = (s: SystemSubmissionEntity): SubmissionView => ({
  id: s.id,
  deliveryId: s.deliveryId,
  model: s.model,
  quantity: s.quantity,
  licensingDate: s.licensingDate,
  submittedDate: s.submittedDate,
  createdAt: s.createdAt,
});
