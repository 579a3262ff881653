// Outreach and showroom events (外展/展厅活动, manual §4 process 5): planned, held, and the leads met
// there. A lead counts as recorded (留档) once a prospect names it as its sourceEventLeadId.
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { EventLeadEntity, SalesEventEntity } from '@kaflow/persistence';
import { Clock, phoneFor, type Role } from '@kaflow/domain';
import { writeAudit } from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { badRequest, forbidden, notFound, unprocessable } from '../common/domain-error';
import { businessClock, monthDates } from '../common/business-month';
import type { AddEventLeadsDto, CreateEventDto, EventHeldDto } from './dto/field-work.dto';

/** Who organises events; besides its owner, these may also mark any event of the dealer held. */
export const EVENT_ORGANISERS: Role[] = ['consultant', 'ka_manager', 'marketing_director', 'sales_director'];
const EVENT_MANAGERS: Role[] = ['ka_manager', 'marketing_director', 'sales_director', 'gm', 'admin'];

export interface EventLeadView {
  id: string;
  name: string;
  phone: string | null;
  company: string | null;
  prospectId: string | null;
  createdAt: Date;
}
export interface EventView {
  id: string;
  kind: string;
  name: string;
  ownerId: string;
  plannedDate: string;
  heldOn: string | null;
  location: string | null;
  leads: EventLeadView[];
  leadCount: number;
  recordedCount: number;
  createdAt: Date;
}

@Injectable()
export class EventsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateEventDto): Promise<EventView> {
    const row = await this.db.transaction(async (m) => {
      const saved = await m.getRepository(SalesEventEntity).save(
        m.create(SalesEventEntity, {
          dealerId: user.dealerId,
          kind: dto.kind,
          name: dto.name,
          ownerId: user.id,
          plannedDate: dto.plannedDate,
          heldOn: null,
          location: dto.location || null,
        }),
      );
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'event.planned',
        entityType: 'sales_event',
        entityId: saved.id,
        detail: { ...dto },
      });
      return saved;
    });
    return this.toView(row, []);
  }

  async markHeld(user: AuthUser, id: string, dto: EventHeldDto): Promise<EventView> {
    const event = await this.load(user, id);
    if (event.ownerId !== user.id && !hasRole(user, ...EVENT_MANAGERS))
      throw forbidden("only the event's owner or a manager may mark it held");
    const { today } = await businessClock(this.db, user.dealerId, this.clock.now());
    if (dto.heldOn > today) throw badRequest([{ field: 'heldOn', problem: `must not be after today (${today})` }]);
    await this.db.transaction(async (m) => {
      await m.getRepository(SalesEventEntity).update({ id, dealerId: user.dealerId }, { heldOn: dto.heldOn });
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'event.held',
        entityType: 'sales_event',
        entityId: id,
        detail: { heldOn: dto.heldOn, before: event.heldOn },
      });
    });
    return this.view(user, id);
  }

  /** Records the leads met at a held event (集客); they wait to be recorded as prospects. */
  async addLeads(user: AuthUser, id: string, dto: AddEventLeadsDto): Promise<EventView> {
    const event = await this.load(user, id);
    if (!event.heldOn)
      throw unprocessable('the event has not been marked held yet: record its leads once it has taken place');
    await this.db.transaction(async (m) => {
      // One millisecond apart, so the leads list in the order they were given.
      const at = this.clock.now().getTime();
      const rows = dto.leads.map((l, i) =>
        m.create(EventLeadEntity, {
          dealerId: user.dealerId,
          eventId: id,
          name: l.name,
          phone: l.phone || null,
          company: l.company || null,
          prospectId: null,
          createdAt: new Date(at + i),
        }),
      );
      await m.getRepository(EventLeadEntity).insert(rows);
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'event.leads_added',
        entityType: 'sales_event',
        entityId: id,
        detail: { leads: rows.map((r) => r.id) },
      });
    });
    return this.view(user, id);
  }

  /** The month's events: planned or held in it, with their leads and how many were recorded. */
  async list(user: AuthUser, monthQuery?: string): Promise<{ month: string; items: EventView[] }> {
    const month = monthQuery ?? (await businessClock(this.db, user.dealerId, this.clock.now())).month;
    const { from, to } = monthDates(month);
    const events = await this.db
      .getRepository(SalesEventEntity)
      .createQueryBuilder('e')
      .where('e.dealerId = :dealerId', { dealerId: user.dealerId })
      .andWhere('((e.plannedDate >= :from AND e.plannedDate < :to) OR (e.heldOn >= :from AND e.heldOn < :to))', {
        from,
        to,
      })
      .orderBy('e.plannedDate', 'ASC')
      .addOrderBy('e.createdAt', 'ASC')
      .getMany();
    const leads =
      events.length === 0
        ? []
        : await this.db.getRepository(EventLeadEntity).find({
            where: { dealerId: user.dealerId, eventId: In(events.map((e) => e.id)) },
            order: { createdAt: 'ASC', id: 'ASC' },
          });
    return {
      month,
      items: events.map((e) =>
        this.toView(
          e,
          leads.filter((l) => l.eventId === e.id).map((l) => leadWithPhoneFor(user, l)),
        ),
      ),
    };
  }

  private async view(user: AuthUser, id: string): Promise<EventView> {
    const event = await this.load(user, id);
    const leads = await this.db
      .getRepository(EventLeadEntity)
      .find({ where: { dealerId: user.dealerId, eventId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return this.toView(
      event,
      leads.map((l) => leadWithPhoneFor(user, l)),
    );
  }

  private async load(user: AuthUser, id: string): Promise<SalesEventEntity> {
    const event = await this.db.getRepository(SalesEventEntity).findOneBy({ id, dealerId: user.dealerId });
    if (!event) throw notFound('event');
    return event;
  }

  private toView(e: SalesEventEntity, leads: EventLeadEntity[]): EventView {
    return {
      id: e.id,
      kind: e.kind,
      name: e.name,
      ownerId: e.ownerId,
      plannedDate: e.plannedDate,
      heldOn: e.heldOn,
      location: e.location,
      leads: leads.map((l) => ({
        id: l.id,
        name: l.name,
        phone: l.phone,
        company: l.company,
        prospectId: l.prospectId,
        createdAt: l.createdAt,
      })),
      leadCount: leads.length,
      recordedCount: leads.filter((l) => l.prospectId).length,
      createdAt: e.createdAt,
    };
  }
}

/** PIPL: a lead's phone in full to the dealer's managers and to consultants (the leads are theirs to follow up, and
 *  any consultant may record them at an event); masked for every other role. */
function leadWithPhoneFor(user: AuthUser, l: EventLeadEntity): EventLeadEntity {
  const ownerId = user.roles.includes('consultant') ? user.id : null;
  return { ...l, phone: phoneFor({ userId: user.id, roles: user.roles }, { ownerId, callback: false }, l.phone) };
}
