// History windows ("findings in the last 24 months") are calendar months in UTC: date-fns' subMonths works
// in the machine's time zone, and a window must not depend on where the scorer runs.

const DAY = 86_400_000;
/** 1000-01-01 and 9999-01-01 UTC: inside, the arithmetic below is exact; outside, the Date form decides. */
const FAST_FROM = -30_610_224_000_000;
const FAST_TO = 253_370_764_800_000;

/**
 * The same UTC clock time `months` calendar months earlier, clamped to the end of a shorter month
 * (2024-03-31 → 2024-02-29), computed with Date objects. The definition `monthsBefore` must agree with.
 */
export function monthsBeforeByCalendar(time: number, months: number): number {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12); H. Hinnant's days_from_civil. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `monthsBeforeByCalendar` in plain arithmetic (about ten times faster: no Date objects, which
 * deriveContext would otherwise build for every declaration of a known importer). Same result for
 * every time; times outside the years 1000–9999 (and NaN) take the Date form.
 */
export function monthsBefore(time: number, months: number): number {
  if (!(time >= FAST_FROM && time < FAST_TO) || !Number.isInteger(time) || !Number.isInteger(months) || months < 0 || months > 1200) {
    return monthsBeforeByCalendar(time, months);
  }
  const days = Math.floor(time / DAY);
  const msOfDay = time - days * DAY;
  // H. Hinnant's civil_from_days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);

  const shifted = month - 1 - months;
  const targetYear = year + Math.floor(shifted / 12);
  const targetMonth = shifted - Math.floor(shifted / 12) * 12;
  const lastDay = targetMonth === 1 && isLeap(targetYear) ? 29 : MONTH_DAYS[targetMonth]!;
  return daysFromCivil(targetYear, targetMonth + 1, Math.min(day, lastDay)) * DAY + msOfDay;
}
