"""The dashboard's interface text in Finnish (the default) and English.

Service names are not translated here: they are the names the public knows (MIELI Kriisipuhelin,
Kristelefonen, Crisis Helpline, MIELI Kriisichat), taken from the scenario file.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

Language = Literal["fi", "en"]
LANGUAGES: dict[Language, str] = {"fi": "Suomi", "en": "English"}
WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}

TEXT: dict[str, dict[Language, str]] = {
    "app_title": {"fi": "Päivystys — kriisipuhelinten vuorot", "en": "Duty rota — crisis lines"},
    "language": {"fi": "Kieli", "en": "Language"},
    # sign-in
    "sign_in": {"fi": "Kirjaudu", "en": "Sign in"},
    "sign_in_title": {"fi": "Kirjaudu sisään", "en": "Sign in"},
    "username": {"fi": "Käyttäjätunnus", "en": "Username"},
    "password": {"fi": "Salasana", "en": "Password"},
    "bad_sign_in": {
        "fi": "Väärä käyttäjätunnus tai salasana.",
        "en": "Wrong username or password.",
    },
    "sign_in_locked": {
        "fi": "Liian monta epäonnistunutta kirjautumista; yritä uudelleen {seconds} s kuluttua.",
        "en": "Too many failed sign-ins; try again in {seconds} s.",
    },
    "no_accounts": {
        "fi": "Tunnukset luodaan komentorivillä: `rota accounts add NIMI --role coordinator`.",
        "en": "Accounts are made on the command line: `rota accounts add NAME --role coordinator`.",
    },
    "sign_in_first": {"fi": "Kirjaudu ensin sisään.", "en": "Sign in first."},
    "signed_in_as": {"fi": "Kirjautunut: {who}", "en": "Signed in: {who}"},
    "sign_out": {"fi": "Kirjaudu ulos", "en": "Sign out"},
    "refused": {"fi": "Ei sallittu: {why}", "en": "Refused: {why}"},
    "no_calendar": {
        "fi": "Vakiokalenteria ei ole vielä julkaistu. Koordinaattori suunnittelee ja julkaisee "
        "sen Suunnittelu-sivulla.",
        "en": "No standing calendar has been published yet. The coordinator plans and "
        "publishes one on the Plan page.",
    },
    # page titles
    "page_plan": {"fi": "Suunnittelu", "en": "Plan a quarter"},
    "page_queue": {"fi": "Muutosehdotukset", "en": "Change proposals"},
    "page_centre": {"fi": "Oma keskus", "en": "My centre"},
    "page_propose": {"fi": "Uusi muutosehdotus", "en": "Propose a change"},
    "page_responder": {"fi": "Päivystäjä", "en": "Responder"},
    "page_roster": {"fi": "Päivystäjälista", "en": "Roster"},
    # planning
    "plan_intro": {
        "fi": "Valitse skenaario ja vuosineljännes. Ratkaisu ajetaan taustalla; sivua voi "
        "käyttää sillä aikaa.",
        "en": "Pick a scenario and a quarter. The solve runs in the background; the page stays "
        "usable meanwhile.",
    },
    "scenario": {"fi": "Skenaario (YAML)", "en": "Scenario (YAML)"},
    "quarter": {"fi": "Vuosineljännes", "en": "Quarter"},
    "time_limit": {"fi": "Aikaraja (s)", "en": "Time limit (s)"},
    "solve": {"fi": "Ratkaise", "en": "Solve"},
    "cancel": {"fi": "Keskeytä", "en": "Cancel"},
    "solving": {
        "fi": "Ratkaistaan… {seconds:.0f} s",
        "en": "Solving… {seconds:.0f} s",
    },
    "progress_line": {
        "fi": "Paras suunnitelma: tavoite {objective:,.0f} · raja {bound:,.0f}",
        "en": "Best plan: objective {objective:,.0f} · bound {bound:,.0f}",
    },
    "progress_wait": {
        "fi": "Etsitään ensimmäistä suunnitelmaa…",
        "en": "Looking for a first plan…",
    },
    "cancelled": {"fi": "Ratkaisu keskeytettiin.", "en": "The solve was cancelled."},
    "failed": {"fi": "Ratkaisu epäonnistui: {why}", "en": "The solve failed: {why}"},
    "feasible": {
        "fi": "{quarter}: kaikki pakolliset säännöt täyttyvät ({status}, {seconds:.1f} s, "
        "ero {gap:.2%}).",
        "en": "{quarter}: every hard rule holds ({status}, {seconds:.1f} s, gap {gap:.2%}).",
    },
    "infeasible": {
        "fi": "{quarter}: kaikkia pakollisia sääntöjä ei saatu täytettyä — katso säännöt ja "
        "aukot alta.",
        "en": "{quarter}: not every hard rule could be met — see the rules and gaps below.",
    },
    "heat_title": {"fi": "Kattavuus viikoittain", "en": "Coverage by week"},
    "heat_help": {
        "fi": "Rivi = viikko, sarake = viikon tunti. Väri = päivystäjiä; punainen kehys = aukko "
        "(vähemmän kuin vaaditaan).",
        "en": "Row = week, column = hour of the week. Colour = responders on duty; red frame = "
        "gap (fewer than required).",
    },
    "gaps": {"fi": "{count} aukkotuntia", "en": "{count} gap hours"},
    "no_gaps": {"fi": "Ei aukkoja.", "en": "No gaps."},
    "rules_title": {"fi": "Säännöt R1–R7", "en": "Rules R1–R7"},
    "rule": {"fi": "Sääntö", "en": "Rule"},
    "what": {"fi": "Mitä", "en": "What"},
    "result": {"fi": "Tulos", "en": "Result"},
    "checked": {"fi": "Tarkistettu", "en": "Checked"},
    "violations": {"fi": "Rikkeet", "en": "Violations"},
    "pass": {"fi": "OK", "en": "pass"},
    "fail": {"fi": "RIKE", "en": "FAIL"},
    "show_hours": {"fi": "tunnit", "en": "hours"},
    "violations_of": {"fi": "{rule}: rikkeet", "en": "{rule}: violations"},
    "load_title": {"fi": "Keskusten kuorma ja sitoumus", "en": "Centre load and commitment"},
    "load_help": {
        "fi": "Palkki = vakiovuorot h/vko; viiva = sitoumus min–max.",
        "en": "Bar = standing hours a week; line = commitment min–max.",
    },
    "hours_week": {"fi": "h / vko", "en": "h / week"},
    "shares_title": {
        "fi": "Pyhä- ja viikonloppuiltojen jako",
        "en": "Holiday and weekend evening shares",
    },
    "calendar_title": {
        "fi": "Neljänneksen kalenteri: pyhät ja sulut",
        "en": "Quarter calendar: holidays and closures",
    },
    "holiday": {"fi": "Pyhäpäivä", "en": "Public holiday"},
    "weekend": {"fi": "Viikonloppu", "en": "Weekend"},
    "closures": {"fi": "Keskuksia suljettu", "en": "Centres closed"},
    "weekday": {"fi": "Arkipäivä", "en": "Weekday"},
    "downloads_title": {"fi": "Lataukset", "en": "Downloads"},
    "download_all": {"fi": "Kaikki (zip)", "en": "Everything (zip)"},
    "publish": {"fi": "Julkaise vakiokalenteriksi", "en": "Publish as the standing calendar"},
    "published": {
        "fi": "Julkaistu kalenteriversiona {number}.",
        "en": "Published as calendar version {number}.",
    },
    "planning_date": {"fi": "Suunnittelupäivä", "en": "Planning date"},
    "publish_title": {"fi": "Julkaiseminen", "en": "Publishing"},
    "publish_first": {
        "fi": "Voimassa olevaa kalenteria ei ole: tämä on ensimmäinen suunnitelma, ja "
        "julkaistuna siitä tulee voimassa oleva kalenteri.",
        "en": "There is no calendar in force: this is a first plan, and published it becomes "
        "the calendar in force.",
    },
    "publish_against": {
        "fi": "Muutokset voimassa olevaan kalenteriin (versio {number}):",
        "en": "Changes to the calendar in force (version {number}):",
    },
    "publish_identical": {
        "fi": "Suunnitelma on sama kuin voimassa oleva kalenteri (versio {number}); "
        "julkaistavaa ei ole.",
        "en": "The plan is the calendar in force already (version {number}); there is nothing "
        "to publish.",
    },
    "publish_stale": {
        "fi": "Tätä suunnitelmaa ei voi julkaista: kalenteri on muuttunut sen jälkeen, kun "
        "suunnitelma tehtiin (versio {made} → {now}). Suunnittele neljännes uudelleen.",
        "en": "This plan cannot be published: the calendar changed after it was made "
        "(version {made} → {now}). Plan the quarter again.",
    },
    "publish_no_changes": {
        "fi": "Vakiovuorot pysyvät ennallaan.",
        "en": "The standing shifts stay as they are.",
    },
    "publish_centre": {"fi": "**{name}** {date} alkaen", "en": "**{name}** from {date}"},
    "publish_added": {"fi": "uusi", "en": "added"},
    "publish_dropped": {"fi": "poistuu", "en": "dropped"},
    "publish_moved": {"fi": "siirtyy", "en": "moved"},
    "publish_dated": {
        "fi": "Päivätyt päivystykset: {added} uutta, {dropped} poistuu.",
        "en": "Dated duties: {added} added, {dropped} dropped.",
    },
    "publish_answered": {
        "fi": "Odotetut vastatut yhteydenotot neljänneksellä",
        "en": "Expected answered contacts over the quarter",
    },
    "publish_in_force": {"fi": "voimassa", "en": "in force"},
    "publish_planned": {"fi": "suunnitelma", "en": "planned"},
    "publish_change": {"fi": "muutos", "en": "change"},
    "publish_confirm": {
        "fi": "Olen lukenut muutokset; julkaise ne.",
        "en": "I have read the changes; publish them.",
    },
    # proposals (coordinator)
    "pending": {"fi": "Odottavat", "en": "Pending"},
    "decided": {"fi": "Päätetyt", "en": "Decided"},
    "none_pending": {"fi": "Ei odottavia ehdotuksia.", "en": "No pending proposals."},
    "approve": {"fi": "Hyväksy", "en": "Approve"},
    "reject": {"fi": "Hylkää", "en": "Reject"},
    "reject_reason": {"fi": "Hylkäyksen syy", "en": "Reason for rejecting"},
    "approved_msg": {
        "fi": "Ehdotus {id} hyväksytty: kalenteriversio {version}.",
        "en": "Proposal {id} approved: calendar version {version}.",
    },
    "rejected_msg": {"fi": "Ehdotus {id} hylätty.", "en": "Proposal {id} rejected."},
    "impact": {"fi": "Vaikutus", "en": "Impact"},
    "breaks": {"fi": "Rikotut säännöt", "en": "Rules broken"},
    "breaks_none": {
        "fi": "Muutos ei riko pakollisia sääntöjä.",
        "en": "The change breaks no hard rule.",
    },
    "col_hours_before": {"fi": "h ennen", "en": "h before"},
    "col_hours_after": {"fi": "h jälkeen", "en": "h after"},
    "col_hours_repaired": {"fi": "h korjattuna", "en": "h repaired"},
    "col_answered": {"fi": "vastatut Δ", "en": "answered Δ"},
    "col_answered_repaired": {"fi": "vastatut Δ korjattuna", "en": "answered Δ repaired"},
    "repair": {"fi": "Korjaus", "en": "Repair"},
    "repair_none_needed": {"fi": "Korjausta ei tarvita.", "en": "No repair needed."},
    "reason": {"fi": "Perustelu", "en": "Reason"},
    "status": {"fi": "Tila", "en": "Status"},
    "effective": {"fi": "Voimaan", "en": "Effective"},
    "change": {"fi": "Muutos", "en": "Change"},
    "centre": {"fi": "Keskus", "en": "Centre"},
    "decision": {"fi": "Päätös", "en": "Decision"},
    # centre
    "own_shifts": {"fi": "Keskuksen vakiovuorot", "en": "The centre's standing shifts"},
    "own_proposals": {"fi": "Ehdotusten tila", "en": "Status of proposals"},
    "no_proposals": {"fi": "Ei ehdotuksia.", "en": "No proposals."},
    "service": {"fi": "Palvelu", "en": "Service"},
    "day": {"fi": "Päivä", "en": "Day"},
    "start": {"fi": "Alkaa", "en": "Start"},
    "end": {"fi": "Päättyy", "en": "End"},
    "responders": {"fi": "Päivystäjiä", "en": "Responders"},
    "valid_from": {"fi": "Alkaen", "en": "Valid from"},
    "valid_until": {"fi": "Asti", "en": "Valid until"},
    "kind": {"fi": "Muutoksen laji", "en": "Kind of change"},
    "kind_add": {"fi": "lisää vuoro", "en": "add a shift"},
    "kind_drop": {"fi": "poista vuoro", "en": "drop a shift"},
    "kind_move": {"fi": "siirrä vuoro", "en": "move a shift"},
    "kind_resize": {"fi": "muuta pituutta", "en": "resize a shift"},
    "which_shift": {"fi": "Vuoro", "en": "Shift"},
    "new_shift": {"fi": "Uusi vuoro", "en": "New shift"},
    "effective_date": {"fi": "Voimaantulopäivä", "en": "Effective date"},
    "earliest": {
        "fi": "Aikaisin sallittu päivä: {date} ({months} kk ilmoitusaika, R7).",
        "en": "Earliest allowed date: {date} ({months} months' notice, R7).",
    },
    "notice_ok": {"fi": "Ilmoitusaika riittää.", "en": "The notice is long enough."},
    "notice_short": {
        "fi": "Liian lyhyt ilmoitusaika: aikaisin sallittu päivä on {date}.",
        "en": "Notice too short: the earliest allowed date is {date}.",
    },
    "show_impact": {"fi": "Näytä vaikutus", "en": "Show the impact"},
    "submit": {"fi": "Lähetä ehdotus", "en": "Submit the proposal"},
    "submitted": {
        "fi": "Ehdotus {id} lähetetty; koordinaattori päättää siitä.",
        "en": "Proposal {id} submitted; the coordinator decides on it.",
    },
    # roster
    "roster_title": {"fi": "Päivystäjät: {centre}", "en": "Responders: {centre}"},
    "roster_help": {
        "fi": "Muokkaa soluja, lisää rivejä alalaidasta tai valitse rivejä ja poista ne; "
        "tallenna lopuksi. Tiedosto: {file}.",
        "en": "Edit cells, add rows at the bottom, or select rows and delete them; then save. "
        "File: {file}.",
    },
    "roster_ids_only": {
        "fi": "Vain tunnisteet: nimet ovat henkilötietoja, jotka näkee vain keskus itse.",
        "en": "Ids only: names are personal data that only the centre itself sees.",
    },
    "save_roster": {"fi": "Tallenna päivystäjälista", "en": "Save the roster"},
    "roster_saved": {
        "fi": "Päivystäjälista tallennettu: {count} päivystäjää.",
        "en": "Roster saved: {count} responders.",
    },
    "roster_not_saved": {
        "fi": "Päivystäjälistaa ei tallennettu. Korjaa nämä ja tallenna uudelleen:",
        "en": "The roster was not saved. Fix these and save again:",
    },
    "row": {"fi": "Rivi", "en": "Row"},
    "row_help": {
        "fi": "Rivin numero tiedostossa (otsikko on rivi 1); virheilmoitukset viittaavat siihen.",
        "en": "The row's number in the file (the header is row 1); problems name it.",
    },
    "roster_col_id": {
        "fi": "Pseudonyymi tunniste, esim. hel-0042: pienet kirjaimet, numerot ja '-'.",
        "en": "Pseudonymous id, e.g. hel-0042: lowercase letters, digits and '-'.",
    },
    "roster_col_name": {
        "fi": "Nimi; henkilötieto, jota ei julkaista.",
        "en": "Display name; personal data, never published.",
    },
    "roster_col_centre": {"fi": "Keskuksen tunniste.", "en": "The centre's id."},
    "roster_col_role": {
        "fi": "staff, volunteer tai student.",
        "en": "staff, volunteer or student.",
    },
    "roster_col_languages": {"fi": "Kielet, esim. fi; sv", "en": "Languages, e.g. fi; sv"},
    "roster_col_services": {
        "fi": "Palvelut, joihin on koulutettu, esim. fi-phone; chat",
        "en": "Services trained for, e.g. fi-phone; chat",
    },
    "roster_col_availability": {
        "fi": "Viikoittaiset tunnit, esim. mon-fri 16:00-22:00; sat,sun 10:00-18:00 "
        "(tyhjä = aina).",
        "en": "Weekly hours, e.g. mon-fri 16:00-22:00; sat,sun 10:00-18:00 (empty = always).",
    },
    "roster_col_absences": {
        "fi": "Poissaolot, esim. 2027-01-10..2027-01-20; 2027-02-03",
        "en": "Absences, e.g. 2027-01-10..2027-01-20; 2027-02-03",
    },
    "roster_col_max_hours_week": {
        "fi": "Enintään tuntia ISO-viikossa.",
        "en": "Most hours in one ISO week.",
    },
    "roster_col_max_hours_quarter": {
        "fi": "Enintään tuntia vuosineljänneksessä.",
        "en": "Most hours in the quarter.",
    },
    "roster_col_preferred": {
        "fi": "Toivotut viikkotunnit (valinnainen).",
        "en": "Preferred weekly hours (optional).",
    },
    "roster_col_disliked": {
        "fi": "Viikkotunnit, joita välttäisi (valinnainen).",
        "en": "Weekly hours rather not worked (optional).",
    },
    # responder
    "subscribe_title": {"fi": "Tilaa vuorosi kalenteriin", "en": "Subscribe to your shifts"},
    "subscribe_help": {
        "fi": "Lisää linkki kerran Google-kalenteriin, Outlookiin, Applen kalenteriin tai "
        "Thunderbirdiin; vuorot päivittyvät itsestään.",
        "en": "Add the link once to Google Calendar, Outlook, Apple Calendar or Thunderbird; "
        "your shifts stay up to date by themselves.",
    },
    "make_link": {"fi": "Luo tilauslinkki", "en": "Make a subscribe link"},
    "link_once": {
        "fi": "Linkki näytetään vain nyt: tallenna se. Uusi linkki ei kumoa vanhaa.",
        "en": "The link is shown only now: keep it. A new link does not revoke the old one.",
    },
    "extra_title": {
        "fi": "Missä yksi päivystäjä lisää auttaa eniten",
        "en": "Where one more responder helps most",
    },
    "extra_help": {
        "fi": "Vapaaehtoisten lisävuorot ohjataan ensin viikonloppuihin ja pyhäpäiviin.",
        "en": "Volunteers' extra shifts go to weekends and public holidays first.",
    },
    "when": {"fi": "Milloin", "en": "When"},
    "on_duty": {"fi": "Päivystää nyt", "en": "On duty"},
    "gain": {"fi": "Vastattuja lisää", "en": "Answered +"},
    "required": {"fi": "Vaaditaan", "en": "Required"},
    "anyone": {"fi": "Kaikille", "en": "For anyone"},
    "volunteers": {"fi": "Vapaaehtoisille", "en": "For volunteers"},
    # calendar in force: centre weeks and import
    "weeks_title": {"fi": "Vuorot viikoittain", "en": "Duties week by week"},
    "weeks_help": {
        "fi": "Voimassa oleva kalenteri (versio {version}), {first}–{last}. Ajat Suomen aikaa.",
        "en": "The calendar in force (version {version}), {first}–{last}. Times in Finnish time.",
    },
    "weeks_none": {
        "fi": "Voimassa oleva kalenteri ei kata tätä eikä seuraavaa vuosineljännestä.",
        "en": "The calendar in force covers neither this quarter nor the next.",
    },
    "week_label": {"fi": "Vko {week} · {first}–{last}", "en": "Week {week} · {first}–{last}"},
    "extra_holiday": {"fi": "Ylimääräinen vapaapäivä", "en": "Extra holiday"},
    "closed": {"fi": "keskus suljettu", "en": "centre closed"},
    "closed_days": {"fi": "suljettu {count} pv", "en": "closed {count} d"},
    "cancelled_count": {"fi": "{count} peruttu", "en": "{count} cancelled"},
    "time": {"fi": "Aika", "en": "Time"},
    "occ_kind": {"fi": "Laji", "en": "Kind"},
    "occ_standing": {"fi": "vakiovuoro", "en": "standing shift"},
    "occ_holiday_duty": {"fi": "pyhäpäivystys", "en": "holiday duty"},
    "occ_substitute": {"fi": "sijaisuus", "en": "substitute"},
    "occ_extra": {"fi": "lisävuoro", "en": "extra shift"},
    "no_duties_week": {"fi": "Ei vuoroja tällä viikolla.", "en": "No duties this week."},
    "cancelled_title": {"fi": "Perutut vakiovuorot", "en": "Standing shifts cancelled"},
    "cancelled_holiday": {"fi": "pyhäpäivä: {name} {date}", "en": "public holiday: {name} {date}"},
    "cancelled_closure": {"fi": "keskus suljettu {date}", "en": "centre closed {date}"},
    "centre_feed_title": {
        "fi": "Tilaa keskuksen vuorot kalenteriin",
        "en": "Subscribe to the centre's duties",
    },
    "centre_feed_help": {
        "fi": "Keskuksen kalenterisyöte: kaikki keskuksen vuorot, päivittyy itsestään "
        "hyväksyttyjen muutosten ja julkaisujen mukana.",
        "en": "The centre's calendar feed: all of the centre's duties, kept up to date with "
        "every approved change and publication.",
    },
    "replace_which": {"fi": "Korvattava linkki", "en": "Link to replace"},
    "link_made": {"fi": "#{id} {label} ({date})", "en": "#{id} {label} ({date})"},
    "replace_link": {
        "fi": "Korvaa linkki (vanha lakkaa toimimasta)",
        "en": "Replace the link (the old one stops working)",
    },
    "link_replaced": {
        "fi": "Linkki #{id} ei enää toimi; uusi linkki alla.",
        "en": "Link #{id} no longer works; the new link is below.",
    },
    "page_calendar": {"fi": "Voimassa oleva kalenteri", "en": "Calendar in force"},
    "import_title": {"fi": "Tuo voimassa oleva kalenteri", "en": "Import the calendar in force"},
    "import_help": {
        "fi": "Vakiokalenteri CSV- tai Excel-tiedostona sarakkein centre, service, weekday, "
        "start, end, responders, valid_from, valid_until (viikonpäivät suomeksi tai "
        "englanniksi, ajat HH:MM tai H.MM); päivätyt päivystykset valinnaisena toisena "
        "tiedostona. Skenaario: {scenario}.",
        "en": "The standing calendar as CSV or Excel with the columns centre, service, weekday, "
        "start, end, responders, valid_from, valid_until (weekdays in Finnish or English, times "
        "HH:MM or H.MM); dated duties optionally as a second file. Scenario: {scenario}.",
    },
    "standing_upload": {"fi": "Vakiokalenteri", "en": "Standing calendar"},
    "dated_upload": {
        "fi": "Päivätyt päivystykset (valinnainen)",
        "en": "Dated duties (optional)",
    },
    "import_button": {"fi": "Tuo kalenteri", "en": "Import the calendar"},
    "imported": {
        "fi": "Tuotu kalenteriversioksi {number}: {standing} vakiovuoroa, {dated} päivättyä "
        "päivystystä, {centres} keskusta.",
        "en": "Imported as calendar version {number}: {standing} standing shifts, {dated} dated "
        "duties, {centres} centres.",
    },
    "import_failed": {
        "fi": "Kalenteria ei tallennettu. Korjaa nämä ja tuo uudelleen:",
        "en": "The calendar was not stored. Fix these and import again:",
    },
    "findings_title": {
        "fi": "Kalenteri rikkoo jo nyt sääntöjä ({count} kohtaa, tarkistettu {checked}):",
        "en": "The calendar already breaks rules ({count} findings, checked {checked}):",
    },
    "findings_none": {
        "fi": "Kalenteri täyttää kaikki pakolliset säännöt (tarkistettu {checked}).",
        "en": "The calendar meets every hard rule (checked {checked}).",
    },
    "finding_dates": {
        "fi": "{count} päivänä {first} … {last}",
        "en": "on {count} dates {first} … {last}",
    },
    "rule_R1": {"fi": "Vuoron pituus", "en": "Shift length"},
    "rule_R2": {"fi": "Suomenkielinen linja aina auki", "en": "Finnish line always staffed"},
    "rule_R3": {"fi": "Kielipalvelujen aukioloajat", "en": "Language services' hours"},
    "rule_R4": {
        "fi": "Keskusten linjat, viikkotunnit ja saatavuus",
        "en": "Centre lines, weekly hours and availability",
    },
    "rule_R5": {
        "fi": "Pyhäpäivystysryhmä viikonloppu- ja pyhäiltoina",
        "en": "Holiday-duty group on weekend and holiday evenings",
    },
    "rule_R6": {
        "fi": "Ei vuoroja suljettuina pyhinä tai sulkupäivinä",
        "en": "No duty on holidays or closures where not allowed",
    },
    "rule_R7": {
        "fi": "Ilmoitusaika: luvatut vuorot pysyvät",
        "en": "Notice: promised duties stay unchanged",
    },
    "versions_title": {"fi": "Kalenteriversiot", "en": "Calendar versions"},
    "versions_none": {"fi": "Kalenteriversioita ei vielä ole.", "en": "No calendar versions yet."},
    "col_version": {"fi": "Versio", "en": "Version"},
    "col_source": {"fi": "Lähde", "en": "Source"},
    "col_by": {"fi": "Kuka", "en": "Who"},
    "col_at": {"fi": "Milloin", "en": "When"},
    "col_standing": {"fi": "Vakiovuoroja", "en": "Standing shifts"},
    "col_dated": {"fi": "Päivättyjä", "en": "Dated duties"},
}


def language() -> Language:
    chosen = st.session_state.get("lang", "fi")
    return "en" if chosen == "en" else "fi"


def t(key: str, lang: Language | None = None, **values: object) -> str:
    """The text for `key` in the chosen language, formatted with `values`."""
    text = TEXT[key][lang or language()]
    return text.format(**values) if values else text


def weekday(index: int, lang: Language | None = None) -> str:
    return WEEKDAYS[lang or language()][index]
