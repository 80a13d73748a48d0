"""The dashboard's interface text in Finnish (the default), Swedish and English, and the Finnish
way of writing dates, times and numbers.

Service and centre names are not translated here: they are the names the public knows (MIELI
Kriisipuhelin, Kristelefonen, Crisis Helpline, MIELI Kriisichat), taken from the scenario file.
The Swedish is Finland's: "jourhavande", "jourcentral", "veckopass".
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

import holidays as holiday_catalogue
import streamlit as st

from rota.domain.scenario import Rules

Language = Literal["fi", "sv", "en"]
LANGUAGES: dict[Language, str] = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
    "sv": ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
# The `holidays` package's names of Finland's public holidays in each interface language.
HOLIDAY_LANGUAGES: dict[Language, str] = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}
# Finnish and Swedish write 1 234,5 (a no-break space groups thousands); English 1,234.5.
NO_BREAK_SPACE = "\u00a0"

TEXT: dict[str, dict[Language, str]] = {
    "app_title": {
        "fi": "Päivystys — kriisipuhelinten vuorot",
        "sv": "Jour — kristelefonernas pass",
        "en": "Duty rota — crisis lines",
    },
    "language": {"fi": "Kieli", "sv": "Språk", "en": "Language"},
    # sign-in
    "sign_in": {"fi": "Kirjaudu", "sv": "Logga in", "en": "Sign in"},
    "sign_in_title": {"fi": "Kirjaudu sisään", "sv": "Logga in", "en": "Sign in"},
    "username": {"fi": "Käyttäjätunnus", "sv": "Användarnamn", "en": "Username"},
    "password": {"fi": "Salasana", "sv": "Lösenord", "en": "Password"},
    "bad_sign_in": {
        "fi": "Väärä käyttäjätunnus tai salasana.",
        "sv": "Fel användarnamn eller lösenord.",
        "en": "Wrong username or password.",
    },
    "sign_in_locked": {
        "fi": "Liian monta epäonnistunutta kirjautumista; yritä uudelleen {seconds} s kuluttua.",
        "sv": "För många misslyckade inloggningar; försök igen om {seconds} s.",
        "en": "Too many failed sign-ins; try again in {seconds} s.",
    },
    "no_accounts": {
        "fi": "Tunnukset luodaan komentorivillä: `rota accounts add NIMI --role coordinator`.",
        "sv": "Användarkonton skapas på kommandoraden: `rota accounts add NAMN --role "
        "coordinator`.",
        "en": "Accounts are made on the command line: `rota accounts add NAME --role coordinator`.",
    },
    "sign_in_first": {
        "fi": "Kirjaudu ensin sisään.",
        "sv": "Logga in först.",
        "en": "Sign in first.",
    },
    "signed_in_as": {"fi": "Kirjautunut: {who}", "sv": "Inloggad: {who}", "en": "Signed in: {who}"},
    "sign_out": {"fi": "Kirjaudu ulos", "sv": "Logga ut", "en": "Sign out"},
    "refused": {"fi": "Ei sallittu: {why}", "sv": "Inte tillåtet: {why}", "en": "Refused: {why}"},
    "no_calendar": {
        "fi": "Vakiokalenteria ei ole vielä julkaistu. Koordinaattori suunnittelee ja julkaisee "
        "sen Suunnittelu-sivulla.",
        "sv": "Ingen veckokalender har publicerats ännu. Koordinatorn planerar och publicerar "
        "den på sidan Planering.",
        "en": "No standing calendar has been published yet. The coordinator plans and publishes "
        "one on the Plan page.",
    },
    # page titles
    "page_plan": {"fi": "Suunnittelu", "sv": "Planering", "en": "Plan a quarter"},
    "page_queue": {"fi": "Muutosehdotukset", "sv": "Ändringsförslag", "en": "Change proposals"},
    "page_centre": {"fi": "Oma keskus", "sv": "Egen jourcentral", "en": "My centre"},
    "page_propose": {
        "fi": "Uusi muutosehdotus",
        "sv": "Nytt ändringsförslag",
        "en": "Propose a change",
    },
    "page_responder": {"fi": "Päivystäjä", "sv": "Jourhavande", "en": "Responder"},
    "page_roster": {"fi": "Päivystäjälista", "sv": "Jourlista", "en": "Roster"},
    # planning
    "plan_intro": {
        "fi": "Valitse skenaario ja vuosineljännes. Ratkaisu ajetaan taustalla; sivua voi "
        "käyttää sillä aikaa.",
        "sv": "Välj scenario och kvartal. Beräkningen körs i bakgrunden; sidan kan användas "
        "under tiden.",
        "en": "Pick a scenario and a quarter. The solve runs in the background; the page stays "
        "usable meanwhile.",
    },
    "scenario": {"fi": "Skenaario (YAML)", "sv": "Scenario (YAML)", "en": "Scenario (YAML)"},
    "quarter": {"fi": "Vuosineljännes", "sv": "Kvartal", "en": "Quarter"},
    "time_limit": {"fi": "Aikaraja (s)", "sv": "Tidsgräns (s)", "en": "Time limit (s)"},
    "solve": {"fi": "Ratkaise", "sv": "Beräkna", "en": "Solve"},
    "cancel": {"fi": "Keskeytä", "sv": "Avbryt", "en": "Cancel"},
    "solving": {
        "fi": "Ratkaistaan… {seconds:.0f} s",
        "sv": "Beräknar… {seconds:.0f} s",
        "en": "Solving… {seconds:.0f} s",
    },
    "progress_line": {
        "fi": "Paras suunnitelma: tavoite {objective} · raja {bound}",
        "sv": "Bästa plan hittills: mål {objective} · gräns {bound}",
        "en": "Best plan: objective {objective} · bound {bound}",
    },
    "progress_wait": {
        "fi": "Etsitään ensimmäistä suunnitelmaa…",
        "sv": "Söker en första plan…",
        "en": "Looking for a first plan…",
    },
    "cancelled": {
        "fi": "Ratkaisu keskeytettiin.",
        "sv": "Beräkningen avbröts.",
        "en": "The solve was cancelled.",
    },
    "failed": {
        "fi": "Ratkaisu epäonnistui: {why}",
        "sv": "Beräkningen misslyckades: {why}",
        "en": "The solve failed: {why}",
    },
    "feasible": {
        "fi": "{quarter}: kaikki pakolliset säännöt täyttyvät ({status}, {seconds} s, ero {gap}).",
        "sv": "{quarter}: alla obligatoriska regler uppfylls ({status}, {seconds} s, skillnad "
        "{gap}).",
        "en": "{quarter}: every hard rule holds ({status}, {seconds} s, gap {gap}).",
    },
    "infeasible": {
        "fi": "{quarter}: kaikkia pakollisia sääntöjä ei saatu täytettyä — katso säännöt ja "
        "aukot alta.",
        "sv": "{quarter}: alla obligatoriska regler kunde inte uppfyllas — se reglerna och "
        "luckorna nedan.",
        "en": "{quarter}: not every hard rule could be met — see the rules and gaps below.",
    },
    "heat_title": {
        "fi": "Kattavuus viikoittain",
        "sv": "Täckning vecka för vecka",
        "en": "Coverage by week",
    },
    "heat_help": {
        "fi": "Rivi = viikko, sarake = viikon tunti. Väri = päivystäjiä; punainen kehys = aukko "
        "(vähemmän kuin vaaditaan).",
        "sv": "Rad = vecka, kolumn = veckans timme. Färg = jourhavande i tjänst; röd ram = lucka "
        "(färre än vad som krävs).",
        "en": "Row = week, column = hour of the week. Colour = responders on duty; red frame = "
        "gap (fewer than required).",
    },
    "gaps": {"fi": "{count} aukkotuntia", "sv": "{count} lucktimmar", "en": "{count} gap hours"},
    "no_gaps": {"fi": "Ei aukkoja.", "sv": "Inga luckor.", "en": "No gaps."},
    "rules_title": {"fi": "Säännöt R1–R7", "sv": "Reglerna R1–R7", "en": "Rules R1–R7"},
    "rule": {"fi": "Sääntö", "sv": "Regel", "en": "Rule"},
    "what": {"fi": "Mitä", "sv": "Vad", "en": "What"},
    "result": {"fi": "Tulos", "sv": "Resultat", "en": "Result"},
    "checked": {"fi": "Tarkistettu", "sv": "Kontrollerat", "en": "Checked"},
    "violations": {"fi": "Rikkeet", "sv": "Brott", "en": "Violations"},
    "pass": {"fi": "OK", "sv": "OK", "en": "pass"},
    "fail": {"fi": "RIKE", "sv": "BROTT", "en": "FAIL"},
    "show_hours": {"fi": "tunnit", "sv": "timmarna", "en": "hours"},
    "violations_of": {"fi": "{rule}: rikkeet", "sv": "{rule}: brott", "en": "{rule}: violations"},
    "load_title": {
        "fi": "Keskusten kuorma ja sitoumus",
        "sv": "Jourcentralernas belastning och åtagande",
        "en": "Centre load and commitment",
    },
    "load_help": {
        "fi": "Palkki = vakiovuorot h/vko; viiva = sitoumus min–max.",
        "sv": "Stapel = veckopass h/v; linje = åtagande min–max.",
        "en": "Bar = standing hours a week; line = commitment min–max.",
    },
    "hours_week": {"fi": "h / vko", "sv": "h / vecka", "en": "h / week"},
    "shares_title": {
        "fi": "Pyhä- ja viikonloppuiltojen jako",
        "sv": "Fördelningen av helg- och helgdagskvällar",
        "en": "Holiday and weekend evening shares",
    },
    "calendar_title": {
        "fi": "Neljänneksen kalenteri: pyhät ja sulut",
        "sv": "Kvartalets kalender: helgdagar och stängningar",
        "en": "Quarter calendar: holidays and closures",
    },
    "holiday": {"fi": "Pyhäpäivä", "sv": "Helgdag", "en": "Public holiday"},
    "weekend": {"fi": "Viikonloppu", "sv": "Veckoslut", "en": "Weekend"},
    "closures": {"fi": "Keskuksia suljettu", "sv": "Jourcentraler stängda", "en": "Centres closed"},
    "weekday": {"fi": "Arkipäivä", "sv": "Vardag", "en": "Weekday"},
    "downloads_title": {"fi": "Lataukset", "sv": "Nedladdningar", "en": "Downloads"},
    "download_all": {"fi": "Kaikki (zip)", "sv": "Allt (zip)", "en": "Everything (zip)"},
    "publish": {
        "fi": "Julkaise vakiokalenteriksi",
        "sv": "Publicera som veckokalender",
        "en": "Publish as the standing calendar",
    },
    "published": {
        "fi": "Julkaistu kalenteriversiona {number}.",
        "sv": "Publicerad som kalenderversion {number}.",
        "en": "Published as calendar version {number}.",
    },
    "planning_date": {"fi": "Suunnittelupäivä", "sv": "Planeringsdag", "en": "Planning date"},
    "publish_title": {"fi": "Julkaiseminen", "sv": "Publicering", "en": "Publishing"},
    "publish_first": {
        "fi": "Voimassa olevaa kalenteria ei ole: tämä on ensimmäinen suunnitelma, ja "
        "julkaistuna siitä tulee voimassa oleva kalenteri.",
        "sv": "Det finns ingen gällande kalender: det här är en första plan, och när den "
        "publiceras blir den den gällande kalendern.",
        "en": "There is no calendar in force: this is a first plan, and published it becomes the "
        "calendar in force.",
    },
    "publish_against": {
        "fi": "Muutokset voimassa olevaan kalenteriin (versio {number}):",
        "sv": "Ändringar i den gällande kalendern (version {number}):",
        "en": "Changes to the calendar in force (version {number}):",
    },
    "publish_identical": {
        "fi": "Suunnitelma on sama kuin voimassa oleva kalenteri (versio {number}); julkaistavaa "
        "ei ole.",
        "sv": "Planen är redan den gällande kalendern (version {number}); inget att publicera.",
        "en": "The plan is the calendar in force already (version {number}); there is nothing to "
        "publish.",
    },
    "publish_stale": {
        "fi": "Tätä suunnitelmaa ei voi julkaista: kalenteri on muuttunut sen jälkeen, kun "
        "suunnitelma tehtiin (versio {made} → {now}). Suunnittele neljännes uudelleen.",
        "sv": "Planen kan inte publiceras: kalendern har ändrats efter att planen gjordes "
        "(version {made} → {now}). Planera kvartalet på nytt.",
        "en": "This plan cannot be published: the calendar changed after it was made (version "
        "{made} → {now}). Plan the quarter again.",
    },
    "publish_no_changes": {
        "fi": "Vakiovuorot pysyvät ennallaan.",
        "sv": "Veckopassen förblir som de är.",
        "en": "The standing shifts stay as they are.",
    },
    "publish_centre": {
        "fi": "**{name}** {date} alkaen",
        "sv": "**{name}** från och med {date}",
        "en": "**{name}** from {date}",
    },
    "publish_added": {"fi": "uusi", "sv": "nytt", "en": "added"},
    "publish_dropped": {"fi": "poistuu", "sv": "slopas", "en": "dropped"},
    "publish_moved": {"fi": "siirtyy", "sv": "flyttas", "en": "moved"},
    "publish_dated": {
        "fi": "Päivätyt päivystykset: {added} uutta, {dropped} poistuu.",
        "sv": "Daterade jourer: {added} nya, {dropped} slopas.",
        "en": "Dated duties: {added} added, {dropped} dropped.",
    },
    "publish_answered": {
        "fi": "Odotetut vastatut yhteydenotot neljänneksellä",
        "sv": "Väntade besvarade kontakter under kvartalet",
        "en": "Expected answered contacts over the quarter",
    },
    "publish_in_force": {"fi": "voimassa", "sv": "gällande", "en": "in force"},
    "publish_planned": {"fi": "suunnitelma", "sv": "planerat", "en": "planned"},
    "publish_change": {"fi": "muutos", "sv": "ändring", "en": "change"},
    "publish_confirm": {
        "fi": "Olen lukenut muutokset; julkaise ne.",
        "sv": "Jag har läst ändringarna; publicera dem.",
        "en": "I have read the changes; publish them.",
    },
    # proposals (coordinator)
    "pending": {"fi": "Odottavat", "sv": "Väntande", "en": "Pending"},
    "decided": {"fi": "Päätetyt", "sv": "Avgjorda", "en": "Decided"},
    "none_pending": {
        "fi": "Ei odottavia ehdotuksia.",
        "sv": "Inga väntande förslag.",
        "en": "No pending proposals.",
    },
    "approve": {"fi": "Hyväksy", "sv": "Godkänn", "en": "Approve"},
    "reject": {"fi": "Hylkää", "sv": "Avslå", "en": "Reject"},
    "reject_reason": {
        "fi": "Hylkäyksen syy",
        "sv": "Motivering till avslaget",
        "en": "Reason for rejecting",
    },
    "approved_msg": {
        "fi": "Ehdotus {id} hyväksytty: kalenteriversio {version}.",
        "sv": "Förslag {id} godkänt: kalenderversion {version}.",
        "en": "Proposal {id} approved: calendar version {version}.",
    },
    "rejected_msg": {
        "fi": "Ehdotus {id} hylätty.",
        "sv": "Förslag {id} avslaget.",
        "en": "Proposal {id} rejected.",
    },
    "impact": {"fi": "Vaikutus", "sv": "Verkan", "en": "Impact"},
    "breaks": {"fi": "Rikotut säännöt", "sv": "Brutna regler", "en": "Rules broken"},
    "breaks_none": {
        "fi": "Muutos ei riko pakollisia sääntöjä.",
        "sv": "Ändringen bryter inte mot någon obligatorisk regel.",
        "en": "The change breaks no hard rule.",
    },
    "col_hours_before": {"fi": "h ennen", "sv": "h före", "en": "h before"},
    "col_hours_after": {"fi": "h jälkeen", "sv": "h efter", "en": "h after"},
    "col_hours_repaired": {"fi": "h korjattuna", "sv": "h reparerat", "en": "h repaired"},
    "col_answered": {"fi": "vastatut Δ", "sv": "besvarade Δ", "en": "answered Δ"},
    "col_answered_repaired": {
        "fi": "vastatut Δ korjattuna",
        "sv": "besvarade Δ reparerat",
        "en": "answered Δ repaired",
    },
    "repair": {"fi": "Korjaus", "sv": "Reparation", "en": "Repair"},
    "repair_none_needed": {
        "fi": "Korjausta ei tarvita.",
        "sv": "Ingen reparation behövs.",
        "en": "No repair needed.",
    },
    "reason": {"fi": "Perustelu", "sv": "Motivering", "en": "Reason"},
    "status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    "effective": {"fi": "Voimaan", "sv": "Gäller från", "en": "Effective"},
    "change": {"fi": "Muutos", "sv": "Ändring", "en": "Change"},
    "centre": {"fi": "Keskus", "sv": "Jourcentral", "en": "Centre"},
    "decision": {"fi": "Päätös", "sv": "Beslut", "en": "Decision"},
    # centre
    "own_shifts": {
        "fi": "Keskuksen vakiovuorot",
        "sv": "Jourcentralens veckopass",
        "en": "The centre's standing shifts",
    },
    "own_proposals": {
        "fi": "Ehdotusten tila",
        "sv": "Förslagens status",
        "en": "Status of proposals",
    },
    "no_proposals": {"fi": "Ei ehdotuksia.", "sv": "Inga förslag.", "en": "No proposals."},
    "service": {"fi": "Palvelu", "sv": "Tjänst", "en": "Service"},
    "day": {"fi": "Päivä", "sv": "Dag", "en": "Day"},
    "start": {"fi": "Alkaa", "sv": "Börjar", "en": "Start"},
    "end": {"fi": "Päättyy", "sv": "Slutar", "en": "End"},
    "responders": {"fi": "Päivystäjiä", "sv": "Jourhavande", "en": "Responders"},
    "valid_from": {"fi": "Alkaen", "sv": "Från", "en": "Valid from"},
    "valid_until": {"fi": "Asti", "sv": "Till", "en": "Valid until"},
    "kind": {"fi": "Muutoksen laji", "sv": "Typ av ändring", "en": "Kind of change"},
    "kind_add": {"fi": "lisää vuoro", "sv": "lägg till ett pass", "en": "add a shift"},
    "kind_drop": {"fi": "poista vuoro", "sv": "slopa ett pass", "en": "drop a shift"},
    "kind_move": {"fi": "siirrä vuoro", "sv": "flytta ett pass", "en": "move a shift"},
    "kind_resize": {"fi": "muuta pituutta", "sv": "ändra längden", "en": "resize a shift"},
    "which_shift": {"fi": "Vuoro", "sv": "Pass", "en": "Shift"},
    "new_shift": {"fi": "Uusi vuoro", "sv": "Nytt pass", "en": "New shift"},
    "effective_date": {"fi": "Voimaantulopäivä", "sv": "Ikraftträdandedag", "en": "Effective date"},
    "earliest": {
        "fi": "Aikaisin sallittu päivä: {date} ({months} kk ilmoitusaika, R7).",
        "sv": "Tidigaste tillåtna dag: {date} ({months} mån. varsel, R7).",
        "en": "Earliest allowed date: {date} ({months} months' notice, R7).",
    },
    "notice_ok": {
        "fi": "Ilmoitusaika riittää.",
        "sv": "Varseltiden räcker.",
        "en": "The notice is long enough.",
    },
    "notice_short": {
        "fi": "Liian lyhyt ilmoitusaika: aikaisin sallittu päivä on {date}.",
        "sv": "För kort varsel: tidigaste tillåtna dag är {date}.",
        "en": "Notice too short: the earliest allowed date is {date}.",
    },
    "show_impact": {"fi": "Näytä vaikutus", "sv": "Visa verkan", "en": "Show the impact"},
    "submit": {"fi": "Lähetä ehdotus", "sv": "Skicka förslaget", "en": "Submit the proposal"},
    "submitted": {
        "fi": "Ehdotus {id} lähetetty; koordinaattori päättää siitä.",
        "sv": "Förslag {id} skickat; koordinatorn beslutar om det.",
        "en": "Proposal {id} submitted; the coordinator decides on it.",
    },
    # roster
    "roster_title": {
        "fi": "Päivystäjät: {centre}",
        "sv": "Jourhavande: {centre}",
        "en": "Responders: {centre}",
    },
    "roster_help": {
        "fi": "Muokkaa soluja, lisää rivejä alalaidasta tai valitse rivejä ja poista ne; "
        "tallenna lopuksi. Tiedosto: {file}.",
        "sv": "Redigera celler, lägg till rader längst ner eller välj rader och ta bort dem; "
        "spara till sist. Fil: {file}.",
        "en": "Edit cells, add rows at the bottom, or select rows and delete them; then save. "
        "File: {file}.",
    },
    "roster_ids_only": {
        "fi": "Vain tunnisteet: nimet ovat henkilötietoja, jotka näkee vain keskus itse.",
        "sv": "Endast identifierare: namnen är personuppgifter som bara jourcentralen själv ser.",
        "en": "Ids only: names are personal data that only the centre itself sees.",
    },
    "save_roster": {
        "fi": "Tallenna päivystäjälista",
        "sv": "Spara jourlistan",
        "en": "Save the roster",
    },
    "roster_saved": {
        "fi": "Päivystäjälista tallennettu: {count} päivystäjää.",
        "sv": "Jourlistan sparad: {count} jourhavande.",
        "en": "Roster saved: {count} responders.",
    },
    "roster_not_saved": {
        "fi": "Päivystäjälistaa ei tallennettu. Korjaa nämä ja tallenna uudelleen:",
        "sv": "Jourlistan sparades inte. Rätta till följande och spara på nytt:",
        "en": "The roster was not saved. Fix these and save again:",
    },
    "row": {"fi": "Rivi", "sv": "Rad", "en": "Row"},
    "row_help": {
        "fi": "Rivin numero tiedostossa (otsikko on rivi 1); virheilmoitukset viittaavat siihen.",
        "sv": "Radens nummer i filen (rubriken är rad 1); felmeddelandena hänvisar till den.",
        "en": "The row's number in the file (the header is row 1); problems name it.",
    },
    "roster_col_id": {
        "fi": "Pseudonyymi tunniste, esim. hel-0042: pienet kirjaimet, numerot ja '-'.",
        "sv": "Pseudonym identifierare, t.ex. hel-0042: små bokstäver, siffror och '-'.",
        "en": "Pseudonymous id, e.g. hel-0042: lowercase letters, digits and '-'.",
    },
    "roster_col_name": {
        "fi": "Nimi; henkilötieto, jota ei julkaista.",
        "sv": "Namn; en personuppgift som aldrig publiceras.",
        "en": "Display name; personal data, never published.",
    },
    "roster_col_centre": {
        "fi": "Keskuksen tunniste.",
        "sv": "Jourcentralens identifierare.",
        "en": "The centre's id.",
    },
    "roster_col_role": {
        "fi": "staff, volunteer tai student.",
        "sv": "staff, volunteer eller student.",
        "en": "staff, volunteer or student.",
    },
    "roster_col_languages": {
        "fi": "Kielet, esim. fi; sv",
        "sv": "Språk, t.ex. fi; sv",
        "en": "Languages, e.g. fi; sv",
    },
    "roster_col_services": {
        "fi": "Palvelut, joihin on koulutettu, esim. fi-phone; chat",
        "sv": "Tjänster som personen är utbildad för, t.ex. fi-phone; chat",
        "en": "Services trained for, e.g. fi-phone; chat",
    },
    "roster_col_availability": {
        "fi": "Viikoittaiset tunnit, esim. mon-fri 16:00-22:00; sat,sun 10:00-18:00 (tyhjä = "
        "aina).",
        "sv": "Timmar per vecka, t.ex. mon-fri 16:00-22:00; sat,sun 10:00-18:00 (tom = alltid).",
        "en": "Weekly hours, e.g. mon-fri 16:00-22:00; sat,sun 10:00-18:00 (empty = always).",
    },
    "roster_col_absences": {
        "fi": "Poissaolot, esim. 2027-01-10..2027-01-20; 2027-02-03",
        "sv": "Frånvaro, t.ex. 2027-01-10..2027-01-20; 2027-02-03",
        "en": "Absences, e.g. 2027-01-10..2027-01-20; 2027-02-03",
    },
    "roster_col_max_hours_week": {
        "fi": "Enintään tuntia ISO-viikossa.",
        "sv": "Högst timmar per ISO-vecka.",
        "en": "Most hours in one ISO week.",
    },
    "roster_col_max_hours_quarter": {
        "fi": "Enintään tuntia vuosineljänneksessä.",
        "sv": "Högst timmar per kvartal.",
        "en": "Most hours in the quarter.",
    },
    "roster_col_preferred": {
        "fi": "Toivotut viikkotunnit (valinnainen).",
        "sv": "Önskade veckotimmar (valfritt).",
        "en": "Preferred weekly hours (optional).",
    },
    "roster_col_disliked": {
        "fi": "Viikkotunnit, joita välttäisi (valinnainen).",
        "sv": "Veckotimmar som helst undviks (valfritt).",
        "en": "Weekly hours rather not worked (optional).",
    },
    # a responder's own shifts and claims (issue 19)
    "my_shifts_title": {
        "fi": "Tulevat vuorosi",
        "sv": "Dina kommande pass",
        "en": "Your next shifts",
    },
    "no_staffing": {
        "fi": "Vuoroja ei ole vielä jaettu päivystäjille; koordinaattori jakaa ne ensin.",
        "sv": "Passen har ännu inte fördelats på jourhavande; koordinatorn fördelar dem först.",
        "en": "No shifts have been given to responders yet; the coordinator does that first.",
    },
    "not_on_roster": {
        "fi": "Et ole minkään keskuksen päivystäjälistalla; pyydä keskustasi lisäämään sinut.",
        "sv": "Du finns inte på någon jourcentrals lista; be din jourcentral lägga till dig.",
        "en": "You are not on any centre's roster; ask your centre to add you.",
    },
    "no_shifts_yet": {
        "fi": "Ei tulevia vuoroja.",
        "sv": "Inga kommande pass.",
        "en": "No shifts ahead.",
    },
    "my_hours_week": {
        "fi": "Tunnit tällä viikolla",
        "sv": "Timmar denna vecka",
        "en": "Hours this week",
    },
    "my_hours_quarter": {
        "fi": "Tunnit tällä neljänneksellä",
        "sv": "Timmar detta kvartal",
        "en": "Hours this quarter",
    },
    "of_cap": {"fi": "enintään {cap} h", "sv": "högst {cap} h", "en": "at most {cap} h"},
    "seat_status_assigned": {"fi": "jaettu", "sv": "tilldelat", "en": "assigned"},
    "seat_status_pending": {
        "fi": "odottaa keskusta",
        "sv": "väntar på jourcentralen",
        "en": "awaiting the centre",
    },
    "seat_status_confirmed": {"fi": "vahvistettu", "sv": "bekräftat", "en": "confirmed"},
    "link_active": {
        "fi": "Tilauslinkkisi on voimassa (luotu {date}). Jos se on päätynyt vääriin käsiin, "
        "vaihda se: vanha lakkaa toimimasta.",
        "sv": "Din prenumerationslänk gäller (skapad {date}). Om den har hamnat i fel händer, "
        "byt ut den: den gamla slutar fungera.",
        "en": "Your subscribe link is active (made {date}). If it got into the wrong hands, "
        "replace it: the old one stops working.",
    },
    "rotate_link": {"fi": "Vaihda linkki", "sv": "Byt länk", "en": "Replace the link"},
    "link_kept": {
        "fi": "Linkki näytetään vain nyt: tallenna se. Se toimii, kunnes vaihdat sen.",
        "sv": "Länken visas bara nu: spara den. Den fungerar tills du byter ut den.",
        "en": "The link is shown only now: keep it. It works until you replace it.",
    },
    "qr_alt": {
        "fi": "QR-koodi kalenterin tilauslinkistä",
        "sv": "QR-kod för kalenderns prenumerationslänk",
        "en": "QR code of the calendar subscribe link",
    },
    "offers_title": {
        "fi": "Vuorot, jotka voit ottaa",
        "sv": "Pass du kan ta",
        "en": "Shifts you can take",
    },
    "offers_help": {
        "fi": "Vain vuorot, jotka sopivat keskuksellesi, kielillesi, palveluillesi, "
        "saatavuuteesi, poissaoloihisi, tuntirajoihisi ja purkumahdollisuuteen vuoron "
        "päätyttyä.",
        "sv": "Bara pass som passar din jourcentral, dina språk, tjänster, tillgänglighet, "
        "frånvaro, timgränser och möjligheten till avlastningssamtal efter passet.",
        "en": "Only shifts that fit your centre, languages, services, availability, absences, "
        "hour limits and a debrief after the shift.",
    },
    "open_seats_title": {"fi": "Avoimet paikat", "sv": "Lediga platser", "en": "Open seats"},
    "extra_shifts_title": {"fi": "Lisävuorot", "sv": "Extra pass", "en": "Extra shifts"},
    "none_offered": {"fi": "Ei nyt.", "sv": "Inga just nu.", "en": "None now."},
    "claim": {"fi": "Ota vuoro", "sv": "Ta passet", "en": "Take it"},
    "claimed_pending": {
        "fi": "Vuoro on varattu sinulle; keskus vahvistaa sen.",
        "sv": "Passet är reserverat för dig; jourcentralen bekräftar det.",
        "en": "The shift is yours pending your centre's confirmation.",
    },
    "claimed_confirmed": {
        "fi": "Vuoro on sinun ja näkyy kalenterissasi.",
        "sv": "Passet är ditt och syns i din kalender.",
        "en": "The shift is yours and shows in your calendar.",
    },
    "claim_taken": {
        "fi": "Joku ehti ottaa paikan juuri ennen sinua; valitse toinen.",
        "sv": "Någon hann ta platsen strax före dig; välj en annan.",
        "en": "Someone took that seat a moment before you; choose another.",
    },
    "claim_refused": {
        "fi": "Et voi ottaa tätä vuoroa: se ei sovi sääntöihin.",
        "sv": "Du kan inte ta detta pass: det passar inte reglerna.",
        "en": "You cannot take that shift: it breaks a rule.",
    },
    "weekend_holiday": {
        "fi": "Viikonloppu tai pyhä",
        "sv": "Veckoslut eller helgdag",
        "en": "Weekend or holiday",
    },
    "offer_swap": {
        "fi": "Tarjoa kollegalle",
        "sv": "Erbjud en kollega",
        "en": "Offer to a colleague",
    },
    "swap_offered": {
        "fi": "Vuoro on tarjolla {count} kollegalle, jotka voivat ottaa sen.",
        "sv": "Passet erbjuds {count} kolleger som kan ta det.",
        "en": "The shift is offered to {count} colleagues who may take it.",
    },
    "swap_none": {
        "fi": "Kukaan kollega ei voi nyt ottaa tätä vuoroa.",
        "sv": "Ingen kollega kan ta detta pass nu.",
        "en": "No colleague can take this shift now.",
    },
    "swaps_for_me_title": {
        "fi": "Kollegoiden tarjoamat vuorot",
        "sv": "Pass som kolleger erbjuder",
        "en": "Shifts colleagues offer",
    },
    "accept_swap": {"fi": "Ota vastaan", "sv": "Ta emot", "en": "Take it over"},
    "swap_accepted": {
        "fi": "Otit vuoron; keskus hyväksyy vaihdon.",
        "sv": "Du tog passet; jourcentralen godkänner bytet.",
        "en": "You took the shift; your centre approves the swap.",
    },
    "swaps_pending_title": {
        "fi": "Hyväksyntää odottavat vaihdot",
        "sv": "Byten som väntar på godkännande",
        "en": "Swaps awaiting approval",
    },
    "no_pending_swaps": {
        "fi": "Ei odottavia vaihtoja.",
        "sv": "Inga väntande byten.",
        "en": "No swaps waiting.",
    },
    "swap_from_to": {
        "fi": "{giver} → {taker}",
        "sv": "{giver} → {taker}",
        "en": "{giver} → {taker}",
    },
    # a centre's claims
    "page_claims": {"fi": "Vuorovaraukset", "sv": "Passbokningar", "en": "Shift claims"},
    "claims_pending_title": {
        "fi": "Vahvistusta odottavat varaukset",
        "sv": "Bokningar som väntar på bekräftelse",
        "en": "Claims awaiting confirmation",
    },
    "claims_confirmed_title": {
        "fi": "Vahvistetut varaukset",
        "sv": "Bekräftade bokningar",
        "en": "Confirmed claims",
    },
    "no_pending_claims": {
        "fi": "Ei odottavia varauksia.",
        "sv": "Inga väntande bokningar.",
        "en": "No claims waiting.",
    },
    "responder": {"fi": "Päivystäjä", "sv": "Jourhavande", "en": "Responder"},
    "confirm": {"fi": "Vahvista", "sv": "Bekräfta", "en": "Confirm"},
    "decline": {"fi": "Hylkää", "sv": "Avslå", "en": "Decline"},
    "declined_reason": {
        "fi": "Keskus hylkäsi varauksen.",
        "sv": "Jourcentralen avslog bokningen.",
        "en": "The centre declined the claim.",
    },
    "auto_confirm": {
        "fi": "Vahvista varaukset heti, kun kaikki säännöt täyttyvät",
        "sv": "Bekräfta bokningar genast när alla regler uppfylls",
        "en": "Confirm claims at once when every rule holds",
    },
    "claim_done": {"fi": "Tehty.", "sv": "Klart.", "en": "Done."},
    "extra_kind": {"fi": "lisävuoro", "sv": "extra pass", "en": "extra shift"},
    "seat_kind": {"fi": "avoin paikka", "sv": "ledig plats", "en": "open seat"},
    "roster_col_min_hours_week": {
        "fi": "Vähimmäissitoumus: tunteja jokaisella täydellä viikolla, jolloin ei ole poissa "
        "(valinnainen).",
        "sv": "Minimiåtagande: timmar varje hel vecka utan frånvaro (valfritt).",
        "en": "Minimum commitment: hours in each whole week not away (optional).",
    },
    "roster_col_min_shifts_month": {
        "fi": "Vähimmäissitoumus: vuoroja jokaisena kuukautena, jolloin ei ole poissa "
        "(valinnainen).",
        "sv": "Minimiåtagande: pass varje månad utan frånvaro (valfritt).",
        "en": "Minimum commitment: shifts in each month not away (optional).",
    },
    # responder
    "subscribe_title": {
        "fi": "Tilaa vuorosi kalenteriin",
        "sv": "Prenumerera på dina pass i kalendern",
        "en": "Subscribe to your shifts",
    },
    "subscribe_help": {
        "fi": "Lisää linkki kerran Google-kalenteriin, Outlookiin, Applen kalenteriin tai "
        "Thunderbirdiin; vuorot päivittyvät itsestään.",
        "sv": "Lägg till länken en gång i Google Kalender, Outlook, Apples kalender eller "
        "Thunderbird; passen uppdateras av sig själva.",
        "en": "Add the link once to Google Calendar, Outlook, Apple Calendar or Thunderbird; "
        "your shifts stay up to date by themselves.",
    },
    "make_link": {
        "fi": "Luo tilauslinkki",
        "sv": "Skapa en prenumerationslänk",
        "en": "Make a subscribe link",
    },
    "link_once": {
        "fi": "Linkki näytetään vain nyt: tallenna se. Uusi linkki ei kumoa vanhaa.",
        "sv": "Länken visas bara nu: spara den. En ny länk upphäver inte den gamla.",
        "en": "The link is shown only now: keep it. A new link does not revoke the old one.",
    },
    "extra_title": {
        "fi": "Missä yksi päivystäjä lisää auttaa eniten",
        "sv": "Där en jourhavande till hjälper mest",
        "en": "Where one more responder helps most",
    },
    "extra_help": {
        "fi": "Vapaaehtoisten lisävuorot ohjataan ensin viikonloppuihin ja pyhäpäiviin.",
        "sv": "De frivilligas extra pass styrs först till veckoslut och helgdagar.",
        "en": "Volunteers' extra shifts go to weekends and public holidays first.",
    },
    "when": {"fi": "Milloin", "sv": "När", "en": "When"},
    "answered_hour": {
        "fi": "Odotetut vastatut yhteydenotot tunnissa",
        "sv": "Väntade besvarade kontakter under timmen",
        "en": "Expected answered contacts in the hour",
    },
    "dst_repeat": {
        "fi": "Yöllä {date} kellot siirretään taaksepäin: tunti 03–04 toistuu, ja solu näyttää "
        "ohuemman miehityksen kahdesta.",
        "sv": "Natten till {date} vrids klockan tillbaka: timmen 03–04 upprepas, och rutan visar "
        "den tunnare bemanningen av de två.",
        "en": "In the night to {date} the clocks go back: the hour 03–04 happens twice, and the "
        "cell shows the thinner staffing of the two.",
    },
    "dst_skip": {
        "fi": "Yöllä {date} kellot siirretään eteenpäin: tuntia 03–04 ei ole, joten sen solu "
        "puuttuu.",
        "sv": "Natten till {date} vrids klockan fram: timmen 03–04 finns inte, så dess ruta "
        "saknas.",
        "en": "In the night to {date} the clocks go forward: the hour 03–04 does not exist, so "
        "its cell is missing.",
    },
    "on_duty": {"fi": "Päivystää nyt", "sv": "I tjänst nu", "en": "On duty"},
    "gain": {"fi": "Vastattuja lisää", "sv": "Fler besvarade", "en": "Answered +"},
    "required": {"fi": "Vaaditaan", "sv": "Krävs", "en": "Required"},
    "anyone": {"fi": "Kaikille", "sv": "För alla", "en": "For anyone"},
    "volunteers": {"fi": "Vapaaehtoisille", "sv": "För frivilliga", "en": "For volunteers"},
    # calendar in force: centre weeks and import
    "weeks_title": {
        "fi": "Vuorot viikoittain",
        "sv": "Jourer vecka för vecka",
        "en": "Duties week by week",
    },
    "weeks_help": {
        "fi": "Voimassa oleva kalenteri (versio {version}), {first}–{last}. Ajat Suomen aikaa.",
        "sv": "Den gällande kalendern (version {version}), {first}–{last}. Tiderna i finsk tid.",
        "en": "The calendar in force (version {version}), {first}–{last}. Times in Finnish time.",
    },
    "weeks_none": {
        "fi": "Voimassa oleva kalenteri ei kata tätä eikä seuraavaa vuosineljännestä.",
        "sv": "Den gällande kalendern täcker varken detta eller nästa kvartal.",
        "en": "The calendar in force covers neither this quarter nor the next.",
    },
    "week_label": {
        "fi": "Vko {week} · {first}–{last}",
        "sv": "V. {week} · {first}–{last}",
        "en": "Week {week} · {first}–{last}",
    },
    "extra_holiday": {
        "fi": "Ylimääräinen vapaapäivä",
        "sv": "Extra ledig dag",
        "en": "Extra holiday",
    },
    "closed": {"fi": "keskus suljettu", "sv": "jourcentralen stängd", "en": "centre closed"},
    "closed_days": {
        "fi": "suljettu {count} pv",
        "sv": "stängd {count} d",
        "en": "closed {count} d",
    },
    "cancelled_count": {
        "fi": "{count} peruttu",
        "sv": "inställda pass: {count}",
        "en": "{count} cancelled",
    },
    "time": {"fi": "Aika", "sv": "Tid", "en": "Time"},
    "occ_kind": {"fi": "Laji", "sv": "Typ", "en": "Kind"},
    "occ_standing": {"fi": "vakiovuoro", "sv": "veckopass", "en": "standing shift"},
    "occ_holiday_duty": {"fi": "pyhäpäivystys", "sv": "helgdagsjour", "en": "holiday duty"},
    "occ_substitute": {"fi": "sijaisuus", "sv": "vikariat", "en": "substitute"},
    "occ_extra": {"fi": "lisävuoro", "sv": "extra pass", "en": "extra shift"},
    "no_duties_week": {
        "fi": "Ei vuoroja tällä viikolla.",
        "sv": "Inga jourer den här veckan.",
        "en": "No duties this week.",
    },
    "cancelled_title": {
        "fi": "Perutut vakiovuorot",
        "sv": "Inställda veckopass",
        "en": "Standing shifts cancelled",
    },
    "cancelled_holiday": {
        "fi": "pyhäpäivä: {name} {date}",
        "sv": "helgdag: {name} {date}",
        "en": "public holiday: {name} {date}",
    },
    "cancelled_closure": {
        "fi": "keskus suljettu {date}",
        "sv": "jourcentralen stängd {date}",
        "en": "centre closed {date}",
    },
    "centre_feed_title": {
        "fi": "Tilaa keskuksen vuorot kalenteriin",
        "sv": "Prenumerera på jourcentralens pass i kalendern",
        "en": "Subscribe to the centre's duties",
    },
    "centre_feed_help": {
        "fi": "Keskuksen kalenterisyöte: kaikki keskuksen vuorot, päivittyy itsestään "
        "hyväksyttyjen muutosten ja julkaisujen mukana.",
        "sv": "Jourcentralens kalenderflöde: alla jourcentralens pass, uppdateras av sig självt "
        "med godkända ändringar och publiceringar.",
        "en": "The centre's calendar feed: all of the centre's duties, kept up to date with "
        "every approved change and publication.",
    },
    "replace_which": {
        "fi": "Korvattava linkki",
        "sv": "Länk som ska ersättas",
        "en": "Link to replace",
    },
    "link_made": {
        "fi": "#{id} {label} ({date})",
        "sv": "#{id} {label} ({date})",
        "en": "#{id} {label} ({date})",
    },
    "link_label_dashboard": {"fi": "tehty sivulla", "sv": "skapad på sidan", "en": "dashboard"},
    "replace_link": {
        "fi": "Korvaa linkki (vanha lakkaa toimimasta)",
        "sv": "Ersätt länken (den gamla slutar fungera)",
        "en": "Replace the link (the old one stops working)",
    },
    "link_replaced": {
        "fi": "Linkki #{id} ei enää toimi; uusi linkki alla.",
        "sv": "Länk #{id} fungerar inte längre; den nya länken finns nedan.",
        "en": "Link #{id} no longer works; the new link is below.",
    },
    "page_calendar": {
        "fi": "Voimassa oleva kalenteri",
        "sv": "Gällande kalender",
        "en": "Calendar in force",
    },
    "import_title": {
        "fi": "Tuo voimassa oleva kalenteri",
        "sv": "Importera den gällande kalendern",
        "en": "Import the calendar in force",
    },
    "import_help": {
        "fi": "Vakiokalenteri CSV- tai Excel-tiedostona sarakkein centre, service, weekday, "
        "start, end, responders, valid_from, valid_until (viikonpäivät suomeksi tai englanniksi, "
        "ajat HH:MM tai H.MM); päivätyt päivystykset valinnaisena toisena tiedostona. Skenaario: "
        "{scenario}.",
        "sv": "Veckokalendern som CSV- eller Excel-fil med kolumnerna centre, service, weekday, "
        "start, end, responders, valid_from, valid_until (veckodagar på finska eller engelska, "
        "tider HH:MM eller H.MM); daterade jourer valfritt som en andra fil. Scenario: "
        "{scenario}.",
        "en": "The standing calendar as CSV or Excel with the columns centre, service, weekday, "
        "start, end, responders, valid_from, valid_until (weekdays in Finnish or English, times "
        "HH:MM or H.MM); dated duties optionally as a second file. Scenario: {scenario}.",
    },
    "standing_upload": {"fi": "Vakiokalenteri", "sv": "Veckokalender", "en": "Standing calendar"},
    "dated_upload": {
        "fi": "Päivätyt päivystykset (valinnainen)",
        "sv": "Daterade jourer (valfritt)",
        "en": "Dated duties (optional)",
    },
    "import_button": {
        "fi": "Tuo kalenteri",
        "sv": "Importera kalendern",
        "en": "Import the calendar",
    },
    "imported": {
        "fi": "Tuotu kalenteriversioksi {number}: {standing} vakiovuoroa, {dated} päivättyä "
        "päivystystä, {centres} keskusta.",
        "sv": "Importerad som kalenderversion {number}: {standing} veckopass, {dated} daterade "
        "jourer, {centres} jourcentraler.",
        "en": "Imported as calendar version {number}: {standing} standing shifts, {dated} dated "
        "duties, {centres} centres.",
    },
    "import_failed": {
        "fi": "Kalenteria ei tallennettu. Korjaa nämä ja tuo uudelleen:",
        "sv": "Kalendern sparades inte. Rätta till följande och importera på nytt:",
        "en": "The calendar was not stored. Fix these and import again:",
    },
    "findings_title": {
        "fi": "Kalenteri rikkoo jo nyt sääntöjä ({count} kohtaa, tarkistettu {checked}):",
        "sv": "Kalendern bryter redan nu mot regler ({count} fynd, kontrollerat {checked}):",
        "en": "The calendar already breaks rules ({count} findings, checked {checked}):",
    },
    "findings_none": {
        "fi": "Kalenteri täyttää kaikki pakolliset säännöt (tarkistettu {checked}).",
        "sv": "Kalendern uppfyller alla obligatoriska regler (kontrollerat {checked}).",
        "en": "The calendar meets every hard rule (checked {checked}).",
    },
    "finding_dates": {
        "fi": "{count} päivänä {first} … {last}",
        "sv": "{count} dagar {first} … {last}",
        "en": "on {count} dates {first} … {last}",
    },
    "rule_R1": {
        "fi": "Vuoron pituus {min}–{max} h",
        "sv": "Passets längd {min}–{max} h",
        "en": "Shift length {min}–{max} h",
    },
    "rule_R2": {
        "fi": "Suomenkielinen linja aina auki",
        "sv": "Den finska linjen alltid bemannad",
        "en": "Finnish line always staffed",
    },
    "rule_R3": {
        "fi": "Kielipalvelujen aukioloajat",
        "sv": "Språktjänsternas öppettider",
        "en": "Language services' hours",
    },
    "rule_R4": {
        "fi": "Keskusten linjat, viikkotunnit ja saatavuus",
        "sv": "Jourcentralernas linjer, veckotimmar och tillgänglighet",
        "en": "Centre lines, weekly hours and availability",
    },
    "rule_R5": {
        "fi": "Pyhäpäivystysryhmä viikonloppu- ja pyhäiltoina",
        "sv": "Helgdagsjourgruppen på veckoslut- och helgdagskvällar",
        "en": "Holiday-duty group on weekend and holiday evenings",
    },
    "rule_R6": {
        "fi": "Ei vuoroja suljettuina pyhinä tai sulkupäivinä",
        "sv": "Inga pass på stängda helgdagar eller stängningsdagar",
        "en": "No duty on holidays or closures where not allowed",
    },
    "rule_R7": {
        "fi": "Ilmoitusaika {months} kk: luvatut vuorot pysyvät",
        "sv": "Varsel {months} mån.: utlovade pass består",
        "en": "Notice of {months} months: promised duties stay unchanged",
    },
    "versions_title": {
        "fi": "Kalenteriversiot",
        "sv": "Kalenderversioner",
        "en": "Calendar versions",
    },
    "versions_none": {
        "fi": "Kalenteriversioita ei vielä ole.",
        "sv": "Det finns inga kalenderversioner ännu.",
        "en": "No calendar versions yet.",
    },
    "col_version": {"fi": "Versio", "sv": "Version", "en": "Version"},
    "col_source": {"fi": "Lähde", "sv": "Källa", "en": "Source"},
    "col_by": {"fi": "Kuka", "sv": "Vem", "en": "Who"},
    "col_at": {"fi": "Milloin", "sv": "När", "en": "When"},
    "col_standing": {"fi": "Vakiovuoroja", "sv": "Veckopass", "en": "Standing shifts"},
    "col_dated": {"fi": "Päivättyjä", "sv": "Daterade", "en": "Dated duties"},
    # statuses, sources and actors in words
    "status_pending": {"fi": "odottaa", "sv": "väntar", "en": "pending"},
    "status_approved": {"fi": "hyväksytty", "sv": "godkänt", "en": "approved"},
    "status_rejected": {"fi": "hylätty", "sv": "avslaget", "en": "rejected"},
    "decision_approved": {
        "fi": "hyväksytty {date}",
        "sv": "godkänt {date}",
        "en": "approved on {date}",
    },
    "source_import": {
        "fi": "tuotu: {files}",
        "sv": "importerad: {files}",
        "en": "import {files}",
    },
    "source_proposal": {"fi": "ehdotus {id}", "sv": "förslag {id}", "en": "proposal {id}"},
    "source_plan": {"fi": "suunnitelma {id}", "sv": "plan {id}", "en": "plan {id}"},
    "actor_coordinator": {"fi": "koordinaattori", "sv": "koordinator", "en": "coordinator"},
    "actor_responder": {"fi": "päivystäjä {id}", "sv": "jourhavande {id}", "en": "responder {id}"},
    # impact reports and repairs
    "step_add": {
        "fi": "{centre}: uusi vakiovuoro {shift}",
        "sv": "{centre}: nytt veckopass {shift}",
        "en": "{centre}: adds {shift}",
    },
    "step_remove": {
        "fi": "{centre}: vakiovuoro poistuu {shift}",
        "sv": "{centre}: veckopasset slopas {shift}",
        "en": "{centre}: drops {shift}",
    },
    "step_duty": {
        "fi": "{centre}: {kind} {shift} (vain tänä päivänä)",
        "sv": "{centre}: {kind} {shift} (endast denna dag)",
        "en": "{centre}: {kind} {shift} (this date only)",
    },
    "repair_status_not-needed": {"fi": "ei tarvita", "sv": "behövs inte", "en": "not needed"},
    "repair_status_found": {"fi": "löytyi", "sv": "hittad", "en": "found"},
    "repair_status_partial": {"fi": "osittainen", "sv": "delvis", "en": "partial"},
    "repair_status_none": {"fi": "ei löytynyt", "sv": "ingen hittades", "en": "none found"},
    "repair_incomplete": {
        "fi": "Täydellistä korjausta ei löytynyt: korjauksen jälkeenkin jäävät rikkeet on "
        "lueteltu alla.",
        "sv": "Ingen fullständig reparation hittades: de brott som finns kvar efter reparationen "
        "listas nedan.",
        "en": "No complete repair was found: the breaks left after the repair are listed below.",
    },
    # refusals of the service layer, by their type
    "refused_permission": {
        "fi": "Ei sallittu: {who} ei voi tehdä tätä.",
        "sv": "Inte tillåtet: {who} får inte göra detta.",
        "en": "Refused: {who} may not do this.",
    },
    "refused_notice": {
        "fi": "Ei sallittu: ilmoitusaika on liian lyhyt (R7).",
        "sv": "Inte tillåtet: varslet är för kort (R7).",
        "en": "Refused: the notice is too short (R7).",
    },
    "refused_conflict": {
        "fi": "Joku muutti samoja vuoroja sillä välin; avaa sivu uudelleen ja yritä uudestaan.",
        "sv": "Någon ändrade samma pass under tiden; öppna sidan på nytt och försök igen.",
        "en": "Somebody changed the same shifts meanwhile; open the page again and retry.",
    },
    "refused_not_found": {
        "fi": "Ei löytynyt, tai et voi nähdä sitä.",
        "sv": "Hittades inte, eller så kan du inte se det.",
        "en": "Not found, or not yours to see.",
    },
    "refused_other": {
        "fi": "Ei sallittu: pyyntöä ei voitu toteuttaa.",
        "sv": "Inte tillåtet: begäran kunde inte genomföras.",
        "en": "Refused: the request could not be carried out.",
    },
    "reason_needed": {
        "fi": "Kirjoita hylkäyksen syy.",
        "sv": "Skriv en motivering till avslaget.",
        "en": "Write why the proposal is rejected.",
    },
    "change_reason_needed": {
        "fi": "Kirjoita perustelu muutokselle.",
        "sv": "Skriv en motivering till ändringen.",
        "en": "Write why the change is needed.",
    },
    # how a solve ended
    "solve_OPTIMAL": {"fi": "optimaalinen", "sv": "optimal", "en": "optimal"},
    "solve_FEASIBLE": {"fi": "kelvollinen", "sv": "godtagbar", "en": "feasible"},
}


def language() -> Language:
    chosen = st.session_state.get("lang", "fi")
    return chosen if chosen in LANGUAGES else "fi"


def t(key: str, lang: Language | None = None, **values: object) -> str:
    """The text for `key` in the chosen language, formatted with `values`."""
    text = TEXT[key][lang or language()]
    return text.format(**values) if values else text


def weekday(index: int, lang: Language | None = None) -> str:
    return WEEKDAYS[lang or language()][index]


def number(value: float, decimals: int = 0, lang: Language | None = None) -> str:
    """`value` as the reader writes numbers: 1 234,5 in Finnish and Swedish, 1,234.5 in English."""
    text = f"{value:,.{decimals}f}"
    if (lang or language()) == "en":
        return text
    return text.replace(",", NO_BREAK_SPACE).replace(".", ",").replace("-", "−")


def signed(value: float, decimals: int = 0, lang: Language | None = None) -> str:
    """A change, with its sign also when it gains: +12, −3,5."""
    return ("+" if value > 0 else "") + number(value, decimals, lang)


def percent(share: float, decimals: int = 1, lang: Language | None = None) -> str:
    """A share (0.0009) as a percentage: 0,09 % in Finnish and Swedish, 0.09% in English."""
    figure = number(100 * share, decimals, lang)
    return f"{figure}%" if (lang or language()) == "en" else f"{figure}{NO_BREAK_SPACE}%"


def date_text(day: dt.date) -> str:
    """dd.mm.yyyy, as Finland writes dates in every language of the interface."""
    return f"{day:%d.%m.%Y}"


def holiday_name(day: dt.date, lang: Language | None = None) -> str:
    """The public holiday on `day` by its official name in the interface language; a date the
    scenario adds is an extra holiday."""
    return _holidays(day.year, lang or language()).get(day) or t("extra_holiday", lang)


@cache
def _holidays(year: int, lang: Language) -> dict[dt.date, str]:
    found = holiday_catalogue.country_holidays(
        "FI", years=year, categories=("public",), language=HOLIDAY_LANGUAGES[lang]
    )
    return dict(found.items())


def rule_title(rule: str, rules: Rules, lang: Language | None = None) -> str:
    """A hard rule's title with the scenario's own numbers (R1's shift lengths, R7's notice)."""
    return t(
        f"rule_{rule}",
        lang,
        min=_hours(rules.min_shift_hours, lang),
        max=_hours(rules.max_shift_hours, lang),
        months=rules.change_notice_months,
    )


def _hours(value: float, lang: Language | None) -> str:
    """4 or 4,5: hours without a decimal unless they have one."""
    return number(value, 0 if value == int(value) else 1, lang)
