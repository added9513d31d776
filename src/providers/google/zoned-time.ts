/**
 * Wall times in IANA time zones, as Google Calendar writes them: an event's `start.dateTime` carries the
 * offset of the calendar's zone (`2026-09-01T10:00:00+02:00`), a recurring event repeats at the same wall
 * time across daylight-saving changes, and an all-day event's date begins at midnight of the calendar's
 * zone (docs/providers.md#google, "Calendar events"). Node's `Intl` holds the zone data.
 */

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** A wall time: `YYYY-MM-DDTHH:MM:SS`, no offset. */
export function wallTimeAt(epochMs: number, zone: string): string {
  const local = Math.floor(epochMs / 1000) * 1000 + offsetMinutesAt(epochMs, zone) * MINUTE_MS;
  return new Date(local).toISOString().slice(0, 19);
}

function formattedWallTime(epochMs: number, zone: string): string {
  const parts = Object.fromEntries(
    formatterOf(zone)
      .formatToParts(new Date(epochMs))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * Offsets by zone and quarter hour: zones change their offset on quarter hours, and formatting with
 * `Intl` is slow enough to matter for pages of 2500 events.
 */
const offsets = new Map<string, number>();
const QUARTER_MS = 15 * MINUTE_MS;

/** The zone's offset from UTC at that instant, in minutes (`+120` for CEST). */
export function offsetMinutesAt(epochMs: number, zone: string): number {
  const quarter = Math.floor(epochMs / QUARTER_MS) * QUARTER_MS;
  const key = `${zone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const wall = Date.parse(`${formattedWallTime(quarter, zone)}Z`);
    offset = Math.round((wall - quarter) / MINUTE_MS);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * The instant a wall time (`YYYY-MM-DDTHH:MM[:SS]`) names in a zone. A wall time that a spring-forward gap
 * skips is read with the offset before the gap; one a fall-back repeats, as its first occurrence.
 */
export function instantOfWallTime(wallTime: string, zone: string): number {
  const asUtc = Date.parse(`${wallTime.length === 16 ? `${wallTime}:00` : wallTime}Z`);
  const before = asUtc - offsetMinutesAt(asUtc - 24 * 60 * MINUTE_MS, zone) * MINUTE_MS;
  const after = asUtc - offsetMinutesAt(asUtc + 24 * 60 * MINUTE_MS, zone) * MINUTE_MS;
  for (const candidate of [before, after]) {
    if (Date.parse(`${wallTimeAt(candidate, zone)}Z`) === asUtc) return candidate;
  }
  return before;
}

/** RFC 3339 in the zone, as Calendar writes `dateTime`: `2026-09-01T10:00:00+02:00`, or `…Z` at offset 0. */
export function rfc3339InZone(epochMs: number, zone: string): string {
  const offset = offsetMinutesAt(epochMs, zone);
  if (offset === 0) return `${wallTimeAt(epochMs, zone)}Z`;
  const sign = offset > 0 ? '+' : '-';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${wallTimeAt(epochMs, zone)}${sign}${hours}:${minutes}`;
}
