"""The 360Giving export (`peel commissioning 360giving`,
/commissioning/360giving.json and .csv): the test writes its own CSV of
organisations, funds and awards, imports them, and works out every grant
from those rows here (identifiers from org-id.guide prefixes, amounts from
the text in pence) to compare with what peel writes, as JSON and as CSV,
for staff and for the public (published awards only).  The JSON is checked
against the 360Giving grant schema's required fields and types, written out
below from the standard's documentation, and validated by Debian's
python3-jsonschema (no network).  The demo's awards give no award date,
so its export is empty and every published award is counted as left out."""
import csv
import io
import json
import os

import jsonschema  # Debian's python3-jsonschema (scripts/install-deps)

import peeltest
import peelweb

ORGS = """name,charity_number,company_number,org_id,publish
Office of the PCC,,,GB-GOR-PC000099,yes
Charity Alpha,1100001,,,yes
Company Beta,,09876543,,yes
Both Gamma,1100003,07000003,,yes
Own Delta,,,GB-SC-SC012345,yes
Numberless Epsilon,,,,yes
Withheld Zeta,1100006,,,no
"""
FUNDS = """name,funder,grant_prefix,publish
Test Safety Fund,Office of the PCC,360G-testpcc,yes
No Prefix Fund,Office of the PCC,,yes
No Funder Fund,,,yes
"""
AWARDS = """ref,fund,organisation,project,purpose,amount,awarded_on,area,area_served,publish
G-1,Test Safety Fund,Charity Alpha,Youth boxing,Boxing sessions for young people,9974.60,2024-09-10,E06000016,,yes
G-2,Test Safety Fund,Company Beta,,CCTV for a car park,10000,2024-09-02,,Blaby,yes
G-3,Test Safety Fund,Both Gamma,Night walks,,0.01,2024-10-01,,,yes
G-4,No Prefix Fund,Own Delta,Refuge support,Support in refuges,123456.78,2024-08-31,,,yes
G-5,Test Safety Fund,Charity Alpha,CANARY-AWARD,Withheld,500,2024-09-15,,,no
G-6,Test Safety Fund,Withheld Zeta,Zeta work,Withheld recipient,700,2024-09-16,,,yes
G-7,Test Safety Fund,Numberless Epsilon,Epsilon work,No numbers,800,2024-09-17,,,yes
G-8,No Funder Fund,Charity Alpha,Alpha again,No funder,900,2024-09-18,,,yes
G-9,Test Safety Fund,Charity Alpha,Undated,No date,1000,,,,yes
G-10,Test Safety Fund,Charity Alpha,,,1100,2024-09-19,,,yes
"""

# The 360Giving grant schema's required fields and their types, written out
# from the standard's reference (schema/360-giving-schema.json): a grant
# needs id, title, description, currency, amountAwarded, awardDate,
# recipientOrganization and fundingOrganization; an organisation id and
# name; amounts are numbers; dates YYYY-MM-DD.
ORG = {"type": "object", "required": ["id", "name"],
       "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                      "charityNumber": {"type": "string"},
                      "companyNumber": {"type": "string"}}}
GRANT = {
    "type": "object",
    "required": ["id", "title", "description", "currency", "amountAwarded", "awardDate",
                 "recipientOrganization", "fundingOrganization"],
    "properties": {
        "id": {"type": "string"}, "title": {"type": "string"},
        "description": {"type": "string"}, "currency": {"enum": ["GBP"]},
        "amountAwarded": {"type": "number"},
        "awardDate": {"type": "string",
                      "pattern": "^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$"},
        "recipientOrganization": {"type": "array", "minItems": 1, "items": ORG},
        "fundingOrganization": {"type": "array", "minItems": 1, "items": ORG},
        "grantProgramme": {"type": "array", "items": {
            "type": "object", "properties": {"title": {"type": ["string", "null"]}}}},
        "beneficiaryLocation": {"type": "array", "items": {
            "type": "object", "properties": {"name": {"type": ["string", "null"]},
                                             "geoCode": {"type": ["string", "null"]},
                                             "geoCodeType": {"type": ["string", "null"]}}}},
    },
}
PACKAGE = {"type": "object", "required": ["grants"],
           "properties": {"grants": {"type": "array", "items": GRANT}}}

CSV_COLS = ["Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
            "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Charity Number",
            "Recipient Org:Company Number", "Funding Org:Identifier", "Funding Org:Name",
            "Grant Programme:Title", "Beneficiary Location:Name",
            "Beneficiary Location:Geographic Code",
            "Beneficiary Location:Geographic Code Type"]


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def pence(text):
    pounds, _, p = text.partition(".")
    return int(pounds) * 100 + int((p + "00")[:2])


