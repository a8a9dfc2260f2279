//! Every diagnostic in Swedish, for the clerks of a Swedish portal (the
//! default): what is wrong, and how to fix it. The English words are the
//! `#[error]` lines and `help_en` in the parent module; a variant added
//! there gets its Swedish words here (the compiler asks for both).
//!
//! The terms are the ones Swedish municipalities use: sammanträde,
//! paragraf (§), ärende, diarienummer, handling, justera, organ, nämnd.

use super::{ErrorKind, Wanted, YamlProblem};
use crate::content::settings::Language;
use crate::external::Answer;

/// What is wrong, in Swedish.
pub(super) fn message(kind: &ErrorKind) -> String {
    use ErrorKind::*;
    match kind {
        NoContentFolder(folder) => format!("innehållsmappen `{folder}` finns inte"),
        MissingRequiredFile { file, .. } => format!("{file} saknas"),
        NotUtf8 => "filen är inte text i UTF-8".into(),
        MissingFrontMatter => "filen saknar inledande nycklar (front matter)".into(),
        UnclosedFrontMatter => "de inledande nycklarna avslutas inte med `---`".into(),
        Yaml(problem) => format!("YAML-texten går inte att läsa: {}", yaml(problem)),
        DuplicateKey { key, first_line } => {
            format!("nyckeln `{key}` står två gånger (första gången på rad {first_line})")
        }
        UnknownKey { key, .. } => format!("okänd nyckel `{key}`"),
        MissingKey { key, .. } => format!("den obligatoriska nyckeln `{key}` saknas"),
        WrongType {
            key, found, wanted, ..
        } => format!(
            "`{key}` har ett värde av fel slag: här står {}, men {} väntas",
            found_value(found),
            wanted_value(*wanted)
        ),
        InvalidDate { key, value } => format!("`{key}: {value}` är inget giltigt datum"),
        NotInVocabulary { key, value, .. } => {
            format!("`{key}: {value}` är inte ett av de tillåtna värdena")
        }
        UnknownBody { id, .. } => format!("organet `{id}` finns inte i bodies.yaml"),
        InvalidBodyId(id) => format!("organets id `{id}` får bara innehålla a–z, 0–9 och -"),
        DuplicateBody { id, first_line } => format!(
            "organet `{id}` står två gånger i bodies.yaml (första gången på rad {first_line})"
        ),
        FolderMismatch {
            key,
            front_matter,
            folder,
        } => format!("`{key}: {front_matter}` stämmer inte med mappnamnet `{folder}`"),
        BadMeetingFolder(name) => {
            format!("mappnamnet `{name}` har inte formen ÅÅÅÅ-MM-DD-<organ>")
        }
        MeetingWithoutIndex(dir) => format!("sammanträdesmappen `{dir}` saknar index.md"),
        BadParagraphFileName(name) => format!(
            "filnamnet `{name}` börjar inte med paragrafens nummer (som `063-budget.md`)"
        ),
        ParagraphNumberMismatch {
            file_number,
            paragraph,
        } => format!("filnamnet säger § {file_number} men nycklarna säger `paragraph: {paragraph}`"),
        DuplicateParagraph {
            number,
            body,
            year,
            other,
        } => format!("§ {number} i {body} {year} används två gånger (också i {other})"),
        MalformedDiarienummer(written) => format!("`{written}` är inget diarienummer"),
        PersonalNumber { masked, .. } => {
            format!("ett personnummer skulle publiceras: {masked}")
        }
        PersonalNumberInPdfDetails { masked, place } => {
            use crate::documents::PdfPlace::*;
            let place = match place {
                Info(key) => format!("dokumentinformation (`{key}`)"),
                Metadata => "XMP-metadata".into(),
                Annotation(_) => "kommentar eller anteckning".into(),
            };
            format!("ett personnummer skulle publiceras i PDF-filens {place}: {masked}")
        }
        NotAPersonalNumber(number) => {
            format!("`{number}` i allow_personnummer är inget giltigt personnummer")
        }
        CaseFileMismatch {
            file_id,
            written,
            case_id,
        } => format!(
            "filnamnet `{file_id}.md` stämmer inte med `case: {written}`, ärendet {case_id}"
        ),
        MeetingInWrongYear { date, year } => {
            format!("sammanträdet {date} ligger i mappen för år {year}")
        }
        MissingDocument(file) => format!("handlingen `{file}` finns inte i sammanträdesmappen"),
        NestedTooDeep(limit) => format!(
            "texten lägger citat, listor eller HTML-element i varandra i mer än {limit} nivåer"
        ),
        LinkLeadsOutOfContent => "den symboliska länken leder ut ur innehållsmappen (eller ingenstans), så det den pekar på publiceras inte".into(),
        ScriptableDocument { file, replaces } => {
            let replaces = replaces.as_ref().map(|page| match page {
                super::GeneratedPage::Meeting => "sammanträdets sida".to_string(),
                super::GeneratedPage::Paragraph(n) => format!("sidan för § {n}"),
                super::GeneratedPage::PdfText(pdf) => format!("textsidan för {pdf}"),
            });
            format!(
                "`{file}` kan köra skript i webbläsaren (HTML, SVG, XML) och publiceras därför inte{}",
                replaces.map(|r| format!("; den skulle dessutom ersätta {r}")).unwrap_or_default()
            )
        }
        DocumentTypeNotAllowed { file } => {
            format!("`{file}` är inte en sorts fil som portalen publicerar")
        }
        DocumentOutsideMeeting(file) => {
            format!("sökvägen `{file}` leder ut ur sammanträdesmappen")
        }
        NotAWebAddress { key, value } => format!(
            "`{key}: {value}` måste vara en webbadress som börjar med https:// eller http://"
        ),
        NotARegistryAddress(value) => format!(
            "`registry: {value}` måste vara en e-postadress eller en webbadress som börjar med https://"
        ),
        ThemeNotAName(name) => format!("temat `{name}` är inte namnet på en mapp i themes/"),
        UnknownTheme { name, .. } => {
            format!("temat `{name}` har ingen mapp themes/{name}/ bredvid innehållsmappen")
        }
        UnknownLicence(licence) => format!("`{licence}` är ingen licens som Insyn känner till"),
        ReservedPageSlug(slug) => {
            format!("namnet `{slug}` på den fria sidan används av en del av webbplatsen")
        }
        BadBudgetFileName(name) => format!("`{name}` är inte namngiven efter ett år"),
        BudgetYearMismatch { file_year, year } => {
            format!("budgeten säger `year: {year}` men filen heter {file_year}.yaml")
        }
        NegativeAmount(name) => format!("beloppet för `{name}` är negativt"),
        BadTaxRate(rate) => format!("skattesatsen {rate} är ingen procentsats"),
        BadPageSlug(slug) => {
            format!("namnet `{slug}` på den fria sidan får bara innehålla a–z, 0–9 och -")
        }
        UnknownRelatedCase(case) => format!(
            "det relaterade ärendet `{case}` nämns inte av någon publicerad paragraf och visas därför utan länk"
        ),
        PdfWithoutText(problem) => {
            format!("ingen text gick att läsa ur den här PDF-filen: {problem}")
        }
        CaseFileWithoutParagraphs(case) => format!(
            "ingen publicerad paragraf nämner ärendet {case}, så dess ärendefil publiceras inte"
        ),
        BadMunicipalityId(id) => format!("`{id}` är ingen kommunkod i Kolada"),
        BadStatsGroupId(id) => {
            format!("statistikgruppens id `{id}` får bara innehålla a–z, 0–9 och -")
        }
        DuplicateStatsGroup { id, first_line } => format!(
            "statistikgruppen `{id}` står två gånger (första gången på rad {first_line})"
        ),
        EmptyStatsGroup(id) => format!("statistikgruppen `{id}` har inga nyckeltal"),
        BadKpiId(id) => format!("`{id}` är inget nyckeltals-id i Kolada"),
        KpiListedTwice { kpi, group } => {
            format!("nyckeltalet {kpi} står två gånger i gruppen `{group}`")
        }
        StatsWithoutKolada => {
            "nyckeltalen visas inte: site.yaml har inget avsnitt `kolada:`".into()
        }
        KoladaCacheMissing => {
            "nyckeltalen visas inte än: det finns inga värden från Kolada i stats/kolada/".into()
        }
        KpiNotCached(kpi) => {
            format!("nyckeltalet {kpi} visas inte: stats/kolada/ har inga värden för det")
        }
        BadKoladaCache(detail) => format!("Kolada-värdena går inte att läsa: {detail}"),
        InvalidTime(time) => format!("`time: {time}` är ingen tid på dagen"),
        CertifiedBeforeMeeting { certified, date } => {
            format!("protokollet justeras {certified}, före sammanträdet {date}")
        }
        AnnouncedBeforeHeld => "ett sammanträde som inte hållits (`status: agenda`) har inget justerat protokoll att anslå".into(),
        AnnouncedBeforeCertified { announced, certified } => {
            format!("justeringen anslås {announced}, före justeringen {certified}")
        }
        AnnouncedBeforeMeeting { announced, date } => {
            format!("protokollet anslås {announced}, före sammanträdet {date}")
        }
        AnnouncedLate(days) => format!(
            "justeringen anslogs {days} dagar efter justeringen; lagen kräver senast andra dagen"
        ),
        AgendaAnnouncedAfterMeeting { announced, date } => {
            format!("sammanträdet kungörs {announced}, efter att det hölls {date}")
        }
        AgendaAnnouncedLate(days) => format!(
            "fullmäktiges sammanträde anslogs {days} dagar i förväg; lagen kräver minst en vecka"
        ),
        DateOutOfRange { date } => format!(
            "sammanträdet är daterat {date}, mer än ett år fram i tiden eller före 1900"
        ),
        PlaceholderLeft(text) => format!("texten `{text}` som `insyn new` skrev står kvar"),
        ControlCharacter(c) => format!(
            "texten innehåller det osynliga styrtecknet {}, som flöden, kalendrar och datafiler inte kan bära",
            super::char_name(*c)
        ),
        ControlCharacterRemoved(c) => format!(
            "en teckenreferens skriver styrtecknet {}, som tas bort från sidan",
            super::char_name(*c)
        ),
        ImageWithoutAlt => "bilden saknar textalternativ".into(),
        HeadingSkipsLevel { previous, level } => {
            format!("rubriken hoppar från nivå {previous} till nivå {level}")
        }
        UnresolvedReference { written, why } => {
            use crate::references::Unresolved::*;
            let why = match why {
                Absent => "portalen har den inte".to_owned(),
                TwoBodies(names) => format!("den kan betyda {}", names.join(" eller ")),
                NoYear => "texten hör inte till något sammanträde, så året är okänt".to_owned(),
                Later(date) => format!("läst i sammanträdets år är den en paragraf från ett senare sammanträde ({date})"),
                NotInMeeting => "sammanträdet har ingen paragraf med det numret".to_owned(),
            };
            format!("`{written}` blir ingen länk: {why}")
        }
        OverHostLimit { host, over } => {
            use crate::hosting::{count_text, Over};
            let size = |bytes: &u64| crate::i18n::size_text(*bytes, Language::Sv);
            let name = host.name(Language::Sv);
            match over {
                Over::Files { files, limit } => format!(
                    "utdata har {} filer, fler än {name} tar emot ({})",
                    count_text(*files),
                    count_text(*limit)
                ),
                Over::Bytes { bytes, limit } => format!(
                    "utdata är {}, mer än {name} tar emot ({})",
                    size(bytes),
                    size(limit)
                ),
                Over::File { file, bytes, limit } => format!(
                    "`{file}` är {}, mer än {name} tar emot av en fil ({})",
                    size(bytes),
                    size(limit)
                ),
            }
        }
        EmptyLinkText => "länken saknar text".into(),
        TableWithoutHeader => "tabellen saknar rubrikrad".into(),
        AddressRemoved(address) => format!(
            "adressen `{address}` publiceras inte: länken visas som vanlig text"
        ),
        UnsafeAddress(address) => format!("adressen `{address}` kan inte publiceras"),
        LinkLeadsNowhere { address, .. } => {
            format!("länken `{address}` leder inte till något i portalen")
        }
        LinkToUnpublished(address) => {
            format!("länken `{address}` leder till en fil som inte publiceras")
        }
        LinkToConfidential(address) => {
            format!("länken `{address}` leder till en sekretessbelagd paragraf")
        }
        ExternalLinkBroken { address, answer } => format!(
            "länken `{address}` fungerar inte: {}",
            answer.problem(Language::Sv)
        ),
        UnknownPerson { id, .. } => format!("personen `{id}` finns inte i people.yaml"),
        UnknownParty { id, .. } => {
            format!("partiet `{id}` finns inte bland partierna i people.yaml")
        }
        InvalidPeopleId(id) => format!("id:t `{id}` får bara innehålla a–z, 0–9 och -"),
        DuplicatePeopleId { id, first_line } => format!(
            "id:t `{id}` används två gånger i people.yaml (första gången på rad {first_line})"
        ),
        PeopleWithoutFile { key } => {
            format!("`{key}` gäller personer, men portalen har ingen people.yaml")
        }
        NotPresent { id, key } => format!(
            "`{id}` står i `{key}` men finns inte bland sammanträdets närvarande (`present`)"
        ),
        NoSeat { name, body, date } => {
            format!("{name} har ingen plats i {body} den {date}")
        }
        NamedTwice {
            id,
            key,
            first_line,
        } => format!("`{id}` står två gånger i `{key}` (första gången på rad {first_line})"),
        NegativeCount { key, count } => {
            format!("`{key}: {count}` är ett negativt antal röster")
        }
        SeveralAdopted { first_line } => format!(
            "mer än ett yrkande är bifallet (det första på rad {first_line})"
        ),
        SeatEndsBeforeItStarts { from, to } => {
            format!("platsen upphör {to}, innan den börjar {from}")
        }
        Io(detail) => format!("filen går inte att läsa: {detail}"),
    }
}

