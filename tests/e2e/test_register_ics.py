"""The statutory calendar's .ics parsed back by an independent parser:
Debian's python3-icalendar (scripts/install-deps).  When the interpreter
running the tests lacks it, the test re-runs itself under /usr/bin/python3,
where Debian installs it; without it anywhere the test is skipped (77)."""
import os
import sys

try:
    import icalendar
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.environ.get("PEEL_ICS_REEXEC") != "1":
        os.environ["PEEL_ICS_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    print("python3-icalendar is not installed: skipped")
    sys.exit(77)

import datetime

import peeltest


class IcsTest(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("demo")

    def events(self, year):
        path = os.path.join(self.dir, f"cal{year}.ics")
        self.peel("calendar", "--year", str(year), "--ics", path)
        with open(path, "rb") as f:
            raw = f.read()
        self.assertTrue(raw.endswith(b"END:VCALENDAR\r\n"))
        for line in raw.split(b"\r\n"):
            self.assertLessEqual(len(line), 75)
        cal = icalendar.Calendar.from_ical(raw)
        return cal, [c for c in cal.walk("VEVENT")]

    def test_2023(self):
        # a timed meeting with a comma and a semicolon in its place, and a cancelled one
        self.peel("add", "meeting", "ref=PCP 2023-03-06", "body=Police and Crime Panel",
                  "date=2023-03-06", "time=13:00", "title=Budget meeting",
                  "place=City Hall, 115 Charles Street; Leicester", "status=held")
        self.peel("add", "meeting", "ref=CGB 2023-05-24", "body=Corporate Governance Board",
                  "date=2023-05-24", "status=cancelled")
        cal, events = self.events(2023)
        self.assertEqual(str(cal["VERSION"]), "2.0")
        by_summary = {str(e["SUMMARY"]): e for e in events}
        # precept 2023-24: dates from the 2012 Regulations, all-day
        notify = by_summary["Precept 2023-24: Proposed precept notified to the Police and Crime Panel"]
        self.assertEqual(notify.decoded("DTSTART"), datetime.date(2023, 2, 1))
        self.assertEqual(notify.decoded("DTEND"), datetime.date(2023, 2, 2))
        veto = by_summary["Precept 2023-24: PCC's response and revised precept (if vetoed)"]
        self.assertEqual(veto.decoded("DTSTART"), datetime.date(2023, 2, 15))
        self.assertEqual(str(veto["STATUS"]), "TENTATIVE")
        issue = by_summary["Precept 2023-24: Final precept issued"]
        self.assertEqual(issue.decoded("DTSTART"), datetime.date(2023, 3, 1))
        # HMICFRS: 1 December 2022 + 56 days, computed here
        hm = [e for s, e in by_summary.items() if s.startswith("HMICFRS response due: An inspection into how well")]
        self.assertEqual(len(hm), 1)
        self.assertEqual(hm[0].decoded("DTSTART"), datetime.date(2022, 12, 1) + datetime.timedelta(days=56))
        # meetings: local time in Europe/London, text unescaped
        m = by_summary["Police and Crime Panel: Budget meeting"]
        start = m.decoded("DTSTART")
        self.assertEqual((start.year, start.month, start.day, start.hour, start.minute), (2023, 3, 6, 13, 0))
        self.assertEqual(start.utcoffset(), datetime.timedelta(0))  # GMT in March before BST
        self.assertEqual(str(m["LOCATION"]), "City Hall, 115 Charles Street; Leicester")
        july = by_summary["Police and Crime Panel: Ordinary meeting (AGM)"].decoded("DTSTART")
        self.assertEqual(july.utcoffset(), datetime.timedelta(hours=1))  # BST
        cancelled = by_summary["Corporate Governance Board (cancelled)"]
        self.assertEqual(str(cancelled["STATUS"]), "CANCELLED")
        # UIDs unique and stable between runs
        uids = [str(e["UID"]) for e in events]
        self.assertEqual(len(uids), len(set(uids)))
        _, again = self.events(2023)
        self.assertEqual(uids, [str(e["UID"]) for e in again])
        # every CGB and Panel meeting of 2023 in the demo, plus the two added
        self.assertEqual(sum(1 for e in events if str(e["CATEGORIES"].cats[0]) == "meeting"), 11)

    def test_weekend_deadline_note(self):
        _, events = self.events(2025)
        notify = [e for e in events if str(e["SUMMARY"]).startswith("Precept 2025-26: Proposed")][0]
        # 1 February 2025 is a Saturday (checked here independently)
        self.assertEqual(datetime.date(2025, 2, 1).weekday(), 5)
        self.assertIn("the last working day before it is Friday 31 January 2025", str(notify["DESCRIPTION"]))


if __name__ == "__main__":
    peeltest.main()