def org_id(o):
    if o["org_id"]:
        return o["org_id"]
    if o["charity_number"]:
        return "GB-CHC-" + o["charity_number"]
    if o["company_number"]:
        return "GB-COH-" + o["company_number"]
    return ""


def expected(public, lo=None, hi=None):
    """The grants and the left-out counts, worked out from the CSV rows."""
    orgs = {o["name"]: o for o in rows(ORGS)}
    funds = {f["name"]: f for f in rows(FUNDS)}
    grants, left = [], {"date": 0, "title": 0, "recipient": 0, "funder": 0}
    for a in rows(AWARDS):
        if public and a["publish"] != "yes":
            continue
        if not a["awarded_on"]:
            left["date"] += 1
            continue
        if (lo and a["awarded_on"] < lo) or (hi and a["awarded_on"] > hi):
            continue
        if not a["project"] and not a["purpose"]:
            left["title"] += 1
            continue
        o = orgs[a["organisation"]]
        if (public and o["publish"] != "yes") or not org_id(o):
            left["recipient"] += 1
            continue
        f = funds[a["fund"]]
        funder = orgs.get(f["funder"])
        if not funder or not org_id(funder):
            left["funder"] += 1
            continue
        gid = (f["grant_prefix"] + "-" if f["grant_prefix"] else "") + a["ref"]
        grants.append({
            "id": gid, "title": a["project"] or a["purpose"],
            "description": a["purpose"] or a["project"], "pence": pence(a["amount"]),
            "date": a["awarded_on"], "rec_id": org_id(o), "rec_name": o["name"],
            "charity": o["charity_number"], "company": o["company_number"],
            "fund_id": org_id(funder), "fund_name": funder["name"], "programme": f["name"],
            "code": "E06000016" if a["area"] else "", "place": a["area_served"]})
    grants.sort(key=lambda g: (g["date"], g["id"]))
    return grants, left