/// How to fix it, in Swedish (the closest value is added before it).
pub(super) fn help(kind: &ErrorKind) -> Option<String> {
    use ErrorKind::*;
    Some(match kind {
        NoContentFolder(_) => "ange mappen som innehåller site.yaml med --content MAPP".into(),
        MissingRequiredFile { file, example } => {
            format!("skapa {file} i innehållsmappen, till exempel:\n{example}")
        }
        NotUtf8 => "spara filen som UTF-8 (i de flesta redigerare: Spara som… → Teckenkodning: UTF-8)".into(),
        MissingFrontMatter => "börja filen med en rad `---`, nycklarna (som `title: …`) och ännu en rad `---`".into(),
        UnclosedFrontMatter => "lägg till en rad med bara `---` efter den sista nyckeln".into(),
        DuplicateKey { .. } => "behåll en av de två raderna: den med värdet du menar".into(),
        Yaml(_) => "se över den här raden och raden ovanför: indraget, ett citattecken som öppnas men inte stängs; sätt värden som innehåller `:` eller `#` inom citattecken, som `title: \"A: B\"`".into(),
        UnknownKey { allowed, .. } => format!("nycklarna som får stå här är: {}", allowed.join(", ")),
        MissingKey { key: "base_url", example } => format!("lägg till en rad som `{example}`: flödena, webbplatskartan, OParl-filerna och datakatalogen anger varje adress i sin helhet och behöver därför portalens adress"),
        MissingKey { example, .. } => format!("lägg till en rad som `{example}`"),
        WrongType { example, .. } => format!("skriv som `{example}`"),
        InvalidDate { key, .. } => format!("skriv datumet som ÅÅÅÅ-MM-DD, som `{key}: 2018-03-26`"),
        NotInVocabulary { key, allowed, .. } => {
            format!("`{key}` måste vara ett av: {}", allowed.join(", "))
        }
        UnknownBody { known, .. } => format!(
            "använd ett `id` ur bodies.yaml ({}), eller lägg till organet där",
            known.join(", ")
        ),
        InvalidBodyId(_) => "använd små bokstäver, siffror och bindestreck, som `ks` eller `bygg-namnd`".into(),
        DuplicateBody { .. } => "ta bort en av de två posterna, eller ge den ett annat id".into(),
        FolderMismatch { .. } => "låt mappnamnet och nycklarna stämma överens: mappen heter meetings/<ÅÅÅÅ>/<ÅÅÅÅ-MM-DD>-<organ>/".into(),
        BadMeetingFolder(_) => "namnge mappen efter sammanträdets datum och organ, som `2018-03-26-kf`, i mappen för dess år".into(),
        MeetingWithoutIndex(_) => "lägg till index.md med sammanträdets organ, datum och status (`insyn new meeting` skriver en)".into(),
        BadParagraphFileName(_) => "namnge paragraffiler `<NNN>-<namn>.md`, som `063-medborgarportal.md`".into(),
        ParagraphNumberMismatch { .. } => "byt namn på filen eller rätta `paragraph:` så att båda anger samma §".into(),
        DuplicateParagraph { .. } => "varje paragrafnummer används en gång per organ och år: rätta `paragraph:` i en av filerna".into(),
        PersonalNumber { can_allow: true, .. } => "ta bort numret, eller behåll bara datumet (`ÅÅÅÅMMDD-****`). Om du har prövat att det är lagligt att publicera det, tillåt just det numret i just den paragrafen med raden `allow_personnummer: [\"ÅÅÅÅMMDD-NNNN\"]` bland nycklarna (för en PDF under dess post i `documents:`)".into(),
        PersonalNumber { can_allow: false, .. } => "ta bort numret, eller behåll bara datumet (`ÅÅÅÅMMDD-****`). Bara en paragraf eller en handling kan tillåta ett nummer, så ett nummer som måste publiceras hör hemma i en sådan".into(),
        PersonalNumberInPdfDetails { place: crate::documents::PdfPlace::Annotation(_), .. } => "ta bort kommentaren i PDF-filen och spara den igen, eller, om det är lagligt att publicera numret, tillåt det under filens post i `documents:` med `allow_personnummer: [\"ÅÅÅÅMMDD-NNNN\"]`".into(),
        PersonalNumberInPdfDetails { .. } => "töm fältet i filens egenskaper (i Word: Arkiv > Info > Egenskaper; kryssa ur dokumentegenskaper när du sparar som PDF) och spara PDF-filen igen, eller, om det är lagligt att publicera numret, tillåt det under filens post i `documents:` med `allow_personnummer: [\"ÅÅÅÅMMDD-NNNN\"]`".into(),
        NestedTooDeep(_) => "skriv texten plattare: ett citat i ett citat i ett citat är svårt att läsa också (en rad med många `>` eller indragna listtecken kan ge detta)".into(),
        LinkLeadsOutOfContent => "kopiera filen eller mappen in i innehållsmappen i stället för att länka till den, eller ta bort länken".into(),
        ScriptableDocument { .. } => format!("spara den som PDF och publicera den; portalen publicerar {}", crate::documents::ATTACHMENT_TYPES.join(", ")),
        DocumentTypeNotAllowed { .. } => format!("publicera den som {}, eller visa handlingen utan `file:`", crate::documents::ATTACHMENT_TYPES.join(", ")),
        NotAPersonalNumber(_) => "skriv numret som det står i texten, som `ÅÅÅÅMMDD-NNNN`; bara ett nummer som verkligen är ett personnummer behöver tillåtas".into(),
        MalformedDiarienummer(_) => "skriv diarienumret som [diarium] ÅR/NUMMER, som `2018/71-109` eller `KS 2018/71`".into(),
        CaseFileMismatch { case_id, .. } => format!("byt namn på filen till cases/{case_id}.md, eller rätta `case:`"),
        MeetingInWrongYear { date, .. } => format!("flytta sammanträdesmappen till meetings/{}/", &date[..4]),
        MissingDocument(_) => "lägg filen i sammanträdesmappen, rätta namnet (stora och små bokstäver räknas), eller ta bort `file:` för att visa handlingen utan att publicera den".into(),
        DocumentOutsideMeeting(_) => "lägg filen i sammanträdesmappen och ange den därifrån, som `file: motion.pdf`".into(),
        NotAWebAddress { key: "base_url", .. } => "skriv portalens fullständiga adress, som `https://insyn.example.se/`".into(),
        NotAWebAddress { key: "webcast", .. } => "skriv hela adressen, som `webcast: \"https://play.example.se/kf-2018-03-26\"`".into(),
        NotAWebAddress { key, .. } => format!("skriv hela adressen, som `{key}: \"https://www.example.se/delta\"`"),
        NotARegistryAddress(_) => "skriv registraturens e-postadress, som `registry: \"registrator@example.se\"`, eller adressen till dess webbformulär, som `registry: \"https://www.example.se/begar-ut-handling\"`".into(),
        ThemeNotAName(_) => "lägg temat i en mapp i themes/ bredvid innehållsmappen och skriv mappens namn, som `theme: kommunen`: temats filer publiceras, så det kan inte vara en mapp någon annanstans".into(),
        UnknownTheme { known, .. } => format!("skapa temats mapp, eller ange ett som finns: {}", known.join(", ")),
        UnknownLicence(_) => "skriv `data_licence: CC0-1.0` (standard), `CC-BY-4.0` eller `CC-BY-SA-4.0`, eller licensens hela adress, som `data_licence: \"https://creativecommons.org/licenses/by/4.0/\"`".into(),
        ReservedPageSlug(_) => "byt namn på filen i pages/, till exempel till `om-portalen.md`".into(),
        BadBudgetFileName(_) => "namnge varje budgetfil efter sitt år, som `budget/2019.yaml`".into(),
        BudgetYearMismatch { .. } => "låt filnamnet och `year:` stämma överens: budget/<ÅÅÅÅ>.yaml innehåller `year: ÅÅÅÅ`".into(),
        NegativeAmount(_) => "skriv det budgeterade beloppet som ett positivt tal i filens enhet, som `amount: 712000`".into(),
        BadTaxRate(_) => "skriv den kommunala skattesatsen i procent, som `tax_rate: 22.21`".into(),
        BadPageSlug(_) => "byt namn på filen i pages/ till små bokstäver, siffror och bindestreck".into(),
        UnknownRelatedCase(_) => "kontrollera diarienumret i `related:`".into(),
        PdfWithoutText(_) => "PDF-filen publiceras ändå, och dess sida säger att texten inte gick att läsa; för läsare som inte kan använda PDF-filen, publicera en version med text (exportera den från originaldokumentet, eller kör textigenkänning på en skanning)".into(),
        CaseFileWithoutParagraphs(_) => "kontrollera diarienumret i `case:`, eller ta bort ärendefilen".into(),
        BadMunicipalityId(_) => "skriv den fyrsiffriga kommunkoden inom citattecken, som `municipality: \"0883\"` (`\"0000\"` är hela riket); kolada.se listar alla koder".into(),
        BadStatsGroupId(_) => "använd små bokstäver, siffror och bindestreck, som `id: skola-omsorg`; id:t är sidans adress, /statistik/<id>/".into(),
        DuplicateStatsGroup { .. } => "ge varje grupp ett eget id, eller slå ihop grupperna".into(),
        EmptyStatsGroup(_) => "lista gruppens nyckeltal från Kolada, som `indicators: [N00900, N00002]`, eller ta bort gruppen".into(),
        BadKpiId(_) => "skriv nyckeltalets id som Kolada gör, en stor bokstav och fem siffror, som `N00900` (sök på nyckeltalet på kolada.se för att hitta det)".into(),
        KpiListedTwice { .. } => "ange varje nyckeltal en gång per grupp (det får stå i andra grupper också)".into(),
        StatsWithoutKolada => "lägg till i site.yaml:\nkolada:\n  municipality: \"0883\"\n  compare: [\"0000\"]".into(),
        KoladaCacheMissing | KpiNotCached(_) => "kör `insyn fetch` för att hämta värdena från Kolada, och bygg sedan igen".into(),
        BadKoladaCache(_) => "filerna i stats/kolada/ skrivs av `insyn fetch`: kör det igen i stället för att redigera dem".into(),
        InvalidTime(_) => "skriv tiden som TT:MM inom citattecken, som `time: \"13:00\"` (13.00 läses likadant)".into(),
        CertifiedBeforeMeeting { date, .. } => format!("ett protokoll justeras samma dag som sammanträdet eller senare: rätta `certified:` (eller sammanträdets datum), som `certified: {date}`"),
        DateOutOfRange { .. } => "kontrollera året i mappnamnet och i `date:`; sammanträdet publiceras ändå".into(),
        AnnouncedBeforeHeld => "ta bort `announced:` tills protokollet är justerat; dagen då sammanträdet kungjordes skrivs `agenda_announced:`".into(),
        AnnouncedBeforeCertified { certified, .. } => format!("tiden för överklagande räknas från dagen då det justerade protokollet sattes upp på anslagstavlan: rätta `announced:` (eller `certified:`), som `announced: {certified}`"),
        AnnouncedBeforeMeeting { date, .. } => format!("ett protokoll anslås efter sammanträdet: rätta `announced:`, som `announced: {date}`"),
        AnnouncedLate(_) => "kontrollera datumet i `announced:`; sista dag att överklaga räknas ändå från det".into(),
        AgendaAnnouncedAfterMeeting { date, .. } => format!("ett sammanträde kungörs innan det hålls: rätta `agenda_announced:` (eller sammanträdets datum) till en dag före {date}; fullmäktiges sammanträden kungörs minst en vecka i förväg"),
        AgendaAnnouncedLate(_) => "kontrollera datumet i `agenda_announced:`; sammanträdet publiceras ändå".into(),
        PlaceholderLeft(_) => "ersätt den med sammanträdets egen text, eller ta bort den".into(),
        ControlCharacter(_) => "ta bort det: det syns inte i de flesta redigerare, så ta bort tecknen före och efter platsen ovan och skriv dem igen (det kommer oftast från text som kopierats ur ett annat program); inom citattecken skriver också en kod som `\\x01` ett sådant tecken".into(),
        ControlCharacterRemoved(c) => format!("ta bort referensen (`&#{};`): flöden och datafiler kan inte bära tecknet", u32::from(*c)),
        ImageWithoutAlt => "beskriv vad bilden visar för läsare som inte ser den, som `![Karta över Gamleby centrum](karta.png)`; en bild som bara pryder skrivs i HTML med ett tomt alternativ, som `<img src=\"linje.png\" alt=\"\">`".into(),
        OverHostLimit { .. } => "docs/hosting.md visar vad varje del av utdata kostar: stäng av flödet för varje ärende (`case_feeds: false`) eller de komprimerade kopiorna (`precompress: false`), eller välj en större plan eller ett annat webbhotell".into(),
        UnresolvedReference { why, .. } => {
            use crate::references::Unresolved::*;
            match why {
                TwoBodies(_) => "skriv organets förkortning som bodies.yaml anger den, som `Ks § 166`".into(),
                NoYear | Later(_) => "skriv ut året eller sammanträdets datum, som `Kf 2018 § 63` eller `Kf 2018-03-26 § 63`".into(),
                NotInMeeting => "rätta datumet eller paragrafnumret".into(),
                Absent => String::new(),
            }
        }
        HeadingSkipsLevel { previous, .. } => format!(
            "den som använder skärmläsare förflyttar sig med rubrikerna: gör den till en rubrik på nivå {} (`{}`), eller lägg till rubriken som saknas ovanför",
            previous + 1,
            "#".repeat(usize::from(*previous) + 1)
        ),
        EmptyLinkText => "skriv vad länken leder till mellan hakparenteserna, som `[Beslutet i kommunfullmäktige](…)`".into(),
        TableWithoutHeader => "ge tabellen en första rad med kolumnnamn: i Markdown raden ovanför `|---|`, i HTML celler med `<th>`".into(),
        AddressRemoved(_) | UnsafeAddress(_) => "länka till en webbsida (`https://…`), en e-postadress (`mailto:…`), ett telefonnummer (`tel:…`), eller en sida eller fil i portalen".into(),
        LinkLeadsNowhere { .. } => "länka till en fil i sammanträdets mapp (`bilaga.pdf`), en paragraf med dess fil (`064-svar.md`), ett annat sammanträde med dess mapp (`../2018-02-12-ks/`), en ärendefil eller fri sida med dess fil (`../../../cases/2018-71.md`), en paragraf i samma sammanträde (`#p63`), eller en sida med dess adress i portalen (`/arenden/2018-71/`)".into(),
        LinkToUnpublished(_) => "en fil publiceras när en paragraf utan sekretess anger den under `documents:`: ange den där, eller ta bort länken".into(),
        LinkToConfidential(_) => "en sekretessbelagd paragraf publicerar bara sitt nummer och datum: ta bort länken".into(),
        ExternalLinkBroken {
            answer: Answer::MovedPermanently { to },
            ..
        } => format!("länka till `{to}` i stället"),
        ExternalLinkBroken { .. } => "ta reda på var sidan finns nu och länka dit, eller ta bort länken (svaret sparas ett dygn i .insyn-cache/external-links.json; ta bort filen för att fråga igen)".into(),
        UnknownPerson { .. } => "använd en persons `id` ur people.yaml, eller lägg till personen där".into(),
        UnknownParty { known, .. } => format!("använd ett partis `id` ur `parties:` ({}), lägg till partiet där, eller utelämna `party:` för en partilös", known.join(", ")),
        InvalidPeopleId(_) => "använd små bokstäver, siffror och bindestreck, som `jon-sjolander` eller `m`: id:t är sidans adress".into(),
        DuplicatePeopleId { .. } => "ge varje person och varje parti ett eget id (två personer med samma namn: `anna-andersson-2`)".into(),
        PeopleWithoutFile { .. } => "lägg till people.yaml i innehållsmappen med partier och personer (se innehållsguiden), eller ta bort nyckeln".into(),
        NotPresent { .. } => "lägg till personen i `present:` i sammanträdets index.md, eller rätta namnet".into(),
        NoSeat { .. } => "lägg till platsen (`memberships:`) i people.yaml, rätta dess datum, eller ta bort personen ur `present:`".into(),
        NamedTwice { .. } => "ange varje person en gång: behåll den rad som stämmer".into(),
        NegativeCount { key, .. } => format!("skriv hur många som röstade så, som `{key}: 0`, eller räkna upp deras namn"),
        SeveralAdopted { .. } => "skriv `adopted: true` vid det enda yrkande som organet biföll".into(),
        SeatEndsBeforeItStarts { .. } => "rätta `from:` eller `to:`, eller utelämna `to:` för en plats som personen fortfarande har".into(),
        Io(_) => return None,
    })
}

