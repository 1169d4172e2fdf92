// The calendar's horizon, admins entering a year the library does not have yet, and deadlines that
// cross into it: provisional until the year is known, then counted again.
import { describe, expect, it } from 'vitest';
import { performAction } from '../../src/cases/case-actions.ts';
import { CalendarService } from '../../src/cases/calendar-service.ts';
import { CaseService } from '../../src/cases/case-service.ts';
import { DeadlineClock } from '../../src/cases/deadlines.ts';
import { CalendarScheduleError, HolidayCalendar, validateYearSchedule } from '../../src/cases/holiday-calendar.ts';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { SettingsRepository } from '../../src/db/settings-repository.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline } from '../../src/main.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

/** A schedule for 2027 for these tests (shaped like the State Council's notices; not the real one). */
const TEST_2027 = {
  holidays: {
    '2027-01-01': '元旦',
    '2027-01-02': '元旦',
    '2027-01-03': '元旦',
    ...Object.fromEntries(['06', '07', '08', '09', '10', '11', '12', '13'].map((day) => [`2027-02-${day}`, '春节'])),
    '2027-10-01': '国庆节',
  },
  workdays: { '2027-02-20': '春节' },
};

async function setup(start: string) {
  const db = freshDatabase();
  let now = new Date(start);
  const settings = new SettingsRepository(db);
  const calendar = new HolidayCalendar();
  const service = new CaseService(new CaseRegistryRepository(db), new DeadlineClock(() => settings.timeLimits(), calendar), () => now);
  const calendars = new CalendarService(calendar, settings, service, () => now);
  const op = await addUser(db, { username: 'op', role: 'operator' });
  const admin = await addUser(db, { username: 'admin', role: 'admin' });
  return {
    db,
    service,
    calendars,
    op: { id: op.id, role: 'operator' as const, departmentId: null },
    admin: { id: admin.id, role: 'admin' as const, departmentId: null },
    setNow: (iso: string) => (now = new Date(iso)),
  };
}

