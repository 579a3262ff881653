// A tiny seeded PRNG (mulberry32) and the calendar helpers the seed needs: the same seed gives the
// same demo data on every run; only the dates move with "today".
import { addCalendarDays, zonedInstant } from '@kaflow/calendar';

export type Rand = {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A copy of items in random order. */
  shuffle<T>(items: readonly T[]): T[];
};

export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)];
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

export const SEED_TZ = 'Asia/Shanghai';

/** 'YYYY-MM-DD' n days before today (n > 0 is the past). */
export const daysAgo = (today: string, n: number): string => addCalendarDays(today, -n);

export function isWeekend(date: string): boolean {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd === 0 || wd === 6;
}

/** The nearest weekday on or before date (visits and events happen on working days). */
export function weekdayOnOrBefore(date: string): string {
  let d = date;
  while (isWeekend(d)) d = addCalendarDays(d, -1);
  return d;
}

/** The instant of date at minutes-after-midnight, Asia/Shanghai. */
export function at(date: string, minutes: number): Date {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return zonedInstant(date, `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, SEED_TZ);
}

/** An office-hours instant (09:00-18:59) on date. */
export const officeTime = (rng: Rand, date: string): Date => at(date, rng.int(9 * 60, 18 * 60 + 59));

/** A mainland mobile number (real carrier prefixes, 11 digits) not in `taken`. */
export function mobile(rng: Rand, taken: Set<string>): string {
  const prefixes = [
    '133',
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '152',
    '158',
    '159',
    '166',
    '177',
    '180',
    '181',
    '186',
    '187',
    '188',
    '189',
    '199',
  ];
  for (;;) {
    let n = rng.pick(prefixes);
    for (let i = 0; i < 8; i++) n += String(rng.int(0, 9));
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
  }
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐韩冯邓曹彭曾肖田董潘袁蒋蔡余杜叶程魏苏吕丁任';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '志强',
  '晓东',
  '海燕',
  '俊',
  '雪',
  '琳',
  '浩',
  '宇',
  '鑫',
  '博',
  '文',
  '斌',
  '颖',
  '欣怡',
  '思远',
  '建军',
  '国庆',
  '红梅',
  '春华',
  '玉兰',
  '德明',
  '永刚',
  '立新',
  '晓燕',
  '建平',
  '小龙',
  '子豪',
];

/** A believable Chinese full name not in `taken`. */
export function personName(rng: Rand, taken: Set<string>): string {
  for (;;) {
    const name = rng.pick([...SURNAMES]) + rng.pick(GIVEN);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}
