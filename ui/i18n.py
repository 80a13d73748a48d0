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
    "impact_loss": {
        "fi": "Muutos vähentää odotettuja vastattuja yhteydenottoja: {change} ajalla {first}–"
        "{last} ({services}).",
        "sv": "Ändringen minskar de förväntade besvarade kontakterna: {change} under {first}–"
        "{last} ({services}).",
        "en": "The change loses expected answered contacts: {change} over {first}–{last} "
        "({services}).",
    },
    "impact_loss_repaired": {
        "fi": "Korjausehdotuksen jälkeen muutos on {change}.",
        "sv": "Efter reparationsförslaget är förändringen {change}.",
        "en": "After the suggested repair the change is {change}.",
    },
    "problem_at_cell": {
        "fi": "{file}: rivi {row}, sarake {column}",
        "sv": "{file}: rad {row}, kolumn {column}",
        "en": "{file}: row {row}, column {column}",
    },
    "problem_at_row": {
        "fi": "{file}: rivi {row}",
        "sv": "{file}: rad {row}",
        "en": "{file}: row {row}",
    },
    "problem_not_sheet": {
        "fi": "ei kalenteritiedosto; tallenna se muodossa .csv (UTF-8) tai .xlsx",
        "sv": "inte en kalenderfil; spara den som .csv (UTF-8) eller .xlsx",
        "en": "not a calendar file; save it as .csv (UTF-8) or .xlsx",
    },
    "problem_empty": {
        "fi": "tiedosto on tyhjä; kirjoita otsikkorivi ({columns})",
        "sv": "filen är tom; skriv rubrikraden ({columns})",
        "en": "the file is empty; write the header row ({columns})",
    },
    "problem_unknown_column": {
        "fi": "tuntematon sarake; nimeä se joksikin näistä: {columns}, tai poista se",
        "sv": "okänd kolumn; byt namn till en av {columns} eller ta bort den",
        "en": "unknown column; rename it to one of {columns} or delete it",
    },
    "problem_missing_column": {
        "fi": "sarake {column} puuttuu; lisää se otsikkoriville",
        "sv": "kolumnen {column} saknas; lägg till den i rubrikraden",
        "en": "column {column} is missing; add it to the header",
    },
    "problem_column_twice": {
        "fi": "sarake on nimetty kahdesti; jätä toinen",
        "sv": "kolumnen har två gånger samma namn; behåll en",
        "en": "named twice; keep one",
    },
    "problem_too_many_rows": {
        "fi": "{rows} riviä on enemmän kuin minkään verkoston kalenterissa ({limit}); poista "
        "rivit, jotka eivät ole vuoroja",
        "sv": "{rows} rader är fler än i något nätverks kalender ({limit}); ta bort raderna som "
        "inte är pass",
        "en": "{rows} rows are more than any network's calendar ({limit}); remove the rows that "
        "are no shifts",
    },
    "problem_stray_cells": {
        "fi": "{count} solua nimettyjen sarakkeiden ulkopuolella; tyhjennä ne tai nimeä niiden "
        "sarake otsikkorivillä",
        "sv": "{count} celler utanför de namngivna kolumnerna; töm dem eller namnge deras kolumn "
        "i rubrikraden",
        "en": "{count} cell(s) beyond the named columns; clear them or name their column in the "
        "header",
    },
    "problem_not_utf8": {
        "fi": "ei UTF-8-tekstiä (tavu {byte}); tallenna se muodossa CSV UTF-8 tai .xlsx",
        "sv": "inte UTF-8-text (byte {byte}); spara den som CSV UTF-8 eller .xlsx",
        "en": "not UTF-8 text (byte {byte}); save it as CSV UTF-8 or as .xlsx",
    },
    "problem_not_csv": {
        "fi": "rivi {row} ei ole CSV:tä; tallenna tiedosto uudelleen taulukkolaskennasta",
        "sv": "rad {row} är inte CSV; spara filen på nytt från kalkylprogrammet",
        "en": "row {row}: not CSV; save the file again from the spreadsheet",
    },
    "problem_not_workbook": {
        "fi": "ei Excel-työkirja; tallenna se muodossa .xlsx tai .csv",
        "sv": "inte en Excel-arbetsbok; spara den som .xlsx eller .csv",
        "en": "not an Excel workbook; save it as .xlsx or as .csv",
    },
    "problem_workbook_too_big": {
        "fi": "työkirja purkautuu {size} tavuksi, enemmän kuin kalenteri tarvitsee ({limit}); "
        "jätä vain kalenteri ensimmäiselle välilehdelle",
        "sv": "arbetsboken packas upp till {size} byte, mer än en kalender behöver ({limit}); "
        "behåll bara kalendern på första bladet",
        "en": "the workbook unpacks to {size} bytes, more than the {limit} any calendar needs; "
        "keep only the calendar in the first sheet",
    },
    "problem_workbook_damaged": {
        "fi": "Excel-työkirjaa ei voi lukea; tallenna se uudelleen muodossa .xlsx",
        "sv": "Excel-arbetsboken kan inte läsas; spara den på nytt som .xlsx",
        "en": "not a readable Excel workbook; save it again as .xlsx",
    },
    "problem_no_centre": {
        "fi": "tyhjä; kirjoita keskuksen tunnus skenaariosta",
        "sv": "tom; skriv jourcentralens id från scenariot",
        "en": "empty; write the centre's id from the scenario",
    },
    "problem_no_service": {
        "fi": "tyhjä; kirjoita palvelun tunnus skenaariosta",
        "sv": "tom; skriv tjänstens id från scenariot",
        "en": "empty; write the service's id from the scenario",
    },
    "problem_unknown_centre": {
        "fi": "tuntematon keskus ”{value}”; käytä jotakin näistä: {known}",
        "sv": "okänd jourcentral ”{value}”; använd en av: {known}",
        "en": "unknown centre '{value}'; use one of: {known}",
    },
    "problem_unknown_service": {
        "fi": "tuntematon palvelu ”{value}”; käytä jotakin näistä: {known}",
        "sv": "okänd tjänst ”{value}”; använd en av: {known}",
        "en": "unknown service '{value}'; use one of: {known}",
    },
    "problem_not_weekday": {
        "fi": "”{value}” ei ole viikonpäivä; kirjoita maanantai…sunnuntai tai ma…su",
        "sv": "”{value}” är inte en veckodag; skriv måndag…söndag eller må…sö",
        "en": "'{value}' is not a weekday; write monday…sunday or mon…sun",
    },
    "problem_not_time": {
        "fi": "”{value}” ei ole kellonaika; kirjoita HH:MM tai H.MM, esim. 16:00 tai 16.00",
        "sv": "”{value}” är inte ett klockslag; skriv HH:MM eller H.MM, t.ex. 16:00 eller 16.00",
        "en": "'{value}' is not a time; write HH:MM or H.MM, e.g. 16:00 or 16.00",
    },
    "problem_not_time_of_day": {
        "fi": "”{value}” ei ole vuorokauden aika; käytä 00:00…23:59 tai 24:00",
        "sv": "”{value}” är inte en tid på dygnet; använd 00:00…23:59 eller 24:00",
        "en": "'{value}' is not a time of day; use 00:00…23:59 or 24:00",
    },
    "problem_number_not_time": {
        "fi": "luku {value} ei ole kellonaika; muotoile sarake ajaksi tai tekstiksi ja kirjoita "
        "HH:MM tai H.MM, esim. 16:30 tai 16.30",
        "sv": "talet {value} är inte ett klockslag; formatera kolumnen som tid eller text och "
        "skriv HH:MM eller H.MM, t.ex. 16:30 eller 16.30",
        "en": "the number {value} is not a time; format the column as time or text and write "
        "HH:MM or H.MM, e.g. 16:30 or 16.30",
    },
    "problem_time_cell": {
        "fi": "aikasolu {value} ei ole vuorokauden aika 00:00…24:00 kokonaisina minuutteina; "
        "kirjoita HH:MM",
        "sv": "tidscellen {value} är inte en tid på dygnet 00:00…24:00 i hela minuter; skriv HH:MM",
        "en": "the time cell {value} is not a time of day 00:00…24:00 in whole minutes; write "
        "HH:MM",
    },
    "problem_start_at_24": {
        "fi": "24:00 päättää vuorokauden; keskiyöllä alkava vuoro alkaa 00:00",
        "sv": "24:00 avslutar dygnet; ett pass som börjar vid midnatt börjar 00:00",
        "en": "24:00 ends a day; a shift starting at midnight starts at 00:00",
    },
    "problem_responders": {
        "fi": "”{value}” ei ole kokonaisluku 1–{most}; kirjoita päivystäjien määrä tai jätä "
        "tyhjäksi, jolloin se on 1",
        "sv": "”{value}” är inte ett heltal 1–{most}; skriv antalet jourhavande eller lämna tomt "
        "för 1",
        "en": "'{value}' is not a whole number from 1 to {most}; write the number of responders, "
        "or leave it empty for 1",
    },
    "problem_date_with_time": {
        "fi": "{value}: päivämäärässä on kellonaika; kirjoita pelkkä päivämäärä, esim. 1.10.2026",
        "sv": "{value}: datumet har ett klockslag; skriv bara datumet, t.ex. 1.10.2026",
        "en": "{value} has a time of day; write only the date, e.g. 1.10.2026",
    },
    "problem_date_years": {
        "fi": "{value} ei ole vuosina {first}–{last}, joita suunnitelma kattaa",
        "sv": "{value} ligger inte under åren {first}–{last} som en plan omfattar",
        "en": "{value} is not in the years {first}–{last} a plan covers",
    },
    "problem_no_such_date": {
        "fi": "päivämäärää ”{value}” ei ole; tarkista päivä ja kuukausi",
        "sv": "datumet ”{value}” finns inte; kontrollera dag och månad",
        "en": "'{value}' is no such date; check the day and month",
    },
    "problem_not_date": {
        "fi": "”{value}” ei ole päivämäärä; kirjoita p.k.vvvv tai VVVV-KK-PP, esim. 1.10.2026",
        "sv": "”{value}” är inte ett datum; skriv d.m.åååå eller ÅÅÅÅ-MM-DD, t.ex. 1.10.2026",
        "en": "'{value}' is not a date; write YYYY-MM-DD or d.m.yyyy, e.g. 1.10.2026",
    },
    "problem_not_moment": {
        "fi": "”{value}” ei ole päivämäärä ja kellonaika; kirjoita paikallinen aika 24.12.2026 "
        "16.00 tai ISO-muodossa aikavyöhykkeen kanssa 2026-12-24T16:00:00+02:00",
        "sv": "”{value}” är inte datum och klockslag; skriv lokal tid 24.12.2026 16.00 eller ISO "
        "med tidszon 2026-12-24T16:00:00+02:00",
        "en": "'{value}' is not a date and time; write local time 2026-12-24 16:00 or 24.12.2026 "
        "16.00, or ISO with the offset 2026-12-24T16:00:00+02:00",
    },
    "problem_not_kind": {
        "fi": "”{value}” ei ole päivätyn vuoron laji; kirjoita jokin näistä: {kinds}",
        "sv": "”{value}” är inte en typ av daterat pass; skriv en av: {kinds}",
        "en": "'{value}' is not a kind of dated duty; write one of {kinds}",
    },
    "problem_until_before_from": {
        "fi": "{until} on ennen alkupäivää {since}; vuoro lakkaa olemasta voimassa vasta alettuaan",
        "sv": "{until} ligger före startdagen {since}; ett pass upphör att gälla först efter att "
        "det börjat",
        "en": "{until} is before valid_from {since}; a shift ends after it starts to be valid",
    },
    "problem_end_not_after_start": {
        "fi": "loppu {end} ei ole alun {start} jälkeen vuorokauden sisällä; päivätty vuoro "
        "päättyy alkunsa jälkeen ja kestää enintään 24 tuntia",
        "sv": "slutet {end} ligger inte efter början {start} inom ett dygn; ett daterat pass "
        "slutar efter att det börjat och varar högst 24 timmar",
        "en": "{end} is not after the start {start} within a day; a dated duty ends after it "
        "starts and lasts at most 24 hours",
    },
    "problem_same_shift": {
        "fi": "sama vuoro kuin rivillä {first}; poista toinen tai kirjoita molempien päivystäjät "
        "yhdelle riville",
        "sv": "samma pass som på rad {first}; ta bort den ena eller skriv bådas jourhavande på en "
        "rad",
        "en": "the same shift as row {first}; delete one, or write the responders of both in one "
        "row",
    },
    "problem_no_shifts": {
        "fi": "tiedostossa ei ole vakiovuoroja, vain otsikkorivi; anna kalenteri",
        "sv": "filen har inga veckopass, bara rubrikraden; ge kalendern",
        "en": "holds no standing shifts, only the header; give the calendar",
    },
    "qr_alt": {
        "fi": "QR-koodi: tilauslinkki puhelimen kalenteriin",
        "sv": "QR-kod: prenumerationslänken till telefonens kalender",
        "en": "QR code: the subscribe link for a phone's calendar",
    },
    "not_your_page": {
        "fi": "Sivu ”{page}” ei kuulu roolisi sivuihin.",
        "sv": "Sidan ”{page}” hör inte till din rolls sidor.",
        "en": "The page “{page}” is not one of your role's pages.",
    },
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
    "network": {"fi": "Verkosto", "sv": "Nätverk", "en": "Network"},
    "network_version": {
        "fi": "{name} — kalenteriversiosta {version} ({date})",
        "sv": "{name} — från kalenderversion {version} ({date})",
        "en": "{name} — from calendar version {version} ({date})",
    },
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
        "fi": "Paras tähän asti löydetty suunnitelma on enintään {gap} parhaasta mahdollisesta.",
        "sv": "Den bästa planen hittills ligger högst {gap} från den bästa möjliga.",
        "en": "The best plan found so far is within {gap} of the best possible.",
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
        "fi": "{quarter}: kaikki pakolliset säännöt R1–R7 täyttyvät; riippumaton tarkistin on "
        "käynyt läpi jokaisen päivätyn vuoron.",
        "sv": "{quarter}: alla obligatoriska regler R1–R7 uppfylls; den oberoende kontrollen har "
        "gått igenom varje daterat pass.",
        "en": "{quarter}: every hard rule R1–R7 holds; the independent validator checked every "
        "dated shift.",
    },
    "infeasible": {
        "fi": "{quarter}: kaikkia pakollisia sääntöjä ei saatu täytettyä — rikkoutuvat: {rules}. "
        "Paras mahdollinen suunnitelma ja aukot alla.",
        "sv": "{quarter}: alla obligatoriska regler kunde inte uppfyllas — brott mot: {rules}. "
        "Den bästa möjliga planen och luckorna nedan.",
        "en": "{quarter}: not every hard rule could be met — broken: {rules}. The best plan "
        "possible and its gaps are below.",
    },
    "answers_title": {
        "fi": "Vastatut yhteydenotot",
        "sv": "Besvarade kontakter",
        "en": "Answered contacts",
    },
    "answers_help": {
        "fi": "Odotetut vastatut yhteydenotot vuosineljänneksellä jonomallin (Erlang-A) mukaan "
        "ja vastausosuus tarjotuista; muutos verrattuna {reference}.",
        "sv": "Förväntade besvarade kontakter under kvartalet enligt kömodellen (Erlang-A) och "
        "andelen besvarade av de erbjudna; förändring jämfört med {reference}.",
        "en": "Contacts expected to be answered over the quarter by the queueing model "
        "(Erlang-A) and the share of those offered; change against {reference}.",
    },
    "reference_baseline": {
        "fi": "voimassa olevaan kalenteriin samalla neljänneksellä",
        "sv": "den gällande kalendern under samma kvartal",
        "en": "the calendar in force over the same quarter",
    },
    "reference_flat": {
        "fi": "tasaiseen kalenteriin samoilla päivystäjätunneilla (ensimmäinen suunnitelma)",
        "sv": "en jämn kalender med samma jourtimmar (den första planen)",
        "en": "a flat calendar of the same responder-hours (a first plan)",
    },
    "answer_rate": {
        "fi": "vastausosuus {rate}",
        "sv": "andel besvarade {rate}",
        "en": "answer rate {rate}",
    },
    "answers_total": {
        "fi": "Yhteensä {answered} vastattua {offered} tarjotusta ({rate}); muutos {change} "
        "viikossa ({gain}).",
        "sv": "Totalt {answered} besvarade av {offered} erbjudna ({rate}); förändring {change} "
        "per vecka ({gain}).",
        "en": "In all {answered} answered of {offered} offered ({rate}); change {change} a week "
        "({gain}).",
    },
    "answers_loss": {
        "fi": "Suunnitelma vastaa vähemmän kuin vertailukalenteri: {change} yhteydenottoa "
        "viikossa.",
        "sv": "Planen besvarar färre än jämförelsekalendern: {change} kontakter per vecka.",
        "en": "The plan answers fewer than the reference calendar: {change} contacts a week.",
    },
    "plan_assumptions_title": {
        "fi": "Vahvistamattomat oletukset ({count})",
        "sv": "Obekräftade antaganden ({count})",
        "en": "Unconfirmed assumptions ({count})",
    },
    "plan_assumptions_help": {
        "fi": "Arvoja, joita lähdeaineisto ei kerro; ne on valittu uskottaviksi, ja ne "
        "vahvistetaan Verkosto-sivulla. Huomautukset ovat verkostotiedostosta.",
        "sv": "Värden som källmaterialet inte anger; de är valda som rimliga och bekräftas på "
        "sidan Nätverket. Anmärkningarna kommer från nätverksfilen.",
        "en": "Values the sources do not give, chosen as plausible, confirmed on the Network "
        "page. The notes are the network file's.",
    },
    "solver_title": {
        "fi": "Ratkaisijan luvut",
        "sv": "Lösarens siffror",
        "en": "The solver's figures",
    },
    "solver_proven": {
        "fi": "Suunnitelma on todistetusti enintään {gap} parhaasta mahdollisesta.",
        "sv": "Planen ligger bevisligen högst {gap} från den bästa möjliga.",
        "en": "The plan is proven within {gap} of the best possible plan.",
    },
    "solver_best": {
        "fi": "Suunnitelma on todistetusti paras mahdollinen.",
        "sv": "Planen är bevisligen den bästa möjliga.",
        "en": "The plan is proven the best possible.",
    },
    "solver_timed_out": {
        "fi": "Aikaraja täyttyi: suunnitelma on paras löydetty, enintään {gap} parhaasta "
        "mahdollisesta.",
        "sv": "Tidsgränsen nåddes: planen är den bästa som hittades, högst {gap} från den bästa "
        "möjliga.",
        "en": "The time limit ran out: the plan is the best found, within {gap} of the best "
        "possible.",
    },
    "solver_none": {
        "fi": "Ratkaisija ei löytänyt suunnitelmaa aikarajassa.",
        "sv": "Lösaren hittade ingen plan inom tidsgränsen.",
        "en": "The solver found no plan within the time limit.",
    },
    "solver_size": {
        "fi": "Laskenta kesti {seconds} s. Mallissa oli {variables} muuttujaa ja {constraints} "
        "ehtoa; tavoitearvo {objective} ja todistettu raja {bound} (pienempi on parempi, ja "
        "niiden ero on yllä mainittu etäisyys parhaasta).",
        "sv": "Beräkningen tog {seconds} s. Modellen hade {variables} variabler och "
        "{constraints} villkor; målvärde {objective} och bevisad gräns {bound} (lägre är "
        "bättre; skillnaden mellan dem är avståndet ovan).",
        "en": "The solve took {seconds} s. The model had {variables} variables and "
        "{constraints} constraints; objective {objective} against a proven bound {bound} "
        "(lower is better; the distance between them is the one stated above).",
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
    # closures (issue 18)
    "page_closures": {"fi": "Lomasulut", "sv": "Semesterstängningar", "en": "Closures"},
    "closure_title": {"fi": "Suljetut ajat", "sv": "Stängda perioder", "en": "Closures"},
    "closure_help": {
        "fi": "Kirjaa suunniteltu sulku (esimerkiksi kesäloma). Ennen lähettämistä näet, mitä se "
        "tekee yhdessä kaikkien jo tiedossa olevien sulkujen kanssa. Sulku voi alkaa aikaisintaan "
        "{date} ({months} kuukauden ilmoitusaika).",
        "sv": "Anmäl en planerad stängning (till exempel sommarsemestern). Innan du skickar den "
        "ser du vad den gör tillsammans med alla stängningar som redan är kända. Den kan börja "
        "tidigast {date} ({months} månaders varsel).",
        "en": "Enter a planned closure (your summer vacation, say). Before you submit it you see "
        "what it does together with every closure already known. It may begin on {date} at the "
        "earliest ({months} months' notice).",
    },
    "closure_first": {
        "fi": "Ensimmäinen suljettu päivä",
        "sv": "Första stängda dagen",
        "en": "First closed day",
    },
    "closure_last": {
        "fi": "Viimeinen suljettu päivä",
        "sv": "Sista stängda dagen",
        "en": "Last closed day",
    },
    "closure_order": {
        "fi": "Viimeinen päivä on ennen ensimmäistä; vaihda päivät keskenään.",
        "sv": "Sista dagen är före den första; byt plats på dagarna.",
        "en": "The last day is before the first; swap the dates.",
    },
    "closure_too_long": {
        "fi": "Sulku kestää enintään {days} päivää; pidempi poissaolo on "
        "päivystyssopimuksen muutos.",
        "sv": "En stängning varar högst {days} dagar; en längre frånvaro är en ändring av "
        "jouravtalet.",
        "en": "A closure lasts at most {days} days; a longer absence is a change of the duty "
        "agreement.",
    },
    "closure_too_soon": {
        "fi": "Liian pian: sulku voi alkaa aikaisintaan {date}.",
        "sv": "För tidigt: stängningen kan börja tidigast {date}.",
        "en": "Too soon: a closure may begin on {date} at the earliest.",
    },
    "closure_gap_free": {
        "fi": "Ei aukkoja: kaikki palvelut pysyvät miehitettyinä {first}–{last}, kun mukana ovat "
        "kaikki tiedossa olevat sulut.",
        "sv": "Inga luckor: alla tjänster förblir bemannade {first}–{last} med alla kända "
        "stängningar.",
        "en": "No gap: every service stays staffed {first}–{last} with every closure known.",
    },
    "closure_gap": {
        "fi": "**{service}** jäisi ilman päivystäjää {hours} h:",
        "sv": "**{service}** skulle stå utan jourhavande {hours} h:",
        "en": "**{service}** would go uncovered for {hours} h:",
    },
    "closure_because": {
        "fi": "koska myös {names} on suljettu",
        "sv": "eftersom även {names} är stängd",
        "en": "because {names} is closed too",
    },
    "closure_substitutes": {
        "fi": "**{service}**: {hours} h on päivättyjen sijaisvuorojen varassa.",
        "sv": "**{service}**: {hours} h vilar på daterade ersättningspass.",
        "en": "**{service}**: {hours} h rely on dated substitutes.",
    },
    "closure_others": {
        "fi": "Muut keskukset suljettuina samaan aikaan:",
        "sv": "Andra jourcentraler stängda samtidigt:",
        "en": "Other centres closed at that time:",
    },
    "closure_alternatives": {
        "fi": "Lähimmät päivät, joilla aukkoa ei synny:",
        "sv": "Närmaste datum utan lucka:",
        "en": "Nearest dates without a gap:",
    },
    "closure_no_alternative": {
        "fi": "Kolmen kuukauden sisältä ei löytynyt saman pituista aukotonta jaksoa.",
        "sv": "Inom tre månader finns ingen lika lång period utan lucka.",
        "en": "No period of the same length without a gap within three months.",
    },
    "closure_file": {"fi": "Lähetä sulku", "sv": "Skicka stängningen", "en": "Submit closure"},
    "closure_reason_needed": {
        "fi": "Kirjoita sulun syy.",
        "sv": "Skriv orsaken till stängningen.",
        "en": "Write the reason for the closure.",
    },
    "closure_filed": {
        "fi": "Sulku {id} lähetetty; koordinaattori päättää siitä.",
        "sv": "Stängning {id} skickad; koordinatorn beslutar om den.",
        "en": "Closure {id} submitted; the coordinator decides.",
    },
    "closure_own": {
        "fi": "Keskuksen sulut",
        "sv": "Jourcentralens stängningar",
        "en": "Your closures",
    },
    "closure_none": {
        "fi": "Ei kirjattuja sulkuja.",
        "sv": "Inga anmälda stängningar.",
        "en": "No closures filed.",
    },
    "closure_from": {"fi": "Alkaa", "sv": "Från", "en": "From"},
    "closure_to": {"fi": "Päättyy", "sv": "Till", "en": "To"},
    "closure_status_pending": {"fi": "odottaa", "sv": "väntar", "en": "pending"},
    "closure_status_approved": {"fi": "hyväksytty", "sv": "godkänd", "en": "approved"},
    "closure_status_returned": {"fi": "palautettu", "sv": "returnerad", "en": "returned"},
    "closure_status_network": {
        "fi": "verkoston tiedoissa",
        "sv": "i nätverkets uppgifter",
        "en": "in the network file",
    },
    "closure_status_asked": {"fi": "tämä sulku", "sv": "denna stängning", "en": "this closure"},
    "season_title": {
        "fi": "Kauden sulut palveluittain",
        "sv": "Säsongens stängningar per tjänst",
        "en": "The season's closures by service",
    },
    "season_help": {
        "fi": "Jokainen palkki on keskuksen sulku; punainen rivi näyttää ajat, jolloin "
        "palvelu jäisi ilman päivystäjää kaikkien näiden sulkujen kanssa.",
        "sv": "Varje stapel är en jourcentrals stängning; den röda raden visar när tjänsten skulle "
        "stå utan jourhavande med alla dessa stängningar.",
        "en": "Each bar is a centre's closure; the red row shows when the service would go "
        "uncovered with all of these closures.",
    },
    "season_first": {"fi": "Kausi alkaa", "sv": "Säsongen börjar", "en": "Season begins"},
    "season_last": {"fi": "Kausi päättyy", "sv": "Säsongen slutar", "en": "Season ends"},
    "season_gap_row": {"fi": "Aukko", "sv": "Lucka", "en": "Gap"},
    "season_no_closures": {
        "fi": "Ei sulkuja tällä palvelulla kauden aikana.",
        "sv": "Inga stängningar för denna tjänst under säsongen.",
        "en": "No closures for this service in the season.",
    },
    "season_as_text": {"fi": "Tekstinä", "sv": "Som text", "en": "As text"},
    "season_gaps": {
        "fi": "Aukkoja {hours} h: {spans}",
        "sv": "Luckor {hours} h: {spans}",
        "en": "Gaps of {hours} h: {spans}",
    },
    "season_no_gaps": {
        "fi": "Ei aukkoja näiden sulkujen kanssa.",
        "sv": "Inga luckor med dessa stängningar.",
        "en": "No gaps with these closures.",
    },
    "closures_to_decide": {
        "fi": "Päätettävät sulut",
        "sv": "Stängningar att besluta om",
        "en": "Closures to decide",
    },
    "closures_none_pending": {
        "fi": "Ei päätettäviä sulkuja.",
        "sv": "Inga stängningar att besluta om.",
        "en": "No closures to decide.",
    },
    "closure_decision_note": {
        "fi": "Perustelu keskukselle (palautettaessa pakollinen)",
        "sv": "Motivering till jourcentralen (krävs vid retur)",
        "en": "Note to the centre (needed to return)",
    },
    "closure_approve": {"fi": "Hyväksy", "sv": "Godkänn", "en": "Approve"},
    "closure_return": {"fi": "Palauta", "sv": "Returnera", "en": "Return"},
    "closure_approved": {
        "fi": "Sulku {id} hyväksytty: kalenteriversion {version} verkostotiedoissa se on mukana.",
        "sv": "Stängning {id} godkänd: kalenderversion {version} har den i sina nätverksuppgifter.",
        "en": "Closure {id} approved: calendar version {version} has it in its network.",
    },
    "closure_returned": {
        "fi": "Sulku {id} palautettu keskukselle.",
        "sv": "Stängning {id} returnerad till jourcentralen.",
        "en": "Closure {id} returned to the centre.",
    },
    "closure_return_needs_note": {
        "fi": "Kirjoita palautuksen perustelu keskukselle.",
        "sv": "Skriv motiveringen för returen till jourcentralen.",
        "en": "Write the centre why the closure comes back.",
    },
    # the network page (issue 18)
    "page_network": {"fi": "Verkosto", "sv": "Nätverket", "en": "Network"},
    "network_intro": {
        "fi": "Voimassa olevan kalenterin (versio {version}) verkosto: keskukset, palvelut, "
        "juhlapyhien päivystysryhmä ja säännöt.",
        "sv": "Nätverket för kalendern i kraft (version {version}): jourcentraler, tjänster, "
        "helgjourgruppen och reglerna.",
        "en": "The network of the calendar in force (version {version}): centres, services, "
        "the holiday-duty group and the rules.",
    },
    "network_centres": {"fi": "Keskukset", "sv": "Jourcentraler", "en": "Centres"},
    "network_services": {
        "fi": "Palvelut ja aukioloajat",
        "sv": "Tjänster och öppettider",
        "en": "Services and their hours",
    },
    "network_group": {
        "fi": "Juhlapyhien ja viikonloppujen iltapäivystysryhmä",
        "sv": "Kvällsjourgruppen för helger och veckoslut",
        "en": "Holiday and weekend evening duty group",
    },
    "network_rules": {"fi": "Säännöt", "sv": "Regler", "en": "Rules"},
    "col_languages": {"fi": "Kielitaito", "sv": "Språkkunskaper", "en": "Language skills"},
    "col_services": {
        "fi": "Tarjotut palvelut",
        "sv": "Tjänster som erbjuds",
        "en": "Services offered",
    },
    "col_lines": {"fi": "Linjat", "sv": "Linjer", "en": "Lines"},
    "col_weekly_hours": {"fi": "Tunnit viikossa", "sv": "Timmar i veckan", "en": "Hours a week"},
    "col_availability": {"fi": "Käytettävissä", "sv": "Tillgänglig", "en": "Available"},
    "col_holidays": {"fi": "Pyhinä auki", "sv": "Öppen på helgdagar", "en": "Open on holidays"},
    "col_closed": {"fi": "Suljettu", "sv": "Stängd", "en": "Closed"},
    "col_channel": {"fi": "Kanava", "sv": "Kanal", "en": "Channel"},
    "col_language": {"fi": "Kieli", "sv": "Språk", "en": "Language"},
    "col_hours": {"fi": "Aukioloajat", "sv": "Öppettider", "en": "Opening hours"},
    "col_min_responders": {
        "fi": "Päivystäjiä vähintään",
        "sv": "Minst jourhavande",
        "en": "Responders at least",
    },
    "yes": {"fi": "kyllä", "sv": "ja", "en": "yes"},
    "no": {"fi": "ei", "sv": "nej", "en": "no"},
    "around_the_clock": {
        "fi": "ympäri vuorokauden",
        "sv": "dygnet runt",
        "en": "around the clock",
    },
    "channel_phone": {"fi": "puhelin", "sv": "telefon", "en": "phone"},
    "channel_chat": {"fi": "chat", "sv": "chatt", "en": "chat"},
    "rule_lengths": {
        "fi": "Vuoron pituus {min}–{max} h",
        "sv": "Passets längd {min}–{max} h",
        "en": "Shift length {min}–{max} h",
    },
    "rule_notice_months": {
        "fi": "Muutosten ilmoitusaika {months} kuukautta",
        "sv": "Varsel för ändringar {months} månader",
        "en": "Notice for changes {months} months",
    },
    "rule_evening": {
        "fi": "Ilta-aika {start}–{end}",
        "sv": "Kvällstid {start}–{end}",
        "en": "Evening {start}–{end}",
    },
    "rule_finnish": {
        "fi": "Aina miehitetty linja: {name}",
        "sv": "Alltid bemannad linje: {name}",
        "en": "Line staffed at all times: {name}",
    },
    "assumptions_title": {
        "fi": "Vahvistamattomat oletukset",
        "sv": "Obekräftade antaganden",
        "en": "Unconfirmed assumptions",
    },
    "assumptions_help": {
        "fi": "{open}/{total} verkostotiedoston oletukseksi merkitystä arvosta on vahvistamatta. "
        "Arvo pysyy listalla, kunnes se vahvistetaan tässä sellaisena kuin se on kirjoitettu.",
        "sv": "{open} av {total} värden som nätverksfilen märker som antaganden är obekräftade. "
        "Ett värde står kvar tills det bekräftas här så som det är skrivet.",
        "en": "{open} of {total} values the network file marks as assumptions are unconfirmed. "
        "A value stays listed until it is confirmed here as it is written.",
    },
    "assumptions_none": {
        "fi": "Kaikki oletukset on vahvistettu.",
        "sv": "Alla antaganden är bekräftade.",
        "en": "Every assumption is confirmed.",
    },
    "col_owner": {"fi": "Kohde", "sv": "Gäller", "en": "Belongs to"},
    "col_field": {"fi": "Tieto", "sv": "Uppgift", "en": "Field"},
    "col_value": {"fi": "Arvo", "sv": "Värde", "en": "Value"},
    "col_note": {"fi": "Huomautus", "sv": "Anmärkning", "en": "Note"},
    "assumption_pick": {
        "fi": "Vahvistettava arvo",
        "sv": "Värde att bekräfta",
        "en": "Value to confirm",
    },
    "assumption_confirm": {"fi": "Vahvista", "sv": "Bekräfta", "en": "Confirm"},
    "assumption_confirmed": {
        "fi": "Vahvistettu: {what}",
        "sv": "Bekräftat: {what}",
        "en": "Confirmed: {what}",
    },
    "network_export": {
        "fi": "Lataa verkosto (YAML)",
        "sv": "Ladda ner nätverket (YAML)",
        "en": "Download the network (YAML)",
    },
    "network_import_title": {
        "fi": "Tuo verkosto uutena versiona",
        "sv": "Importera nätverket som ny version",
        "en": "Import a network as a new version",
    },
    "network_import_file": {
        "fi": "Skenaariotiedosto (YAML)",
        "sv": "Scenariofil (YAML)",
        "en": "Scenario file (YAML)",
    },
    "network_import_problems": {
        "fi": "Tiedostoa ei voi tuoda:",
        "sv": "Filen kan inte importeras:",
        "en": "The file cannot be imported:",
    },
    "network_import_same": {
        "fi": "Tiedosto on sama kuin voimassa oleva verkosto.",
        "sv": "Filen är densamma som nätverket i kraft.",
        "en": "The file is the network in force already.",
    },
    "network_import_changes": {
        "fi": "Muutokset voimassa olevaan verkostoon:",
        "sv": "Ändringar mot nätverket i kraft:",
        "en": "Changes to the network in force:",
    },
    "network_centres_added": {
        "fi": "Uudet keskukset: {names}",
        "sv": "Nya jourcentraler: {names}",
        "en": "Centres added: {names}",
    },
    "network_centres_removed": {
        "fi": "Poistuvat keskukset: {names}",
        "sv": "Borttagna jourcentraler: {names}",
        "en": "Centres removed: {names}",
    },
    "network_services_added": {
        "fi": "Uudet palvelut: {names}",
        "sv": "Nya tjänster: {names}",
        "en": "Services added: {names}",
    },
    "network_services_removed": {
        "fi": "Poistuvat palvelut: {names}",
        "sv": "Borttagna tjänster: {names}",
        "en": "Services removed: {names}",
    },
    "network_import_button": {
        "fi": "Tuo uutena versiona",
        "sv": "Importera som ny version",
        "en": "Import as a new version",
    },
    "network_imported": {
        "fi": "Tuotu: kalenteriversio {version} on tämän verkoston alainen.",
        "sv": "Importerat: kalenderversion {version} gäller under detta nätverk.",
        "en": "Imported: calendar version {version} is under this network.",
    },
    # the duty agreement (issue 18)
    "agreement_title": {"fi": "Päivystyssopimus", "sv": "Jouravtalet", "en": "Duty agreement"},
    "agreement_help": {
        "fi": "Keskuksen sopimus sellaisena kuin voimassa oleva verkosto (kalenteriversio "
        "{version}) sen tuntee. Muutosta ehdotetaan päivästä alkaen; vaikutus näkyy ennen "
        "lähettämistä, ja koordinaattori päättää.",
        "sv": "Jourcentralens avtal så som nätverket i kraft (kalenderversion {version}) har "
        "det. En ändring föreslås från ett datum; verkan syns innan du skickar, och "
        "koordinatorn beslutar.",
        "en": "The centre's agreement as the network in force (calendar version {version}) has "
        "it. A change is proposed from a date; its impact shows before you submit, and the "
        "coordinator decides.",
    },
    "col_term": {"fi": "Ehto", "sv": "Villkor", "en": "Term"},
    "col_now": {"fi": "Nyt", "sv": "Nu", "en": "Now"},
    "col_proposed": {"fi": "Ehdotettu", "sv": "Föreslaget", "en": "Proposed"},
    "term_availability": {"fi": "Käytettävissä", "sv": "Tillgänglig", "en": "Available"},
    "term_weekly_hours": {
        "fi": "Sitoumus tunteina viikossa",
        "sv": "Åtagande i timmar per vecka",
        "en": "Commitment in hours a week",
    },
    "term_lines": {
        "fi": "Linjat palveluittain",
        "sv": "Linjer per tjänst",
        "en": "Lines by service",
    },
    "term_languages": {"fi": "Kielitaito", "sv": "Språkkunskaper", "en": "Language skills"},
    "term_services": {
        "fi": "Tarjotut palvelut",
        "sv": "Tjänster som erbjuds",
        "en": "Services offered",
    },
    "term_debrief": {"fi": "Purkuajat", "sv": "Avlastningstider", "en": "Debrief hours"},
    "agreement_weekly_min": {
        "fi": "Tunteja viikossa vähintään",
        "sv": "Minst timmar per vecka",
        "en": "Hours a week at least",
    },
    "agreement_weekly_max": {
        "fi": "Tunteja viikossa enintään",
        "sv": "Högst timmar per vecka",
        "en": "Hours a week at most",
    },
    "agreement_lines_of": {
        "fi": "Linjoja: {service}",
        "sv": "Linjer: {service}",
        "en": "Lines: {service}",
    },
    "agreement_effective": {"fi": "Voimaan alkaen", "sv": "Gäller från", "en": "In force from"},
    "agreement_no_change": {
        "fi": "Muuta jotakin ehtoa nähdäksesi vaikutuksen.",
        "sv": "Ändra ett villkor för att se verkan.",
        "en": "Change a term to see its impact.",
    },
    "agreement_impossible": {
        "fi": "Muutos tekisi nämä säännöt mahdottomiksi täyttää:",
        "sv": "Ändringen skulle göra dessa regler omöjliga att uppfylla:",
        "en": "The change would make these rules impossible to meet:",
    },
    "impossible_hours": {
        "fi": "{rule}: {service} {day} {start}–{end} tarvitsee {needed}, linjoja olisi enintään "
        "{possible}",
        "sv": "{rule}: {service} {day} {start}–{end} behöver {needed}, högst {possible} linjer "
        "skulle finnas",
        "en": "{rule}: {service} {day} {start}–{end} needs {needed}, at most {possible} lines "
        "would be there",
    },
    "impossible_weekly": {
        "fi": "R4: sitoumus {needed} h viikossa, käytettävissä enintään {possible} h",
        "sv": "R4: åtagande {needed} h i veckan, högst {possible} h tillgängliga",
        "en": "R4: a commitment of {needed} h a week, at most {possible} h available",
    },
    "agreement_broken": {
        "fi": "Voimassa olevat vakiovuorot, joita muutos ei enää sallisi:",
        "sv": "Gällande stående pass som ändringen inte längre skulle tillåta:",
        "en": "Standing shifts in force the change would no longer allow:",
    },
    "agreement_fine": {
        "fi": "Mikään sääntö ei muutu mahdottomaksi eikä mikään vakiovuoro rikkoudu.",
        "sv": "Ingen regel blir omöjlig och inget stående pass bryts.",
        "en": "No rule becomes impossible and no standing shift breaks.",
    },
    "agreement_submit": {
        "fi": "Lähetä sopimusmuutos",
        "sv": "Skicka avtalsändringen",
        "en": "Submit the agreement change",
    },
    "agreement_reason_needed": {
        "fi": "Kirjoita muutoksen perustelu.",
        "sv": "Skriv motiveringen för ändringen.",
        "en": "Write why the agreement changes.",
    },
    "agreement_filed": {
        "fi": "Sopimusmuutos {id} lähetetty; koordinaattori päättää siitä.",
        "sv": "Avtalsändring {id} skickad; koordinatorn beslutar om den.",
        "en": "Agreement change {id} submitted; the coordinator decides.",
    },
    "agreement_own": {
        "fi": "Keskuksen sopimusmuutokset",
        "sv": "Jourcentralens avtalsändringar",
        "en": "The centre's agreement changes",
    },
    "agreements_to_decide": {
        "fi": "Päätettävät sopimusmuutokset",
        "sv": "Avtalsändringar att besluta om",
        "en": "Agreement changes to decide",
    },
    "agreements_none_pending": {
        "fi": "Ei päätettäviä sopimusmuutoksia.",
        "sv": "Inga avtalsändringar att besluta om.",
        "en": "No agreement changes to decide.",
    },
    "agreement_approved": {
        "fi": "Sopimusmuutos {id} hyväksytty: kalenteriversion {version} verkostossa se on mukana.",
        "sv": "Avtalsändring {id} godkänd: kalenderversion {version} har den i sitt nätverk.",
        "en": "Agreement change {id} approved: calendar version {version} has it in its network.",
    },
    "agreement_returned": {
        "fi": "Sopimusmuutos {id} palautettu keskukselle.",
        "sv": "Avtalsändring {id} returnerad till jourcentralen.",
        "en": "Agreement change {id} returned to the centre.",
    },
    # how a solve ended
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


def signed_percent(share: float, decimals: int = 1, lang: Language | None = None) -> str:
    """A relative change as a percentage with its sign: +0,6 %, −1,2 %."""
    return ("+" if share > 0 else "") + percent(share, decimals, lang)


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