fn yaml(problem: &YamlProblem) -> String {
    use YamlProblem::*;
    match problem {
        UnclosedQuote => "ett citattecken `\"` öppnas på den här raden men stängs inte",
        Tab => "ett tabbtecken står där YAML kräver mellanslag: dra in med mellanslag",
        ColonInValue => "ett värde innehåller `: ` och måste då stå inom citattecken",
        ReservedCharacter => "ett värde börjar med ett tecken som YAML reserverar (som `@`, `%` eller `` ` ``) och måste stå inom citattecken",
        UnclosedList => "en lista inom hakparenteser `[…]` stängs inte med `]`",
        UnclosedBraces => "ett värde inom klammerparenteser `{…}` stängs inte med `}`",
        DuplicateKey => "en nyckel står två gånger",
        NoColon => "en nyckel saknar `:` efter sig",
        NotClosed => "ett citattecken eller en parentes öppnas men stängs aldrig",
        Indentation => "raden är inte indragen som nycklarna runt den, eller så är ett värde ovanför inte avslutat",
        NotKeys => "här väntas nycklar med värden, som `title: …`",
        BodiesNotAList => "bodies.yaml ska vara en lista med organ, som var och en börjar med `- id:`",
        Parser(said) => return format!("tolken säger: {said}"),
    }
    .to_owned()
}

