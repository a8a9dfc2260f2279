//! Interface strings in Swedish and English (`language:` in site.yaml), and
//! the Swedish and English ways of writing dates and sizes.
//!
//! Templates see the strings as `t.<key>`; a theme can use any key here.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::content::settings::Language;
use crate::model::vocabulary::{CaseStatus, Channel, Decision, Kind, MeetingStatus};

/// (key, Swedish, English)
const STRINGS: &[(&str, &str, &str)] = &[
    ("notice_board", "Anslagstavla", "Notice board"),
    ("notice_board_intro", "Kommunens digitala anslagstavla: tillkännagivanden om justerade protokoll och kungörelser av sammanträden. Tiden för att överklaga ett beslut räknas från dagen då justeringen tillkännagavs här.", "The municipality's digital notice board: notices of certified minutes and of coming meetings. The time to appeal a decision runs from the day its certification was posted here."),
    ("notice_current", "Aktuella tillkännagivanden", "Current notices"),
    ("notice_earlier", "Tidigare tillkännagivanden", "Earlier notices"),
    ("notice_latest", "Senaste tillkännagivanden", "Latest notices"),
    ("notice_of_year", "Tillkännagivanden om sammanträden", "Notices of the meetings of"),
    ("notice_years", "Tillkännagivanden år för år", "Notices year by year"),
    ("notice_none", "Inga tillkännagivanden än.", "No notices yet."),
    ("notice_minutes", "Justerat protokoll", "Certified minutes"),
    ("notice_agenda", "Kungörelse av sammanträde", "Notice of meeting"),
    ("notice_feed", "Atom-flöde med anslagstavlans tillkännagivanden", "Atom feed of the notice board"),
    ("notice_calendar", "Kalender med sista dag att överklaga (iCalendar)", "Calendar of the last days to appeal (iCalendar)"),
    ("follow_notice_board", "Följ anslagstavlan", "Follow the notice board"),
    ("announced", "Anslaget", "Posted"),
    ("agenda_announced", "Kungjort", "Announced"),
    ("minutes_at", "Protokollet finns", "The minutes"),
    ("appeal_until", "Sista dag att överklaga", "Last day to appeal"),
    ("appeal_heading", "Så överklagar du", "How to appeal"),
    ("appeal_who", "Alla som är medlemmar i kommunen kan överklaga beslutet genom laglighetsprövning enligt 13 kap. kommunallagen. Domstolen prövar då bara om beslutet har kommit till på lagligt sätt, om det hör till kommunens uppgifter, om organet har gått utöver sina befogenheter och om beslutet strider mot lag.", "Anyone who is a member of the municipality may appeal the decision by judicial review (laglighetsprövning, chapter 13 of the Local Government Act). The court then reviews only whether the decision was made lawfully, whether it belongs to the municipality's tasks, whether the body exceeded its powers and whether the decision breaks the law."),
    ("appeal_what", "Skriv vilket beslut du överklagar (organ, datum och paragraf), varför du anser att det är olagligt och vilken ändring du vill ha. Skriv under och ange namn, adress och telefonnummer.", "Write which decision you appeal (body, date and paragraph), why you consider it unlawful and what change you ask for. Sign it and give your name, address and telephone number."),
    ("appeal_where", "Skicka överklagandet till", "Send the appeal to"),
    ("appeal_where_court", "förvaltningsrätten. Vilken förvaltningsrätt kommunen hör till står på domstol.se", "the administrative court. Which court the municipality belongs to is shown on domstol.se"),
    ("appeal_in_time", "Överklagandet ska ha kommit in till domstolen senast sista dagen att överklaga.", "The appeal must reach the court by the last day to appeal at the latest."),
    ("appeal_otherwise", "Vissa beslut, till exempel om bygglov eller bistånd, överklagas i stället genom förvaltningsbesvär enligt en särskild lag. Då står det i beslutet hur du gör.", "Some decisions, such as on building permits or social assistance, are instead appealed under a law of their own (förvaltningsbesvär). The decision then says how."),
    ("appeal_also", "Beslutet kan också överklagas på annat sätt", "The decision can also be appealed otherwise"),
    ("not_appealable", "Beslutet förbereder ett annat beslut och kan inte överklagas genom laglighetsprövning (13 kap. 2 § kommunallagen). Det slutliga beslutet kan överklagas när det har fattats och protokollet har tillkännagetts.", "The decision prepares another and cannot be appealed by judicial review (chapter 13, section 2 of the Local Government Act). The final decision can be appealed once it is made and its minutes announced."),
    ("take_part", "Delta och påverka", "Take part"),
    ("take_part_intro", "Här finns det som är öppet för synpunkter just nu, hur du lämnar förslag till kommunen och när de förtroendevalda sammanträder.", "What is open for comments now, how to make a proposal to the municipality, and when the elected representatives meet."),
    ("consultations", "Remisser och samråd", "Consultations"),
    ("consultations_none", "Inga remisser eller samråd är publicerade just nu.", "No consultations are published at the moment."),
    ("respond_by", "Sista dag att svara", "Last day to respond"),
    ("consultation_read", "Läs mer och svara", "Read more and respond"),
    ("propose", "Lämna förslag", "Make a proposal"),
    ("channels", "Fler sätt att delta", "More ways to take part"),
    ("next_meetings", "Kommande sammanträden", "Coming meetings"),
    ("agenda", "Dagordning", "Agenda"),
    ("next_meetings_none", "Inga kommande sammanträden är publicerade.", "No coming meetings are published."),
    ("webcast_live", "Direktsändning", "Live broadcast"),
    ("webcast_recording", "Inspelning", "Recording"),
    ("kind", "Typ av ärende", "Kind of matter"),
    ("filter_kind", "Typ", "Kind"),
    ("cases_of_kind", "Ärenden av typen", "Cases of the kind"),
    ("still_open", "Öppen", "Open"),
    ("now_closed", "Avslutad", "Closed"),
    ("kind_motion", "Motion", "Motion"),
    ("kind_medborgarforslag", "Medborgarförslag", "Citizens' proposal"),
    ("kind_e-forslag", "E-förslag", "E-petition"),
    ("kind_interpellation", "Interpellation", "Interpellation"),
    ("kind_fraga", "Fråga", "Question"),
    ("kind_remiss", "Remiss", "Consultation"),
    ("kind_initiativ", "Initiativärende", "Member's initiative"),
    ("object_none", "ärendet", "the case"),
    ("object_motion", "motionen", "the motion"),
    ("object_medborgarforslag", "medborgarförslaget", "the citizens' proposal"),
    ("object_e-forslag", "e-förslaget", "the e-petition"),
    ("object_interpellation", "interpellationen", "the interpellation"),
    ("object_fraga", "frågan", "the question"),
    ("object_remiss", "remissen", "the consultation"),
    ("object_initiativ", "initiativärendet", "the member's initiative"),
    ("outcome_proposed", "{body} föreslog beslut i {object} den {date}", "{body} proposed a decision on {object} on {date}"),
    ("outcome_referred", "{body} remitterade {object} den {date}", "{body} referred {object} for consultation on {date}"),
    ("outcome_returned", "{body} återremitterade {object} den {date}", "{body} referred {object} back on {date}"),
    ("outcome_tabled", "{body} bordlade {object} den {date}", "{body} tabled {object} on {date}"),
    ("outcome_approved", "{body} biföll {object} den {date}", "{body} approved {object} on {date}"),
    ("outcome_decided", "{body} beslutade i {object} den {date}", "{body} decided {object} on {date}"),
    ("outcome_rejected", "{body} avslog {object} den {date}", "{body} rejected {object} on {date}"),
    ("outcome_answered", "{body} besvarade {object} den {date}", "{body} answered {object} on {date}"),
    ("outcome_noted", "{body} lade {object} till handlingarna den {date}", "{body} placed {object} on file on {date}"),
    ("outcome_elected", "{body} förrättade valet den {date}", "{body} held the election on {date}"),
    ("outcome_agenda", "{body} ska behandla {object} den {date}", "{body} is to consider {object} on {date}"),
    ("outcome_withdrawn", "Ärendet har återkallats.", "The case was withdrawn."),
    ("outcome", "Utfall", "Outcome"),
    ("glossary", "Ordlista", "Glossary"),
    ("glossary_intro", "Vad orden i protokollen och på den här webbplatsen betyder: vad ett organ kan besluta, hur långt ett ärende har kommit och vilka slags ärenden som finns.", "What the words of the minutes and of this site mean: what a body can decide, how far a case has come and which kinds of matters there are."),
    ("glossary_decisions", "Beslut", "Decisions"),
    ("glossary_statuses", "Ärendets status", "A case's status"),
    ("glossary_meetings", "Sammanträden", "Meetings"),
    ("glossary_kinds", "Typer av ärenden", "Kinds of matters"),
    ("glossary_terms", "Andra ord", "Other words"),
    ("glossary_link", "Vad betyder orden?", "What do the words mean?"),
    ("explain_decision_proposed", "Organet har berett ärendet och lämnar ett förslag till beslut till ett annat organ, oftast kommunfullmäktige. Ärendet är inte avgjort.", "The body has prepared the matter and proposes a decision to another body, usually the council. The case is not decided."),
    ("explain_decision_referred", "Ärendet har skickats till en nämnd, en förvaltning eller någon annan för att beredas eller yttra sig (remiss) innan det beslutas. Ärendet är inte avgjort.", "The matter was sent to a committee, an office or someone else to be prepared or to comment before it is decided. The case is not decided."),
    ("explain_decision_returned", "Organet har skickat tillbaka ärendet för mer beredning i stället för att besluta nu (återremiss). Ärendet kommer tillbaka till ett senare sammanträde.", "The body sent the matter back for more preparation instead of deciding now. The case returns at a later meeting."),
    ("explain_decision_tabled", "Organet har skjutit upp ärendet till ett senare sammanträde utan att skicka det vidare (bordläggning).", "The body postponed the matter to a later meeting without sending it on."),
    ("explain_decision_approved", "Organet har fattat beslut i ärendet och bifallit förslaget, till exempel en motion eller förvaltningens förslag.", "The body decided the matter and approved the proposal, such as a motion or the office's proposal."),
    ("explain_decision_rejected", "Organet har sagt nej till förslaget, till exempel en motion eller ett medborgarförslag (avslag).", "The body said no to the proposal, such as a motion or a citizens' proposal."),
    ("explain_decision_answered", "Organet anser att frågan eller förslaget är besvarat, ofta för att det som föreslogs redan görs eller utreds.", "The body considers the question or proposal answered, often because what was proposed is already being done or studied."),
    ("explain_decision_noted", "Organet har tagit del av informationen eller rapporten utan att fatta något annat beslut (lagt till handlingarna).", "The body took note of the information or report without any other decision."),
    ("explain_decision_elected", "Organet har valt personer till uppdrag, till exempel ledamöter i en nämnd eller justerare av protokollet.", "The body elected people to positions, such as members of a committee or the adjusters of the minutes."),
    ("explain_status_open", "Ärendet är inte avgjort: det bereds, har skickats på remiss eller väntar på beslut i ett annat organ.", "The case is not decided: it is being prepared, was sent for consultation or awaits a decision by another body."),
    ("explain_status_decided", "Det organ som avgör ärendet har fattat sitt beslut. Beslutet kan ändå överklagas under tre veckor efter att protokollet har tillkännagetts.", "The body that settles the case has made its decision. It can still be appealed for three weeks after the minutes were announced."),
    ("explain_status_withdrawn", "Den som väckte ärendet har dragit tillbaka det, eller ärendet har avskrivits, så det avgörs inte.", "Whoever raised the matter withdrew it, or it was written off, so it will not be decided."),
    ("explain_meeting_agenda", "Sammanträdet har kallats men inte hållits. Kallelsen visar vilka ärenden som ska behandlas och förslagen till beslut.", "The meeting has been called but not held. The agenda shows the matters to be treated and the proposed decisions."),
    ("explain_meeting_minutes", "Sammanträdet har hållits och protokollet visar de beslut som fattades. Ett protokoll gäller när det är justerat.", "The meeting has been held and the minutes show the decisions made. Minutes are final once adjusted (certified)."),
    ("explain_kind_motion", "Ett förslag som en eller flera ledamöter i kommunfullmäktige lämnar. Fullmäktige ska besluta om motionen, oftast inom ett år.", "A proposal made by one or more members of the council. The council is to decide on it, usually within a year."),
    ("explain_kind_medborgarforslag", "Ett förslag som någon som bor i kommunen lämnar till kommunfullmäktige.", "A proposal that someone living in the municipality makes to the council."),
    ("explain_kind_e-forslag", "Ett förslag som lämnas och kan få stöd av andra på webben innan det behandlas.", "A proposal made on the web, which others may support before it is treated."),
    ("explain_kind_interpellation", "En fråga som en ledamot ställer till ett kommunalråd eller en ordförande och som besvaras och debatteras i fullmäktige.", "A question a member puts to a leading councillor or a chair, answered and debated in the council."),
    ("explain_kind_fraga", "En enkel fråga från en ledamot som besvaras utan debatt.", "A simple question from a member, answered without debate."),
    ("explain_kind_remiss", "En begäran om att yttra sig över ett förslag, från en myndighet, en annan kommun eller kommunen själv.", "A request to comment on a proposal, from an authority, another municipality or the municipality itself."),
    ("explain_kind_initiativ", "Ett ärende som en ledamot i en nämnd eller styrelse väcker själv.", "A matter that a member of a committee or board raises themselves."),
    ("term_paragraph", "Paragraf (§)", "Paragraph (§)"),
    ("explain_paragraph", "Varje ärende som ett organ behandlar på ett sammanträde får en paragraf i protokollet, numrerad löpande under året: Kf § 63 är kommunfullmäktiges 63:e paragraf det året.", "Each matter a body treats at a meeting gets a paragraph in the minutes, numbered through the year: Kf § 63 is the council's 63rd paragraph that year."),
    ("term_case_number", "Diarienummer", "Case number (diarienummer)"),
    ("explain_case_number", "Ärendets nummer i kommunens diarium, till exempel 2018/71: året ärendet kom in och ett löpnummer. Använd det när du begär ut handlingar.", "The case's number in the municipality's registry, such as 2018/71: the year it arrived and a serial number. Use it when you ask for documents."),
    ("term_adjusted", "Justering", "Adjustment (justering)"),
    ("explain_adjusted", "Två ledamöter läser protokollet och skriver under att det stämmer med vad som beslutades. Först då gäller protokollet.", "Two members read the minutes and sign that they match what was decided. Only then are the minutes final."),
    ("term_announced", "Tillkännagivande", "Announcement"),
    ("explain_announced", "Att protokollet har justerats sätts upp på kommunens anslagstavla. Från den dagen räknas tre veckor då beslutet kan överklagas.", "That the minutes are adjusted is posted on the notice board. From that day, three weeks run in which the decision can be appealed."),
    ("term_appeal", "Laglighetsprövning", "Judicial review (laglighetsprövning)"),
    ("explain_appeal", "Alla som är medlemmar i kommunen kan begära att förvaltningsrätten prövar om ett beslut har fattats på lagligt sätt.", "Anyone who is a member of the municipality can ask the administrative court to review whether a decision was made lawfully."),
    ("term_reservation", "Reservation", "Reservation (dissent)"),
    ("explain_reservation", "En ledamot som har röstat emot beslutet kan reservera sig och slipper då ansvar för beslutet.", "A member who voted against the decision can record a dissent and is then not responsible for it."),
    ("term_proposal", "Yrkande", "Motion from the floor (yrkande)"),
    ("explain_proposal", "Ett förslag till beslut som en ledamot lägger fram under sammanträdet. Ordföranden ställer yrkandena mot varandra.", "A proposal for decision a member makes at the meeting. The chair puts the proposals against each other."),
    ("term_confidential", "Sekretess", "Secrecy"),
    ("explain_confidential", "En paragraf som innehåller uppgifter som skyddas av offentlighets- och sekretesslagen visas bara med sitt nummer.", "A paragraph with details protected by the Public Access to Information and Secrecy Act shows only its number."),
    ("term_public_access", "Allmänna handlingar", "Public documents"),
    ("explain_public_access", "Handlingar som har kommit in till eller upprättats hos kommunen är allmänna. Alla har rätt att läsa dem, utan att säga vem man är eller varför, om de inte omfattas av sekretess (tryckfrihetsförordningen 2 kap.).", "Documents received or drawn up by the municipality are public. Anyone may read them without saying who they are or why, unless they are secret (Freedom of the Press Act, chapter 2)."),
    ("request_document", "Begär ut handlingen", "Ask for the document"),
    ("request_subject", "Begäran om allmän handling", "Request for a public document"),
    ("request_greeting", "Hej!\n\nJag begär att få ta del av följande allmänna handling:", "Hello,\n\nI ask to see the following public document:"),
    ("request_delivery", "Jag vill helst få den som: (e-post / papperskopia)", "I would like it as: (e-mail / paper copy)"),
    ("public_access_line", "Alla har rätt att ta del av allmänna handlingar som inte omfattas av sekretess, utan att säga vem man är eller varför. En handling som inte finns på webben kan du begära ut från kommunen.", "Anyone may see public documents that are not secret, without saying who they are or why. A document that is not on the web can be asked for from the municipality."),
    ("topics", "Ämnen", "Topics"),
    ("topic", "Ämne", "Topic"),
    ("topics_intro", "Ärenden och paragrafer samlade efter ämne. Välj ett ämne för att se allt som har behandlats om det, det senaste först.", "Cases and paragraphs gathered by topic. Choose a topic to see everything treated about it, the latest first."),
    ("topic_items", "ärenden och paragrafer", "cases and paragraphs"),
    ("follow_topic", "Följ ämnet", "Follow the topic"),
    ("follow_topic_feed", "Atom-flöde med de senaste besluten i ämnet", "Atom feed with the topic's latest decisions"),
    ("topic_feed_title", "Beslut om", "Decisions on"),
    ("budget_example_title", "Exempelvärden.", "Example values."),
    ("budget_example", "Budgetens belopp är påhittade och visar bara hur sidan ser ut. De är inte kommunens verkliga budget.", "The budget's amounts are invented and only show how the page looks. They are not the municipality's real budget."),
    ("axis_from", "Obs! Axeln börjar vid {value}, inte vid noll.", "Note: the axis starts at {value}, not at zero."),
    ("kinds_motion", "Motioner", "Motions"),
    ("kinds_medborgarforslag", "Medborgarförslag", "Citizens' proposals"),
    ("kinds_e-forslag", "E-förslag", "E-petitions"),
    ("kinds_interpellation", "Interpellationer", "Interpellations"),
    ("kinds_fraga", "Frågor", "Questions"),
    ("kinds_remiss", "Remisser", "Consultations"),
    ("kinds_initiativ", "Initiativärenden", "Members' initiatives"),
    ("channel_medborgarforslag", "Lämna ett medborgarförslag", "Make a citizens' proposal"),
    ("channel_e-forslag", "Lämna ett e-förslag", "Start an e-petition"),
    ("channel_e-tjanst", "E-tjänster", "E-services"),
    ("channel_sociala-medier", "Sociala medier", "Social media"),
    ("channel_fragestund", "Allmänhetens frågestund", "Public question time"),
    ("channel_annat", "Mer", "More"),
    ("meeting", "sammanträde", "meeting"),
    ("people", "Ledamöter", "Representatives"),
    ("follow_person", "Följ personen", "Follow this person"),
    ("follow_person_feed", "Atom-flöde med vad personen väckt, yrkat, röstat och reserverat sig mot", "Atom feed of what this person raised, moved, voted and reserved against"),
    ("follow_party", "Följ partiet", "Follow this party"),
    ("follow_party_feed", "Atom-flöde med partiets yrkanden och reservationer", "Atom feed of the party's proposals and reservations"),
    ("people_intro", "De förtroendevalda i kommunens organ, efter parti. Varje persons sida visar deras uppdrag och vad de väckt, yrkat, röstat och reserverat sig mot.", "The elected representatives of the municipality's bodies, by party. Each person's page shows their seats and what they raised, moved, voted and reserved against."),
    ("person_intro", "Uppdrag, yrkanden, röster och reservationer för", "Seats, proposals, votes and reservations of"),
    ("party_intro", "Ledamöter, yrkanden, reservationer och röster för", "Representatives, proposals, reservations and votes of"),
    ("party", "Parti", "Party"),
    ("independent", "Partilös", "Independent"),
    ("independents", "Utan parti angivet", "No party given"),
    ("serving", "Nuvarande", "Serving"),
    ("former", "Tidigare", "Former"),
    ("seats", "Uppdrag", "Seats"),
    ("role", "Roll", "Role"),
    ("seat_from", "Från", "From"),
    ("seat_to", "Till", "To"),
    ("seat_ongoing", "pågår", "ongoing"),
    ("attended", "Närvarande vid sammanträden", "Meetings attended"),
    ("record", "I siffror", "In figures"),
    ("record_raised", "Väckta ärenden", "Matters raised"),
    ("record_proposals", "Yrkanden", "Proposals"),
    ("record_adopted", "varav bifallna", "of which adopted"),
    ("record_votes", "Röster i omröstningar", "Votes cast"),
    ("record_reservations", "Reservationer", "Reservations"),
    ("acts", "Vad personen gjort", "What they did"),
    ("party_acts", "Partiets yrkanden och reservationer", "The party's proposals and reservations"),
    ("no_acts", "Inget registrerat ännu.", "Nothing recorded yet."),
    ("entries_count", "paragrafer", "paragraphs"),
    ("act_raised", "Väckte ärendet", "Raised the matter"),
    ("act_moved", "Yrkade", "Moved"),
    ("act_supported", "Instämde i yrkandet av", "Supported the proposal of"),
    ("act_voted", "Röstade", "Voted"),
    ("act_reserved", "Reserverade sig", "Entered a reservation"),
    ("adopted", "bifölls", "adopted"),
    ("attendance", "Närvaro", "Attendance"),
    ("present", "Beslutande", "Members present"),
    ("chair", "Ordförande", "Chair"),
    ("adjusters", "Justerare", "Adjusters"),
    ("raised_by", "Väckt av", "Raised by"),
    ("proposals", "Yrkanden", "Proposals"),
    ("supported_by", "med instämmande av", "supported by"),
    ("vote", "Omröstning", "Vote"),
    ("vote_question", "Propositionsordning", "The question put"),
    ("vote_by_person", "Omröstning per ledamot", "Vote by member"),
    ("vote_by_party", "Omröstning per parti", "Vote by party"),
    ("vote_counts", "Omröstningens resultat", "Result of the vote"),
    ("vote_member", "Ledamot", "Member"),
    ("vote_ballot", "Röst", "Vote"),
    ("vote_yes", "Ja", "Yes"),
    ("vote_no", "Nej", "No"),
    ("vote_abstain", "Avstår", "Abstains"),
    ("vote_total", "Totalt", "Total"),
    ("vote_yes_won", "Ja-sidan vann", "The yes side won"),
    ("vote_no_won", "Nej-sidan vann", "The no side won"),
    ("vote_tied", "Lika röstetal", "A tie"),
    ("votes_counted_only", "Endast antalet röster är protokollfört.", "Only the number of votes is recorded."),
    ("reservations", "Reservationer", "Reservations"),
    ("party_votes", "I omröstningar", "In votes"),
    ("party_votes_text", "I {votes} omröstningar där partiets ledamöter röstade ja eller nej röstade de flesta av dem med utfallet i {with} ({share} %).", "In {votes} votes in which the party's members voted yes or no, most of them voted with the outcome in {with} ({share} %)."),
    ("party_votes_none", "Partiets ledamöter finns inte med i någon omröstning med namngivna röster.", "The party's members are in no vote whose voters are named."),
    ("party_people", "Partiets ledamöter", "The party's representatives"),
    ("follow_case", "Följ ärendet", "Follow the case"),
    ("follow_case_feed", "Atom-flöde med varje gång ärendet behandlas", "Atom feed with every time the case is treated"),
    ("follow_body", "Följ organets beslut", "Follow the body's decisions"),
    ("follow_body_feed", "Atom-flöde med organets senaste beslut", "Atom feed with the body's latest decisions"),
    ("calendar", "Kalender", "Calendar"),
    ("calendar_link", "Sammanträdena i din kalender (iCalendar)", "The meetings in your calendar (iCalendar)"),
    ("case_feed_title", "Ärende", "Case"),
    ("body_feed_title", "Beslut i", "Decisions of"),
    ("open_data", "Öppna data", "Open data"),
    ("data_intro", "Allt som portalen visar om beslut, ärenden och sammanträden finns också som filer som andra system kan läsa. Sekretessbelagda paragrafer finns med endast med nummer, datum och en sekretessmarkering.", "Everything the portal shows about decisions, cases and meetings is also published as files that other systems can read. Confidential paragraphs appear only with their number, date and a secrecy notice."),
    ("data_licence", "Licens", "Licence"),
    ("data_licence_text", "Data får användas fritt enligt", "The data may be reused under"),
    ("data_file", "Fil", "File"),
    ("data_format", "Format", "Format"),
    ("data_size", "Storlek", "Size"),
    ("data_contents", "Innehåll", "Contents"),
    ("data_files_caption", "Datafiler", "Data files"),
    ("data_more", "Mer för den som vill återanvända data", "More for reusers"),
    ("data_oparl", "OParl 1.1-gränssnitt som statiska filer: system, organ, sammanträden, dagordningspunkter, ärenden och handlingar.", "An OParl 1.1 API as static files: system, bodies, meetings, agenda items, cases (papers) and files."),
    ("data_feeds", "Atom-flöden: de senaste besluten, och ett flöde per ärende och per organ.", "Atom feeds: the latest decisions, and one feed per case and per body."),
    ("data_calendar", "Alla sammanträden som kalender (iCalendar); varje organ har också en egen.", "All meetings as a calendar (iCalendar); each body also has its own."),
    ("data_excel", "Så öppnar du CSV-filerna: i Excel väljer du Data › Från text/CSV och filursprung 65001: Unicode (UTF-8) med kommatecken som avgränsare; i LibreOffice Calc väljer du teckenkodning UTF-8 och avgränsaren komma.", "Opening the CSV files: in Excel choose Data › From Text/CSV, file origin 65001: Unicode (UTF-8), comma as the delimiter; in LibreOffice Calc choose character set UTF-8 and the comma separator."),
    ("data_decisions_csv", "En rad per paragraf i protokollen och kallelserna: datum, organ, paragraf, rubrik, ärenden, beslut och adress.", "One row per paragraph of the minutes and agendas: date, body, paragraph, title, cases, decision and address."),
    ("data_cases_csv", "En rad per ärende: id, diarienummer, rubrik, status, första och senaste behandling, organ, antal paragrafer och adress.", "One row per case: id, case number, title, status, first and latest treatment, bodies, number of paragraphs and address."),
    ("data_cases_json", "Alla ärenden med hela sin gång genom organen.", "Every case with its whole history through the bodies."),
    ("data_meetings_json", "Alla sammanträden med sina paragrafer, beslut och handlingar.", "Every meeting with its paragraphs, decisions and documents."),
    ("data_cases_schema", "JSON Schema som beskriver arenden.json.", "JSON Schema describing arenden.json."),
    ("data_meetings_schema", "JSON Schema som beskriver sammantraden.json.", "JSON Schema describing sammantraden.json."),
    ("data_people_csv", "En rad per ledamot och uppdrag: id, namn, parti, organ, roll, från, till och adress.", "One row per person and seat: id, name, party, body, role, from, to and address."),
    ("data_people_schema", "JSON Schema som beskriver en rad i ledamoter.csv.", "JSON Schema describing a row of ledamoter.csv."),
    ("data_votes_csv", "En rad per ledamot och omröstning: datum, organ, paragraf, propositionsordning, ledamot, parti och röst; en omröstning utan namngivna röster har en rad med antalen.", "One row per person and vote: date, body, paragraph, question, person, party and vote; a vote without named voters has one row with its counts."),
    ("data_votes_schema", "JSON Schema som beskriver en rad i voteringar.csv.", "JSON Schema describing a row of voteringar.csv."),
    ("data_catalogue", "Katalog över datamängderna enligt DCAT-AP, för Sveriges dataportal.", "Catalogue of the datasets (DCAT-AP), for the Swedish data portal."),
    ("data_catalogue_title", "Öppna data från {}", "Open data from {}"),
    ("data_catalogue_description", "Beslut, ärenden och sammanträden ur kommunens protokoll, som filer och som OParl-gränssnitt.", "Decisions, cases and meetings from the municipality's minutes, as files and as an OParl API."),
    ("data_set_beslut", "Beslut", "Decisions"),
    ("data_set_beslut_description", "Varje paragraf i protokoll och kallelser: datum, organ, paragrafnummer, rubrik, ärenden och beslut.", "Every paragraph of the minutes and agendas: date, body, paragraph number, title, cases and decision."),
    ("data_set_arenden", "Ärenden", "Cases"),
    ("data_set_arenden_description", "Varje ärende med diarienummer, rubrik, status och dess gång genom organen.", "Every case with its case number, title, status and its history through the bodies."),
    ("data_set_sammantraden", "Sammanträden", "Meetings"),
    ("data_set_sammantraden_description", "Varje sammanträde med datum, tid, plats och paragrafer, även kommande sammanträden.", "Every meeting with its date, time, place and paragraphs, upcoming meetings included."),
    ("data_set_oparl", "OParl-gränssnitt", "OParl API"),
    ("data_set_oparl_description", "Organ, sammanträden, dagordningspunkter, ärenden och handlingar enligt standarden OParl 1.1.", "Bodies, meetings, agenda items, cases and files following the OParl 1.1 standard."),
    ("data_set_ledamoter", "Ledamöter", "Representatives"),
    ("data_set_ledamoter_description", "De förtroendevalda i kommunens organ: parti, organ, roll och mandatperiod.", "The elected representatives of the municipality's bodies: party, body, role and period."),
    ("data_set_voteringar", "Voteringar", "Votes"),
    ("data_set_voteringar_description", "Hur varje ledamot röstade i varje omröstning med namngivna röster, och antalen i övriga omröstningar.", "How each member voted in every vote whose voters are named, and the counts of the others."),
    ("data_set_statistik", "Statistik", "Statistics"),
    ("data_set_statistik_description", "Nyckeltal från Kolada för kommunen och jämförda kommuner, ett nyckeltal per fil.", "Indicators from Kolada for the municipality and those compared with it, one indicator per file."),
    ("skip_link", "Hoppa till huvudinnehållet", "Skip to main content"),
    ("main_menu", "Huvudmeny", "Main menu"),
    ("home", "Start", "Home"),
    ("meetings", "Sammanträden", "Meetings"),
    ("cases", "Ärenden", "Cases"),
    ("bodies", "Organ", "Bodies"),
    ("breadcrumb", "Du är här", "You are here"),
    ("upcoming_meetings", "Kommande sammanträden", "Upcoming meetings"),
    ("latest_meetings", "Senaste sammanträdena", "Latest meetings"),
    ("recently_decided", "Senast avgjorda ärenden", "Recently decided cases"),
    ("all_meetings", "Alla sammanträden", "All meetings"),
    ("all_cases", "Alla ärenden", "All cases"),
    ("intro", "Här kan du följa beslut och ärenden i", "Follow the decisions and cases of"),
    ("paragraph", "Paragraf", "Paragraph"),
    ("paragraphs", "Paragrafer", "Paragraphs"),
    ("case", "Ärende", "Case"),
    ("case_number", "Diarienummer", "Case number"),
    ("decision", "Beslut", "Decision"),
    ("status", "Status", "Status"),
    ("documents", "Handlingar", "Documents"),
    ("not_published", "publiceras inte på webben", "not published online"),
    ("sent_to", "Expedieras till", "Sent to"),
    ("timeline", "Ärendets gång", "Case history"),
    ("related_cases", "Relaterade ärenden", "Related cases"),
    ("summary", "Sammanfattning", "Summary"),
    ("confidential", "Sekretess", "Confidential"),
    ("confidential_notice", "Paragrafen omfattas av sekretess. Endast dess nummer och datum publiceras.", "This paragraph is confidential. Only its number and date are published."),
    ("date", "Datum", "Date"),
    ("time", "Tid", "Time"),
    ("location", "Plats", "Place"),
    ("body", "Organ", "Body"),
    ("year", "År", "Year"),
    ("title", "Rubrik", "Title"),
    ("certified", "Protokollet justerat", "Minutes certified"),
    ("webcast", "Inspelning av sammanträdet", "Recording of the meeting"),
    ("agenda_notice", "Sammanträdet har inte hållits än. Punkterna nedan är kallelsens dagordning, inte fattade beslut.", "The meeting has not been held yet. The items below are the agenda, not decisions taken."),
    ("on_agenda", "På dagordningen", "On the agenda"),
    ("extract", "Protokollsutdrag", "Extract from the minutes"),
    ("contents", "Innehåll", "Contents"),
    ("treated_in", "Behandlat", "Treated"),
    ("first_treated", "Först behandlat", "First treated"),
    ("latest_treated", "Senast behandlat", "Latest treated"),
    ("status_set_by_clerk", "Status satt av registrator", "Status set by the registry"),
    ("tags", "Ämnen", "Topics"),
    ("filter_status", "Status", "Status"),
    ("filter_year", "Ärendeår", "Case year"),
    ("filter_body", "Organ", "Body"),
    ("filter_all", "Alla", "All"),
    ("filter_all_years", "Alla år", "All years"),
    (
        "cases_latest_only",
        "Här visas de senast behandlade. Välj ett år för att se alla ärenden från det året.",
        "These are the latest treated. Choose a year to see all of that year's cases."
    ),
    ("filters", "Filtrera ärenden", "Filter cases"),
    ("showing", "Visar", "Showing"),
    ("of", "av", "of"),
    ("page", "Sida", "Page"),
    ("pagination", "Sidor", "Pages"),
    ("previous", "Föregående", "Previous"),
    ("next", "Nästa", "Next"),
    ("no_cases", "Inga ärenden.", "No cases."),
    ("no_meetings", "Inga sammanträden.", "No meetings."),
    ("meetings_of_year", "Sammanträden", "Meetings"),
    ("other_years", "Andra år", "Other years"),
    ("count_paragraph", "paragraf", "paragraph"),
    ("count_paragraphs", "paragrafer", "paragraphs"),
    ("count_cases", "ärenden", "cases"),
    ("not_found_title", "Sidan finns inte", "Page not found"),
    ("not_found_text", "Sidan du söker finns inte, eller har flyttats. Börja om från startsidan eller gå till listan över ärenden.", "The page you are looking for does not exist or has moved. Start again from the home page or go to the list of cases."),
    ("feed", "Senaste besluten (Atom-flöde)", "Latest decisions (Atom feed)"),
    ("feed_title", "senaste besluten", "latest decisions"),
    ("contact", "Kontakt", "Contact"),
    ("about_site", "Om webbplatsen", "About this site"),
    ("made_with", "Byggd med Insyn", "Built with Insyn"),
    ("meeting_of", "Sammanträde med", "Meeting of"),
    ("read_extract", "Läs protokollsutdraget", "Read the extract"),
    ("in_meeting", "i sammanträdet", "in the meeting"),
    ("pdf", "PDF", "PDF"),
    ("economy", "Ekonomi", "Economy"),
    ("economy_intro", "Så fördelas kommunens budget: vad varje nämnd och verksamhet får av varje hundralapp i skatt, och skattesatsen år för år.", "How the municipality's budget is shared: what each committee and service gets of every 100 kronor in tax, and the tax rate year by year."),
    ("budget", "Budget", "Budget"),
    ("budget_years", "Budgetår", "Budget years"),
    ("per_hundred", "Av varje hundralapp", "Of every 100 kronor"),
    ("per_hundred_sentence", "Av varje hundralapp i skatt går", "Of every 100 kronor in tax,"),
    ("per_hundred_to", "till", "go to"),
    ("budget_line", "Verksamhet", "Service"),
    ("budget_amount", "Budget", "Budget"),
    ("budget_change", "Förändring från", "Change from"),
    ("budget_new_line", "ny", "new"),
    ("budget_total", "Totalt", "Total"),
    ("tax_rate", "Skattesats", "Tax rate"),
    ("tax_rate_history", "Skattesatsen år för år", "The tax rate year by year"),
    ("tax_rate_change", "Förändring", "Change"),
    ("percentage_points", "procentenheter", "percentage points"),
    ("statistics", "Statistik", "Statistics"),
    ("statistics_intro", "Nyckeltal från Kolada om hur kommunen utvecklas och hur dess verksamheter håller måttet, jämfört med andra kommuner och med riket.", "Key figures from Kolada on how the municipality develops and how its services perform, compared with other municipalities and the whole country."),
    ("stats_example_title", "Exempelvärden", "Example values"),
    ("stats_example_notice", "Siffrorna här är påhittade exempel, inte riktig statistik. De ersätts med Koladas värden när portalen hämtar dem med insyn fetch.", "The figures here are made-up examples, not real statistics. They are replaced by Kolada's values when the portal fetches them with insyn fetch."),
    ("stats_source", "Källa: Kolada, RKA (Rådet för främjande av kommunala analyser).", "Source: Kolada, RKA (the Council for the Promotion of Municipal Analysis)."),
    ("stats_licence", "Uppgifterna får användas fritt med Kolada angiven som källa.", "The figures may be reused freely with Kolada named as the source."),
    ("stats_fetched", "Hämtade från Kolada", "Fetched from Kolada on"),
    ("stats_country", "Riket", "Sweden"),
    ("stats_in", "i", "in"),
    ("stats_in_country", "i riket", "in Sweden as a whole"),
    ("stats_no_value_for", "ingen uppgift för", "no figure for"),
    ("stats_women", "Kvinnor", "Women"),
    ("stats_men", "Män", "Men"),
    ("stats_from", "från", "from"),
    ("stats_to", "till", "to"),
    ("stats_chart", "Linjediagram", "Line chart"),
    ("stats_chart_table", "Alla värden finns i tabellen under diagrammet.", "Every value is in the table below the chart."),
    ("stats_table", "Alla värden", "All values"),
    ("stats_missing", "uppgift saknas", "no figure"),
    ("stats_missing_note", "– betyder att Kolada saknar uppgift för året.", "– means that Kolada has no figure for the year."),
    ("stats_download", "Ladda ner värdena", "Download the values"),
    ("stats_on_page", "På sidan", "On this page"),
    ("stats_csv_kpi", "nyckeltal", "kpi"),
    ("stats_csv_code", "kommunkod", "municipality_code"),
    ("stats_csv_area", "kommun", "municipality"),
    ("stats_csv_year", "år", "year"),
    ("stats_csv_gender", "kön", "gender"),
    ("stats_csv_value", "värde", "value"),
    ("stats_csv_status", "status", "status"),
    ("document_kicker", "Handling", "Document"),
    ("document_text", "Handlingens text", "The document's text"),
    ("document_text_link", "läs som text", "read as text"),
    ("document_of", "Handling till", "Document of"),
    ("download_pdf", "Ladda ner originalet", "Download the original"),
    ("count_page", "sida", "page"),
    ("count_pages", "sidor", "pages"),
    ("document_text_note", "Texten är automatiskt uttagen ur PDF-filen och kan ha fel i ordningen eller styckeindelningen. Originalet gäller.", "The text was taken automatically from the PDF file and may have errors in order or layout. The original applies."),
    ("document_no_text", "Ingen text kunde läsas ur filen", "No text could be read from the file"),
    ("document_no_text_help", "Använd originalet, eller kontakta registratorn om du behöver handlingen i ett annat format.", "Use the original, or contact the registry if you need the document in another format."),
    ("page_without_text", "Sidan har ingen text (kanske en bild).", "This page has no text (an image, perhaps)."),
    ("search", "Sök", "Search"),
    ("search_label", "Sök ärenden, sammanträden och beslut", "Search cases, meetings and decisions"),
    ("search_button", "Sök", "Search"),
    ("search_hint", "Skriv till exempel ett ämne, en gata eller ett diarienummer som 2018/71.", "Type for example a topic, a street or a case number such as 2018/71."),
    ("search_needs_js", "Sökningen behöver JavaScript, som är avstängt i din webbläsare. Du hittar allt innehåll också i listorna över ärenden och sammanträden.", "Search needs JavaScript, which is turned off in your browser. All content is also in the lists of cases and meetings."),
    ("search_filters", "Avgränsa sökningen", "Narrow the search"),
    ("search_type", "Typ", "Type"),
    ("search_any", "Alla", "Any"),
    ("search_results", "Sökresultat", "Search results"),
    ("search_no_results", "Inga träffar.", "No results."),
    ("search_one_result", "1 träff", "1 result"),
    ("search_many_results", "träffar", "results"),
    ("search_more", "Visa fler träffar", "Show more results"),
    ("search_busy", "Söker …", "Searching …"),
    ("search_corrected", "Visar träffar för", "Showing results for"),
    ("search_all_words", "med alla orden", "with all the words"),
    ("search_in_order", "med alla orden, de citerade i följd", "with all the words, quoted ones side by side"),
    ("search_failed", "Sökningen kunde inte läsas in. Försök igen, eller använd listorna över ärenden och sammanträden.", "The search could not be loaded. Try again, or use the lists of cases and meetings."),
    ("type_case", "Ärende", "Case"),
    ("type_meeting", "Sammanträde", "Meeting"),
    ("type_paragraph", "Paragraf", "Paragraph"),
    ("type_document", "Handling", "Document"),
    ("type_page", "Sida", "Page"),
    ("type_body", "Organ", "Body"),
    ("type_person", "Ledamot", "Representative"),
    ("search_person", "Väckt, yrkat eller reserverat av", "Raised, moved or reserved by"),
    ("type_budget", "Budget", "Budget"),
    ("type_statistics", "Nyckeltal", "Indicator"),
    ("case_status_open", "Pågående", "Open"),
    ("case_status_decided", "Avgjort", "Decided"),
    ("case_status_withdrawn", "Återkallat", "Withdrawn"),
    ("meeting_status_agenda", "Kallelse", "Agenda"),
    ("meeting_status_minutes", "Protokoll", "Minutes"),
    ("decision_proposed", "Förslag till beslut", "Proposal for decision"),
    ("decision_referred", "Remitterad", "Referred"),
    ("decision_returned", "Återremitterad", "Referred back"),
    ("decision_tabled", "Bordlagd", "Tabled"),
    ("decision_approved", "Bifallen / beslutad", "Approved"),
    ("decision_rejected", "Avslagen", "Rejected"),
    ("decision_answered", "Besvarad", "Answered"),
    ("decision_noted", "Lagd till handlingarna", "Noted"),
    ("decision_elected", "Val förrättat", "Election held"),
];

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The interface strings and formats of one language.
#[derive(Debug, Clone)]
pub struct I18n {
    pub language: Language,
    strings: BTreeMap<&'static str, &'static str>,
}