describe('the holiday calendar', () => {
  it('ends where the library ends (2026) and says so 60 days ahead', async () => {
    const { calendars, setNow } = await setup('2026-10-01T02:00:00Z');
    expect(calendars.horizon()).toEqual({ knownUntil: '2026-12-31', daysLeft: 91, warning: null });
    setNow('2026-11-21T02:00:00Z');
    expect(calendars.horizon()).toMatchObject({ daysLeft: 40, warning: expect.stringMatching(/ends on 2026-12-31 \(40 days from now\).*PUT \/api\/admin\/calendar\/2027/) });
  });

  it('takes a year an admin enters, over the library, and moves its horizon', async () => {
    const { calendars, admin, setNow } = await setup('2026-11-21T02:00:00Z');
    expect(calendars.calendar.isWorkingDay('2027-02-08')).toBe(true); // a Monday, unknown as a holiday
    const entered = await calendars.enterYear(2027, TEST_2027, admin);
    expect(entered).toMatchObject({ year: 2027, source: 'admin', knownUntil: '2027-12-31', recounted: [] });
    expect(calendars.calendar.isWorkingDay('2027-02-08')).toBe(false);
    expect(calendars.calendar.isWorkingDay('2027-02-20')).toBe(true); // a make-up Saturday
    expect(calendars.horizon().warning).toBeNull();
    setNow('2027-11-15T02:00:00Z');
    expect(calendars.horizon().warning).toMatch(/ends on 2027-12-31/);
  });

  it('flags a deadline beyond the horizon as provisional, and counts it again when the year is entered', async () => {
    const { service, calendars, op, admin } = await setup('2026-12-21T02:00:00Z');
    const created = service.create({ kind: 'complaint', lang: 'zh', citizenPhone: '13800138000', subject: '投诉', description: '描述' }, op);
    const registered = performAction(service, created.number, { action: 'register' }, op);
    // 15 working days from Monday 21 Dec 2026, with 2027 unknown (only weekends off): Monday 11 Jan 2027
    expect(registered.dueAt).toBe('2027-01-11T15:59:59.999Z');
    expect(service.deadlineProvisional(registered)).toBe(true);
    const entered = await calendars.enterYear(2027, TEST_2027, admin);
    expect(entered.recounted).toEqual([created.number]);
    // 1 January 2027 (a Friday) is a holiday now: one working day later
    const recounted = service.registry.byNumber(created.number)!;
    expect(recounted).toMatchObject({ dueAt: '2027-01-12T15:59:59.999Z', stageDueAt: '2027-01-12T15:59:59.999Z' });
    expect(service.deadlineProvisional(recounted)).toBe(false);
    expect(service.registry.history(recounted.id).at(-1)).toMatchObject({
      action: 'deadline-recounted',
      reason: 'holiday schedule 2027 entered',
      details: { dueAt: { from: '2027-01-11T15:59:59.999Z', to: '2027-01-12T15:59:59.999Z' } },
    });
  });

  it.each([
    [{ holidays: { '2027-13-01': '元旦' } }, /body\/holidays\/2027-13-01: not a calendar day/],
    [{ holidays: { '2028-01-01': '元旦' } }, /not in 2027/],
    [{ holidays: { '2027-01-01': '' } }, /give the holiday's name/],
    [{ holidays: { '2027-01-01': '元旦' }, workdays: { '2027-02-22': '春节' } }, /2027-02-22: a make-up workday \(调休\) is a Saturday or Sunday/],
    [{ holidays: { '2027-02-20': '春节' }, workdays: { '2027-02-20': '春节' } }, /listed as a holiday too/],
    [{ holidays: {} }, /a year has public holidays/],
  ])('refuses a schedule %j, naming the day and the problem', (input, message) => {
    expect(() => validateYearSchedule(2027, { workdays: {}, ...input })).toThrow(CalendarScheduleError);
    expect(() => validateYearSchedule(2027, { workdays: {}, ...input })).toThrow(message);
  });
});

describe('the calendar API', () => {
  it('warns in /readyz, lets an admin enter next year, and refuses everyone else', async () => {
    const db = freshDatabase();
    await addUser(db, { username: 'admin', role: 'admin' });
    await addUser(db, { username: 'sup', role: 'supervisor' });
    const hotline = await createHotline(testConfig(), createLogger('silent'), { db, now: () => new Date('2026-11-21T02:00:00Z') });
    try {
      const token = async (username: string) => (await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } })).json().token;
      const as = async (username: string) => ({ authorization: `Bearer ${await token(username)}` });
      expect((await hotline.app.inject({ method: 'GET', url: '/readyz' })).json().warnings.calendar).toMatch(/ends on 2026-12-31/);
      const refused = await hotline.app.inject({ method: 'PUT', url: '/api/admin/calendar/2027', headers: await as('sup'), payload: TEST_2027 });
      expect(refused.statusCode).toBe(403);
      const bad = await hotline.app.inject({ method: 'PUT', url: '/api/admin/calendar/2027', headers: await as('admin'), payload: { holidays: { '2027-02-30': '春节' } } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/2027-02-30: not a calendar day/);
      const entered = await hotline.app.inject({ method: 'PUT', url: '/api/admin/calendar/2027', headers: await as('admin'), payload: TEST_2027 });
      expect(entered.statusCode).toBe(200);
      expect(entered.json()).toMatchObject({ year: 2027, source: 'admin', knownUntil: '2027-12-31', holidays: { '2027-02-08': '春节' } });
      expect((await hotline.app.inject({ method: 'GET', url: '/readyz' })).json().warnings).toEqual({});
      const overview = (await hotline.app.inject({ method: 'GET', url: '/api/admin/calendar', headers: await as('sup') })).json();
      expect(overview).toMatchObject({ knownUntil: '2027-12-31', warning: null });
      expect(overview.years.at(-1)).toEqual({ year: 2027, source: 'admin' });
      expect((await hotline.app.inject({ method: 'GET', url: '/api/admin/calendar/2031', headers: await as('sup') })).statusCode).toBe(404);
    } finally {
      await hotline.stop();
    }
    // kept in the database: a restarted server knows 2027
    const again = await createHotline(testConfig(), createLogger('silent'), { db, now: () => new Date('2026-11-21T02:00:00Z') });
    expect(again.calendarService.horizon().knownUntil).toBe('2027-12-31');
    await again.stop();
  });
});
