// Tenancy and people: a region holds dealers; every user belongs to one dealer (region roles read the region).
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('region')
export class RegionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ unique: true }) code: string;
  @Column() name: string;
}

@Entity('dealer')
export class DealerEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') regionId: string;
  @Column({ unique: true }) code: string;
  @Column() name: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Null only for a region-tier user (regionId set instead); the guard keeps those out of dealer routes. */
  @Index() @Column('uuid', { nullable: true }) dealerId: string | null;
  /** Set only for a region-tier user (区域经理): the region whose dealers it reads. */
  @Column('uuid', { nullable: true }) regionId: string | null;
  @Column({ unique: true }) username: string;
  @Column() displayName: string;
  @Column() email: string;
  @Column() passwordHash: string;
  @Column('text', { array: true }) roles: string[];
  @Column({ default: true }) active: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  /** The person's channels (email, wecom); null: the dealer's default. */
  @Column('text', { array: true, nullable: true }) notifyChannels: string[] | null;
  /** zh-CN | en; null: the dealer's default. */
  @Column({ type: 'text', nullable: true }) messageLang: string | null;
  @Column({ type: 'text', nullable: true }) wecomUserId: string | null;
}

/** The dealer's SLA policy as merged JSON over the defaults (libs/domain DEFAULT_POLICY). */
@Entity('dealer_policy')
export class DealerPolicyEntity {
  @Column('uuid', { primary: true }) dealerId: string;
  @Column('jsonb') policy: Record<string, any>;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  @Column('uuid', { nullable: true }) updatedBy: string | null;
}