class Giving(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.env["PEEL_NOW"] = "2024-11-01T12:00:00Z"
        self.peel("init")
        # The district the area field names (seed geography is in the demo).
        self.peel("add", "area", "code=E06000016", "name=Leicester", "kind=district",
                  "publish=yes")
        for t, text in (("organisation", ORGS), ("fund", FUNDS), ("award", AWARDS)):
            self.peel("import", t, self.write(f"{t}.csv", text))

    def check_json(self, out, want):
        pkg = json.loads(out)
        v = jsonschema.Draft7Validator(PACKAGE)
        v.validate(pkg)
        if pkg["grants"]:
            # the validator does bite: an amount as text, a UK date
            bad = json.loads(out)
            bad["grants"][0]["amountAwarded"] = "100.00"
            bad["grants"][0]["awardDate"] = "17/09/2024"
            self.assertEqual(len(list(v.iter_errors(bad))), 2)
        self.assertEqual(list(pkg), ["grants"])
        got = pkg["grants"]
        self.assertEqual([g["id"] for g in got], [w["id"] for w in want])
        for g, w in zip(got, want):
            for k in GRANT["required"]:
                self.assertIn(k, g)
            self.assertEqual((g["title"], g["description"], g["currency"], g["awardDate"]),
                             (w["title"], w["description"], "GBP", w["date"]))
            # exact to the penny, read back from the number as printed
            self.assertEqual(round(g["amountAwarded"] * 100), w["pence"])
            self.assertEqual(len(repr(float(g["amountAwarded"])).split(".")[1]) <= 2, True)
            r = g["recipientOrganization"][0]
            self.assertEqual((r["id"], r["name"], r.get("charityNumber", ""),
                              r.get("companyNumber", "")),
                             (w["rec_id"], w["rec_name"], w["charity"], w["company"]))
            f = g["fundingOrganization"][0]
            self.assertEqual((f["id"], f["name"]), (w["fund_id"], w["fund_name"]))
            self.assertEqual(g["grantProgramme"][0]["title"], w["programme"])
            loc = g.get("beneficiaryLocation", [{}])[0]
            self.assertEqual(loc.get("geoCode", ""), w["code"])
            if w["code"]:
                self.assertEqual((loc["name"], loc["geoCodeType"]), ("Leicester", "LAD"))
            elif w["place"]:
                self.assertEqual(loc["name"], w["place"])

    def check_csv(self, out, want):
        got = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
        self.assertEqual(list(got[0].keys()) if got else CSV_COLS, CSV_COLS)
        self.assertEqual(len(got), len(want))
        for g, w in zip(got, want):
            self.assertEqual(g["Identifier"], w["id"])
            self.assertEqual(pence(g["Amount Awarded"]), w["pence"])
            self.assertRegex(g["Amount Awarded"], r"^\d+\.\d\d$")
            self.assertEqual((g["Award Date"], g["Recipient Org:Identifier"],
                              g["Recipient Org:Name"], g["Recipient Org:Charity Number"],
                              g["Recipient Org:Company Number"], g["Funding Org:Identifier"],
                              g["Funding Org:Name"], g["Grant Programme:Title"], g["Currency"]),
                             (w["date"], w["rec_id"], w["rec_name"], w["charity"], w["company"],
                              w["fund_id"], w["fund_name"], w["programme"], "GBP"))
            self.assertEqual(g["Beneficiary Location:Geographic Code"], w["code"])

    def test_staff_and_public(self):
        for public in (False, True):
            pre = ("--as", "public") if public else ()
            want, left = expected(public)
            self.assertTrue(want)
            out, err = self.peel(*pre, "commissioning", "360giving", "--format", "json")
            self.check_json(out, want)
            if left["date"]:
                self.assertIn(f"{left['date']} award{'s' if left['date'] > 1 else ''} left out: "
                              "no award date recorded", err)
            if left["recipient"]:
                self.assertIn(f"{left['recipient']} award"
                              f"{'s' if left['recipient'] > 1 else ''} left out: no charity "
                              "number", err)
            if left["funder"]:
                self.assertIn(f"{left['funder']} award left out: no funder", err)
            if left["title"]:
                self.assertIn(f"{left['title']} award left out: neither", err)
            out, _ = self.peel(*pre, "commissioning", "360giving", "--format", "csv")
            self.check_csv(out, want)
            if public:
                self.assertNotIn("CANARY", out)
                self.assertNotIn("Withheld Zeta", out)
        # a period: award dates inside it only
        want, _ = expected(True, "2024-09-01", "2024-09-30")
        out, _ = self.peel("--as", "public", "commissioning", "360giving", "--from",
                           "2024-09-01", "--to", "2024-09-30")
        self.check_json(out, want)
        self.peel("commissioning", "360giving", "--format", "table", status=2)
        self.peel("commissioning", "360giving", "--from", "2024-10-01", "--to", "2024-09-01",
                  status=2)

    def test_bad_identifiers_refused(self):
        before = self.dump()
        _, err = self.peel("add", "organisation", "name=Bad", "charity_number=11 00", status=2)
        self.assertIn("charity_number:", err)
        _, err = self.peel("add", "organisation", "name=Bad", "org_id=GB12345", status=2)
        self.assertIn("org_id:", err)
        _, err = self.peel("add", "fund", "name=Bad", "grant_prefix=GB-TEST", status=2)
        self.assertIn("grant_prefix:", err)
        self.assertEqual(self.dump(), before)

    def test_pages(self):
        srv = peelweb.Server()
        try:
            srv.peel("add", "area", "code=E06000016", "name=Leicester", "kind=district",
                     "publish=yes")
            for t, text in (("organisation", ORGS), ("fund", FUNDS), ("award", AWARDS)):
                path = os.path.join(srv.dir, f"{t}.csv")
                with open(path, "w", newline="") as f:
                    f.write(text)
                srv.peel("import", t, path)
            pub, staff = srv.client(), srv.client("staff")
            want, _ = expected(True)
            r = pub.get("/commissioning/360giving.json")
            self.assertEqual(r.status, 200)
            self.check_json(r.text, want)
            self.assertNotIn("CANARY", r.text)
            r = pub.get("/commissioning/360giving.csv")
            self.assertEqual(r.status, 200)
            self.check_csv(r.text, want)
            self.assertNotIn("CANARY", r.text)
            self.check_json(staff.get("/commissioning/360giving.json").text, expected(False)[0])
            want, _ = expected(True, "2024-09-01", "2024-09-30")
            self.check_json(pub.get("/commissioning/360giving.json?from=2024-09-01&to=2024-09-30")
                            .text, want)
            self.assertEqual(pub.get("/commissioning/360giving.json?x=1").status, 400)
            self.assertEqual(pub.get("/commissioning/360giving.csv?from=Sept").status, 400)
        finally:
            srv.stop()
            srv.cleanup()


class Demo(peeltest.PeelCase):
    def test_demo_awards_have_no_date(self):
        self.peel("init")
        self.peel("demo")
        with open(os.path.join(peeltest.SOURCE, "demo", "award.csv"), newline="") as f:
            awards = [a for a in csv.DictReader(f) if a["publish"] == "yes"]
        undated = sum(1 for a in awards if not a["awarded_on"])
        out, err = self.peel("--as", "public", "commissioning", "360giving")
        self.assertEqual(undated, len(awards))
        self.assertEqual(json.loads(out), {"grants": []})
        self.assertIn(f"{undated} awards left out: no award date recorded", err)


if __name__ == "__main__":
    peeltest.main()