impl I18n {
    pub fn new(language: Language) -> Self {
        let strings = STRINGS
            .iter()
            .map(|(k, sv, en)| (*k, if language == Language::Sv { *sv } else { *en }))
            .collect();
        I18n { language, strings }
    }

    /// A language's strings, made once: for what asks for them per item
    /// (an OParl object, a calendar event).
    pub fn shared(language: Language) -> &'static I18n {
        static SV: std::sync::OnceLock<I18n> = std::sync::OnceLock::new();
        static EN: std::sync::OnceLock<I18n> = std::sync::OnceLock::new();
        let cell = match language {
            Language::Sv => &SV,
            Language::En => &EN,
        };
        cell.get_or_init(|| I18n::new(language))
    }

    /// All strings, for templates (`t.meetings`).
    pub fn strings(&self) -> &BTreeMap<&'static str, &'static str> {
        &self.strings
    }

    pub fn get(&self, key: &str) -> &'static str {
        self.strings.get(key).copied().unwrap_or("")
    }

    pub fn decision(&self, d: Decision) -> &'static str {
        self.get(&format!("decision_{}", d.key()))
    }

    pub fn case_status(&self, s: CaseStatus) -> &'static str {
        self.get(&format!("case_status_{}", s.key()))
    }

    /// A kind of matter, one (`Motion`).
    pub fn kind(&self, k: Kind) -> &'static str {
        self.get(&format!("kind_{}", k.key()))
    }

    /// A kind of matter, many (`Motioner`).
    pub fn kinds(&self, k: Kind) -> &'static str {
        self.get(&format!("kinds_{}", k.key()))
    }

    /// A way to take part.
    pub fn channel(&self, c: Channel) -> &'static str {
        self.get(&format!("channel_{}", c.key()))
    }

    pub fn meeting_status(&self, s: MeetingStatus) -> &'static str {
        self.get(&format!("meeting_status_{}", s.key()))
    }

    /// `26 mars 2018` / `26 March 2018`.
    pub fn date(&self, d: NaiveDate) -> String {
        let months = if self.language == Language::Sv {
            &MONTHS_SV
        } else {
            &MONTHS_EN
        };
        format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
    }

    /// A number with `decimals` decimals, Swedish style (`712 000`,
    /// `22,21`, thousands split by a narrow no-break space) or English.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let text = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let (group, point) = match self.language {
            Language::Sv => ('\u{202F}', ','),
            Language::En => (',', '.'),
        };
        let mut out = group_digits(whole, group);
        if !fraction.is_empty() {
            out.push(point);
            out.push_str(fraction);
        }
        let negative = value < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0');
        if negative {
            out.insert(0, '−');
        }
        out
    }

    /// `1,2 MB`, `350 kB` (decimal comma in Swedish).
    pub fn size(&self, bytes: u64) -> String {
        size_text(bytes, self.language)
    }
}

