// Times people read: the dealer's wall clock, named in the reader's language. Expected strings are
// worked out by hand (Beijing = UTC+8; 2026-12-01 is a Tuesday, so 3 Dec is a Thursday).
import { formatLocalDate, formatLocalTime, zoneName } from '@kaflow/calendar';

describe('formatLocalTime', () => {
  it('reads a UTC instant on the Beijing wall clock, in Chinese and in English', () => {
    const at = new Date('2026-12-03T10:00:00Z');
    expect(formatLocalTime(at, 'Asia/Shanghai', 'zh-CN')).toBe('2026-12-03（周四）18:00 北京时间');
    expect(formatLocalTime(at, 'Asia/Shanghai', 'en')).toBe('Thu 3 Dec 2026, 18:00 Beijing time');
  });

  it('turns the date over at local midnight, not at UTC midnight', () => {
    const at = new Date('2026-12-31T16:30:00Z');
    expect(formatLocalTime(at, 'Asia/Shanghai', 'zh-CN')).toBe('2027-01-01（周五）00:30 北京时间');
    expect(formatLocalTime(at, 'Asia/Shanghai', 'en')).toBe('Fri 1 Jan 2027, 00:30 Beijing time');
  });

  it('follows another dealer zone and names it', () => {
    const at = new Date('2026-12-03T10:05:00Z');
    expect(formatLocalTime(at, 'Asia/Tokyo', 'en')).toBe('Thu 3 Dec 2026, 19:05 Japan Standard Time');
    expect(formatLocalTime(at, 'Asia/Tokyo', 'zh-CN')).toMatch(/^2026-12-03（周四）19:05 日本/);
    expect(formatLocalTime(at, 'Asia/Shanghai', 'en')).not.toMatch(/UTC|GMT/);
  });

  it('never prints UTC for the default zone', () => {
    expect(zoneName(new Date(), 'Asia/Shanghai', 'zh-CN')).toBe('北京时间');
    expect(zoneName(new Date(), 'Asia/Shanghai', 'en')).toBe('Beijing time');
  });
});

describe('formatLocalDate', () => {
  it('adds the weekday', () => {
    expect(formatLocalDate('2027-01-04', 'zh-CN')).toBe('2027-01-04（周一）');
    expect(formatLocalDate('2027-01-04', 'en')).toBe('Mon 4 Jan 2027');
  });
});
