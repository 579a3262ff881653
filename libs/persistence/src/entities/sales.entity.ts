// Sales records the plans are computed from (manual §4 processes 1–3): the car model catalogue
// (车型), orders (订单), deliveries (交车 / AAK), system submissions (系统提报) with their licensing
// (上牌) date, and deliverable stock (库存) per model and month. Monthly actuals are derived from
// these rows, never typed in.
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** The dealer's key-account line-up; `code` is what prospects, orders and plans name as `model`. */
@Entity('car_model')
@Index(['dealerId', 'code'], { unique: true })
export class CarModelEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column() code: string;
  @Column() name: string;
  @Column({ default: true }) active: boolean;
  @Column('int', { default: 0 }) sortOrder: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

export type OrderStatus = 'open' | 'delivered' | 'cancelled';

/** An order (订单). Open until fully delivered; a cancelled order (拒单) leaves the backlog. */
@Entity('sales_order')
@Index(['dealerId', 'orderDate'])
@Index(['dealerId', 'orderNo'], { unique: true })
export class SalesOrderEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Column() orderNo: string;
  @Column('uuid') consultantId: string;
  @Column('uuid', { nullable: true }) prospectId: string | null;
  @Column('uuid', { nullable: true }) accountId: string | null;
  @Column() customerType: string;
  /** new / repeat purchase (the decomposition's channel). */
  @Column() developmentType: string;
  @Column() model: string;
  @Column('int') quantity: number;
  @Column('date') orderDate: string;
  @Column({ type: 'varchar', default: 'open' }) status: OrderStatus;
  @Column('date', { nullable: true }) cancelledAt: string | null;
  @Column({ type: 'text', nullable: true }) cancelReason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A delivery (交车, counted as AAK) of some or all of an order's cars. */
@Entity('delivery')
@Index(['dealerId', 'deliveryDate'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Index() @Column('uuid') orderId: string;
  @Column('uuid') consultantId: string;
  @Column() model: string;
  @Column('int') quantity: number;
  @Column('date') deliveryDate: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A system submission (系统提报) of delivered cars, after their licensing (上牌). */
@Entity('system_submission')
@Index(['dealerId', 'submittedDate'])
export class SystemSubmissionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') dealerId: string;
  @Index() @Column('uuid') deliveryId: string;
  @Column() model: string;
  @Column('int') quantity: number;
  @Column('date') licensingDate: string;
  @Column('date') submittedDate: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Deliverable stock (可交付库存) of a model for a month. */
@Entity('stock')
export class StockEntity {
  @PrimaryColumn('uuid') dealerId: string;
  @PrimaryColumn() model: string;
  @PrimaryColumn({ type: 'varchar', length: 7 }) month: string;
  @Column('int') quantity: number;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