/// Digits in groups of three from the right, split by `group`
/// (`712000` → `712 000`).
pub fn group_digits(digits: &str, group: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * group.len_utf8());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    out
}

/// Bytes as people read them: `802 MB`, `1,2 GB` (decimal units; a
/// decimal comma in Swedish).
pub fn size_text(bytes: u64, language: Language) -> String {
    let (value, unit) = match bytes {
        b if b >= 1_000_000_000 => (b as f64 / 1_000_000_000.0, "GB"),
        b if b >= 1_000_000 => (b as f64 / 1_000_000.0, "MB"),
        b if b >= 1_000 => (b as f64 / 1_000.0, "kB"),
        b => return format!("{b} B"),
    };
    let text = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    let text = if language == Language::Sv {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_word_has_a_label_in_both_languages() {
        for lang in [Language::Sv, Language::En] {
            let t = I18n::new(lang);
            for d in Decision::ALL {
                assert!(!t.decision(*d).is_empty(), "{d:?}");
            }
            for s in CaseStatus::ALL {
                assert!(!t.case_status(*s).is_empty(), "{s:?}");
            }
            for k in Kind::ALL {
                assert!(!t.kind(*k).is_empty() && !t.kinds(*k).is_empty(), "{k:?}");
            }
            for c in Channel::ALL {
                assert!(!t.channel(*c).is_empty(), "{c:?}");
            }
        }
        assert_eq!(
            I18n::new(Language::Sv).decision(Decision::Referred),
            "Remitterad"
        );
    }

    #[test]
    fn formats_numbers_the_swedish_way() {
        let sv = I18n::new(Language::Sv);
        assert_eq!(sv.number(712000.0, 0), "712\u{202F}000");
        assert_eq!(sv.number(22.21, 2), "22,21");
        assert_eq!(sv.number(-1234.5, 1), "−1\u{202F}234,5");
        assert_eq!(sv.number(-0.01, 1), "0,0");
        assert_eq!(
            I18n::new(Language::En).number(1234567.891, 2),
            "1,234,567.89"
        );
    }

    #[test]
    fn formats_dates_and_sizes() {
        let sv = I18n::new(Language::Sv);
        let d = NaiveDate::from_ymd_opt(2018, 3, 26).unwrap();
        assert_eq!(sv.date(d), "26 mars 2018");
        assert_eq!(I18n::new(Language::En).date(d), "26 March 2018");
        assert_eq!(sv.size(1_234_567), "1,2 MB");
        assert_eq!(sv.size(350_000), "350 kB");
    }
}
