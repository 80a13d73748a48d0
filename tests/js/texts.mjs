// Read an iCalendar file with Mozilla's ical.js and print, as JSON, the text a client shows:
// the calendar's NAME, X-WR-CALNAME, DESCRIPTION and X-WR-CALDESC (ical.js keeps the raw value
// of the properties it has no type for), and each event's SUMMARY, DESCRIPTION and LOCATION.
//
//   node tests/js/texts.mjs feeds/national.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node texts.mjs FILE.ics");
  process.exit(2);
}
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
const all = (component, name) => component.getAllProperties(name).map((p) => p.getFirstValue());
const out = {
  calendar: Object.fromEntries(
    ["name", "x-wr-calname", "description", "x-wr-caldesc"].map((p) => [p, all(calendar, p)]),
  ),
  events: calendar.getAllSubcomponents("vevent").map((vevent) => ({
    summary: vevent.getFirstPropertyValue("summary"),
    description: vevent.getFirstPropertyValue("description"),
    location: vevent.getFirstPropertyValue("location"),
  })),
};
console.log(JSON.stringify(out));
