// The two calendar layers kept in the database (docs/user-guide.md "The working-day calendar"): the State Council
// notice of a year, loaded by the system-level role, and each dealer's own closures.
import { Column, Entity } from 'typeorm';

/** A loaded notice (holiday-cn shape); it replaces the shipped data for its year. */
@Entity('official_calendar_year')
export class OfficialCalendarYearEntity {
  @Column('integer', { primary: true }) year: number;
  @Column('jsonb') papers: string[];
  @Column('jsonb') days: Array<{ name: string; date: string; isOffDay: boolean }>;
  /** 'json' (holiday-cn document) or 'ical' (iCalendar file) */
  @Column() source: string;
  @Column('uuid', { nullable: true }) loadedBy: string | null;
  @Column({ type: 'timestamptz' }) loadedAt: Date;
}

/** A dealer's own closure (local holiday, inventory day) or extra working day; wins over the national calendar. */
@Entity('dealer_closure')
export class DealerClosureEntity {
  @Column('uuid', { primary: true }) dealerId: string;
  @Column('date', { primary: true }) date: string;
  @Column() working: boolean;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