/// What YAML read, as serde names it (`string "x"`), in Swedish.
fn found_value(found: &str) -> String {
    const KINDS: &[(&str, &str)] = &[
        ("string ", "texten "),
        ("integer ", "heltalet "),
        ("floating point ", "talet "),
        ("boolean ", "sanningsvärdet "),
        ("sequence", "en lista"),
        ("map", "nycklar med värden"),
        ("unit value", "ett tomt värde"),
        ("this value", "det här värdet"),
    ];
    KINDS
        .iter()
        .find_map(|(en, sv)| found.strip_prefix(en).map(|rest| format!("{sv}{rest}")))
        .unwrap_or_else(|| found.to_owned())
}

fn wanted_value(wanted: Wanted) -> &'static str {
    match wanted {
        Wanted::WholeNumber => "ett heltal",
        Wanted::Number => "ett tal, som 712000 eller 22.21",
        Wanted::List => "en lista, som [a, b]",
        Wanted::TrueOrFalse => "true eller false",
        Wanted::Text => "text",
        Wanted::Keys => "nycklar med värden",
        Wanted::Other => "ett annat slags värde",
    }
}

/// A failed build's cause, in Swedish (content errors are reported one by
/// one instead).
pub(super) fn build_error(e: &super::BuildError) -> String {
    use super::BuildError::*;
    use crate::output::guard::{Refusal::*, MARKER};
    match e {
        Content { count } => format!("{count} fel i innehållet; inget skrevs"),
        Template { template, message } => {
            format!("temats mall `{template}` gick inte att använda: {message}")
        }
        Write { path, source } => format!("kan inte skriva {}: {source}", path.display()),
        Read { path, source } => format!("kan inte läsa {}: {source}", path.display()),
        OutputRefused { path, why } => {
            let path = path.display();
            let why = match why {
                Root => "den är filsystemets rot".to_string(),
                Home => "den är din hemmapp".into(),
                IsContent => "den är innehållsmappen".into(),
                HoldsContent { content } => {
                    format!("den innehåller innehållsmappen {}", content.display())
                }
                NotInsyns => format!(
                    "den innehåller filer som Insyn inte har skrivit (filen {MARKER} saknas)"
                ),
                Link => "den är en symbolisk länk".into(),
                NotAFolder => "den är en fil, inte en mapp".into(),
            };
            format!("webbplatsen skrivs inte till {path}: {why}")
        }
    }
}

/// How to choose another output folder, in Swedish.
pub(super) fn refusal_help(why: &crate::output::guard::Refusal) -> &'static str {
    use crate::output::guard::Refusal::*;
    match why {
        Link => "ange mappen som länken leder till med --output",
        NotInsyns => "ett bygge tömmer sin utmapp: ange en ny eller tom mapp med --output, eller töm den här själv om inget i den behövs",
        _ => "ett bygge tömmer sin utmapp: ange en egen mapp för webbplatsen med --output, som `output` bredvid innehållsmappen",
    }
}
