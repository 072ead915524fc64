/** Times as the desk reads them: Asia/Shanghai, whatever the computer's own zone. */

const zone = 'Asia/Shanghai';
const shanghaiOffsetMs = 8 * 3600_000;
const dayMs = 24 * 3600_000;

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: zone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-24T08:05:09.000Z` → `2026-11-24 16:05:09`; empty for no time. */
export const formatTime = (iso) => {
  if (!iso) return '';
  const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map(({ type, value }) => [type, value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
};

/** The Asia/Shanghai calendar day (yyyy-mm-dd) of an instant. */
export const shanghaiDay = (ms = Date.now()) => new Date(ms + shanghaiOffsetMs).toISOString().slice(0, 10);

/** `day` moved by `n` calendar days. */
export const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);

/** The instant an Asia/Shanghai day starts, as the API takes it (ISO-8601 with offset). */
export const dayStart = (day) => `${day}T00:00:00+08:00`;

/** The same instant in Unix seconds (the chart's x axis). */
export const dayStartSeconds = (day) => (Date.parse(`${day}T00:00:00Z`) - shanghaiOffsetMs) / 1000;

/** How long ago `iso` was, as a count and unit (`min`, `h` or `d`), rounded down. */
export const ageOf = (iso, now = Date.now()) => {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return { n: minutes, unit: 'min' };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { n: hours, unit: 'h' };
  return { n: Math.floor(hours / 24), unit: 'd' };
};

export { zone as shanghaiZone };
