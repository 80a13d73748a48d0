// Expand an iCalendar file with Mozilla's ical.js (the library inside Thunderbird) and print, as
// JSON, every occurrence overlapping [start, end): its UTC start and end and the rota's X- tags.
//
//   node tests/js/expand.mjs feeds/national.ics 2027-01-01T00:00:00Z 2027-04-01T00:00:00Z
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, rangeStartText, rangeEndText] = process.argv.slice(2);
if (!file || !rangeStartText || !rangeEndText) {
  console.error("usage: node expand.mjs FILE.ics START END   (START/END as ISO 8601 UTC)");
  process.exit(2);
}
const rangeStart = Date.parse(rangeStartText);
const rangeEnd = Date.parse(rangeEndText);

const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
// Zones come only from the file's own VTIMEZONEs, as in a client that has never seen the zone.
ICAL.TimezoneService.reset();
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

const masters = new Map();
const exceptions = [];
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  if (vevent.hasProperty("recurrence-id")) {
    exceptions.push(vevent);
  } else {
    // Left alone, ICAL.Event relates every RECURRENCE-ID sibling in the calendar to itself,
    // whatever its UID; clients group events by UID first, so relate them here by UID only.
    const master = new ICAL.Event(vevent, { strictExceptions: true, exceptions: [] });
    masters.set(vevent.getFirstPropertyValue("uid"), master);
  }
}
for (const vevent of exceptions) {
  const master = masters.get(vevent.getFirstPropertyValue("uid"));
  if (!master) {
    console.error(`override without a master event: ${vevent.getFirstPropertyValue("uid")}`);
    process.exit(1);
  }
  master.relateException(vevent);
}

const tags = (component) => ({
  uid: component.getFirstPropertyValue("uid"),
  centre: component.getFirstPropertyValue("x-rota-centre"),
  service: component.getFirstPropertyValue("x-rota-service"),
  responders: Number(component.getFirstPropertyValue("x-rota-responders")),
  kind: component.getFirstPropertyValue("x-rota-kind"),
});

const out = [];
const keep = (start, end, component) => {
  const from = start.toJSDate().getTime();
  const to = end.toJSDate().getTime();
  if (to > rangeStart && from < rangeEnd) {
    out.push({
      start: new Date(from).toISOString(),
      end: new Date(to).toISOString(),
      ...tags(component),
    });
  }
};

for (const event of masters.values()) {
  if (!event.isRecurring()) {
    keep(event.startDate, event.endDate, event.component);
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (next.toJSDate().getTime() >= rangeEnd) break;
    const details = event.getOccurrenceDetails(next);
    keep(details.startDate, details.endDate, details.item.component);
  }
}
out.sort((a, b) => (a.start + a.uid < b.start + b.uid ? -1 : 1));
console.log(JSON.stringify(out, null, 1));
