//! The information package's description (E-ARK CSIP): a METS file for
//! the package and one for each representation, PREMIS fixity for every
//! file, Dublin Core for the package, and the documentation and schemas
//! it carries. Written by hand: a few fixed shapes, escaped, in path order.

use std::path::Path;

use rayon::prelude::*;

use super::{write_file, ArchiveError, Files, Fixity, Identity};

/// The representations, as folders of the package.
pub const SITE: &str = "representations/site";
pub const SOURCE: &str = "representations/source";

const PROFILE: &str = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml";
const OTHER_TYPE: &str = "Insyn transparency portal";
const SOFTWARE: &str = "Insyn";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The schemas the METS files follow, written into `schemas/`.
const SCHEMAS: [(&str, &[u8]); 3] = [
    (
        "DILCISExtensionMETS.xsd",
        include_bytes!("schemas/DILCISExtensionMETS.xsd"),
    ),
    ("mets.xsd", include_bytes!("schemas/mets.xsd")),
    ("xlink.xsd", include_bytes!("schemas/xlink.xsd")),
];

/// One representation: its folder, its name and what it is.
#[derive(Clone, Copy)]
enum Rep {
    Site,
    Source,
}

impl Rep {
    fn folder(self) -> &'static str {
        match self {
            Rep::Site => SITE,
            Rep::Source => SOURCE,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Rep::Site => "site",
            Rep::Source => "source",
        }
    }

    fn label(self, sv: bool) -> &'static str {
        match (self, sv) {
            (Rep::Site, true) => {
                "Den byggda portalen: HTML-sidor, handlingar, öppna data och sökindex"
            }
            (Rep::Site, false) => {
                "The built portal: HTML pages, documents, open data and search index"
            }
            (Rep::Source, true) => {
                "Innehållet portalen byggdes från: Markdown, YAML, PDF och statistik"
            }
            (Rep::Source, false) => {
                "The content the portal was built from: Markdown, YAML, PDF and statistics"
            }
        }
    }
}

/// Write the description of the package in `package` (the bag's
/// `data/`), whose representations hold `site` and `source` (their
/// files by path inside each `data/`). Returns every file of the package
/// by its path inside it.
pub fn write_package(
    package: &Path,
    id: &Identity,
    site: Files,
    source: Files,
) -> Result<Files, ArchiveError> {
    let mut all = Files::new();
    // What the package's own PREMIS gives the fixity of: every file that no
    // representation's PREMIS covers, but the root METS that names it.
    let mut described = Files::new();
    let mut rep_mets = Vec::new();
    let (site, source) = rayon::join(
        || write_representation(package, id, Rep::Site, site),
        || write_representation(package, id, Rep::Source, source),
    );
    for (rep, written) in [(Rep::Site, site?), (Rep::Source, source?)] {
        let Written {
            files,
            premis,
            mets,
        } = written;
        rep_mets.push((rep, mets.1.clone()));
        all.extend(files);
        described.extend([premis, mets]);
    }
    let readme = write_file(package, "documentation/README.txt", readme(id).as_bytes())?;
    let mut schemas = Vec::new();
    for (name, bytes) in SCHEMAS {
        schemas.push(write_file(package, &format!("schemas/{name}"), bytes)?);
    }
    let dc = write_file(
        package,
        "metadata/descriptive/dc.xml",
        dublin_core(id).as_bytes(),
    )?;
    described.extend(schemas.iter().cloned().chain([readme.clone(), dc.clone()]));
    let premis_file = write_file(
        package,
        "metadata/preservation/premis.xml",
        premis(id, &described, "", true).as_bytes(),
    )?;
    let root = root_mets(id, &readme, &schemas, &dc.1, &premis_file.1, &rep_mets);
    let root_file = write_file(package, "METS.xml", root.as_bytes())?;
    all.extend(described);
    all.extend([premis_file, root_file]);
    Ok(all)
}

/// A representation written: its files by their path in the package,
/// and its PREMIS and METS files.
struct Written {
    files: Files,
    premis: (String, Fixity),
    mets: (String, Fixity),
}

/// Write a representation's PREMIS and METS for its `files` (by their path
/// inside its `data/`).
fn write_representation(
    package: &Path,
    id: &Identity,
    rep: Rep,
    files: Files,
) -> Result<Written, ArchiveError> {
    let dir = rep.folder();
    let premis_text = premis(id, &files, "data/", false);
    let premis_path = format!("{dir}/metadata/preservation/premis.xml");
    let premis = write_file(package, &premis_path, premis_text.as_bytes())?;
    let mets_text = representation_mets(id, rep, &files, &premis.1);
    let mets = write_file(package, &format!("{dir}/METS.xml"), mets_text.as_bytes())?;
    let files = files
        .into_iter()
        .map(|(path, f)| (format!("{dir}/data/{path}"), f));
    Ok(Written {
        files: files.collect(),
        premis,
        mets,
    })
}

/// Text escaped for XML content and attribute values.
fn esc(text: &str) -> String {
    crate::theme::escape_html(text)
}

/// A file's media type, by its name.
fn mime(path: &str) -> String {
    match path.rsplit('.').next() {
        Some("md") => "text/markdown".into(),
        Some("yaml" | "yml") => "application/yaml".into(),
        Some("xsd") => "application/xml".into(),
        _ => mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str()
            .to_owned(),
    }
}

fn mets_open(id: &Identity, objid: &str, label: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.loc.gov/METS/ {schemas}mets.xsd http://www.w3.org/1999/xlink {schemas}xlink.xsd https://DILCIS.eu/XML/METS/CSIPExtensionMETS {schemas}DILCISExtensionMETS.xsd" OBJID="{objid}" LABEL="{label}" TYPE="Websites" csip:CONTENTINFORMATIONTYPE="OTHER" csip:OTHERCONTENTINFORMATIONTYPE="{OTHER_TYPE}" PROFILE="{PROFILE}">
  <mets:metsHdr CREATEDATE="{date}" LASTMODDATE="{date}" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="AIP">
    <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
      <mets:name>{SOFTWARE}</mets:name>
      <mets:note csip:NOTETYPE="SOFTWARE VERSION">{VERSION}</mets:note>
    </mets:agent>
    <mets:agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">
      <mets:name>{organisation}</mets:name>
    </mets:agent>
  </mets:metsHdr>
"#,
        schemas = if objid.contains('/') {
            "../../schemas/"
        } else {
            "schemas/"
        },
        objid = esc(objid),
        label = esc(label),
        date = id.timestamp(),
        organisation = esc(&id.organisation),
    )
}

/// The attributes METS gives a file or metadata file: type, size, date
/// and checksum.
fn file_attributes(id: &Identity, path: &str, f: &Fixity) -> String {
    format!(
        r#"MIMETYPE="{}" SIZE="{}" CREATED="{}" CHECKSUM="{}" CHECKSUMTYPE="SHA-256""#,
        mime(path),
        f.size,
        id.timestamp(),
        f.sha256
    )
}

fn md_ref(id: &Identity, path: &str, mdtype: &str, f: &Fixity) -> String {
    format!(
        r#"<mets:mdRef LOCTYPE="URL" xlink:type="simple" xlink:href="{}" MDTYPE="{mdtype}" {}/>"#,
        esc(path),
        file_attributes(id, path, f)
    )
}

fn file_entry(id: &Identity, xml_id: &str, path: &str, f: &Fixity) -> String {
    format!(
        "      <mets:file ID=\"{xml_id}\" {}><mets:FLocat LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"{}\"/></mets:file>\n",
        file_attributes(id, path, f),
        esc(path)
    )
}

/// One piece of text per file, made on every core, in the files' order.
fn per_file(files: &Files, piece: impl Fn(usize, &str, &Fixity) -> String + Sync) -> String {
    let files: Vec<(&String, &Fixity)> = files.iter().collect();
    let chunks: Vec<String> = files
        .par_chunks(4096)
        .enumerate()
        .map(|(c, chunk)| {
            let pieces = chunk.iter().enumerate();
            pieces
                .map(|(i, (path, f))| piece(c * 4096 + i, path, f))
                .collect()
        })
        .collect();
    chunks.concat()
}

fn file_group(xml_id: &str, usage: &str, entries: &str) -> String {
    format!(
        "    <mets:fileGrp ID=\"{xml_id}\" USE=\"{usage}\" csip:CONTENTINFORMATIONTYPE=\"OTHER\" csip:OTHERCONTENTINFORMATIONTYPE=\"{OTHER_TYPE}\">\n{entries}    </mets:fileGrp>\n"
    )
}

fn root_mets(
    id: &Identity,
    readme: &(String, Fixity),
    schemas: &[(String, Fixity)],
    dc: &Fixity,
    premis: &Fixity,
    reps: &[(Rep, Fixity)],
) -> String {
    let mut out = mets_open(id, &id.id, &package_label(id));
    out.push_str(&format!(
        "  <mets:dmdSec ID=\"dmd-dc\" CREATED=\"{}\" STATUS=\"CURRENT\">\n    {}\n  </mets:dmdSec>\n",
        id.timestamp(),
        md_ref(id, "metadata/descriptive/dc.xml", "DC", dc)
    ));
    out.push_str(&format!(
        "  <mets:amdSec>\n    <mets:digiprovMD ID=\"digiprov-premis\" STATUS=\"CURRENT\">\n      {}\n    </mets:digiprovMD>\n  </mets:amdSec>\n",
        md_ref(id, "metadata/preservation/premis.xml", "PREMIS", premis)
    ));
    out.push_str("  <mets:fileSec ID=\"filesec\">\n");
    let doc = file_entry(id, "file-documentation-1", &readme.0, &readme.1);
    out.push_str(&file_group("grp-documentation", "Documentation", &doc));
    let schema_files: String = schemas
        .iter()
        .enumerate()
        .map(|(i, (path, f))| file_entry(id, &format!("file-schemas-{}", i + 1), path, f))
        .collect();
    out.push_str(&file_group("grp-schemas", "Schemas", &schema_files));
    for (rep, f) in reps {
        let path = format!("{}/METS.xml", rep.folder());
        let entry = file_entry(id, &format!("file-{}-mets", rep.name()), &path, f);
        let usage = format!("Representations/{}", rep.name());
        out.push_str(&file_group(
            &format!("grp-rep-{}", rep.name()),
            &usage,
            &entry,
        ));
    }
    out.push_str("  </mets:fileSec>\n");
    out.push_str(&format!(
        "  <mets:structMap ID=\"structmap-csip\" TYPE=\"PHYSICAL\" LABEL=\"CSIP\">\n    <mets:div ID=\"div-package\" LABEL=\"{}\">\n",
        esc(&id.id)
    ));
    out.push_str("      <mets:div ID=\"div-metadata\" LABEL=\"Metadata\" ADMID=\"digiprov-premis\" DMDID=\"dmd-dc\"/>\n");
    out.push_str("      <mets:div ID=\"div-documentation\" LABEL=\"Documentation\">\n        <mets:fptr FILEID=\"grp-documentation\"/>\n      </mets:div>\n");
    out.push_str("      <mets:div ID=\"div-schemas\" LABEL=\"Schemas\">\n        <mets:fptr FILEID=\"grp-schemas\"/>\n      </mets:div>\n");
    out.push_str("      <mets:div ID=\"div-representations\" LABEL=\"Representations\">\n");
    for (rep, _) in reps {
        out.push_str(&format!(
            "        <mets:fptr FILEID=\"grp-rep-{}\"/>\n",
            rep.name()
        ));
    }
    for (rep, _) in reps {
        out.push_str(&format!(
            "        <mets:div ID=\"div-rep-{name}\" LABEL=\"Representations/{name}\">\n          <mets:mptr LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"{folder}/METS.xml\" xlink:title=\"grp-rep-{name}\"/>\n        </mets:div>\n",
            name = rep.name(),
            folder = rep.folder()
        ));
    }
    out.push_str("      </mets:div>\n    </mets:div>\n  </mets:structMap>\n</mets:mets>\n");
    out
}

fn representation_mets(id: &Identity, rep: Rep, files: &Files, premis: &Fixity) -> String {
    let sv = id.language == crate::content::settings::Language::Sv;
    let objid = format!("{}/{}", id.id, rep.name());
    let mut out = mets_open(id, &objid, rep.label(sv));
    out.push_str(&format!(
        "  <mets:amdSec>\n    <mets:digiprovMD ID=\"digiprov-premis-{}\" STATUS=\"CURRENT\">\n      {}\n    </mets:digiprovMD>\n  </mets:amdSec>\n",
        rep.name(),
        md_ref(id, "metadata/preservation/premis.xml", "PREMIS", premis)
    ));
    out.push_str("  <mets:fileSec ID=\"filesec\">\n");
    let entries = per_file(files, |i, path, f| {
        file_entry(id, &format!("file-{}", i + 1), &format!("data/{path}"), f)
    });
    let usage = format!("Representations/{}/data", rep.name());
    out.push_str(&file_group("grp-data", &usage, &entries));
    out.push_str(&format!(
        "  </mets:fileSec>\n  <mets:structMap ID=\"structmap-csip\" TYPE=\"PHYSICAL\" LABEL=\"CSIP\">\n    <mets:div ID=\"div-representation\" LABEL=\"{}\">\n      <mets:div ID=\"div-data\" LABEL=\"Data\">\n        <mets:fptr FILEID=\"grp-data\"/>\n      </mets:div>\n      <mets:div ID=\"div-metadata\" LABEL=\"Metadata\" ADMID=\"digiprov-premis-{}\"/>\n    </mets:div>\n  </mets:structMap>\n</mets:mets>\n",
        esc(&objid),
        rep.name()
    ));
    out
}

/// `Insyn – Västerviks kommun: protokoll 2019`.
fn package_label(id: &Identity) -> String {
    let sv = id.language == crate::content::settings::Language::Sv;
    match (sv, id.whole) {
        (true, true) => format!("{}: hela portalen, sammanträden {}", id.title, id.period()),
        (true, false) => format!("{}: sammanträden {}", id.title, id.period()),
        (false, true) => format!("{}: the whole portal, meetings {}", id.title, id.period()),
        (false, false) => format!("{}: meetings {}", id.title, id.period()),
    }
}

/// PREMIS 3: an object with its fixity for each file (its identifier the
/// path after `prefix`), and with `events`, the package's making and the
/// agent that made it.
fn premis(id: &Identity, files: &Files, prefix: &str, events: bool) -> String {
    let mut out = String::with_capacity(2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<premis:premis xmlns:premis=\"http://www.loc.gov/premis/v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.loc.gov/premis/v3 https://www.loc.gov/standards/premis/premis.xsd\" version=\"3.0\">\n");
    out.push_str(&per_file(files, |_, path, f| {
        premis_object(&format!("{prefix}{path}"), f)
    }));
    if events {
        out.push_str(&format!(
            "  <premis:event>\n    <premis:eventIdentifier>\n      <premis:eventIdentifierType>local</premis:eventIdentifierType>\n      <premis:eventIdentifierValue>creation</premis:eventIdentifierValue>\n    </premis:eventIdentifier>\n    <premis:eventType>creation</premis:eventType>\n    <premis:eventDateTime>{date}</premis:eventDateTime>\n    <premis:eventDetailInformation>\n      <premis:eventDetail>{detail}</premis:eventDetail>\n    </premis:eventDetailInformation>\n    <premis:eventOutcomeInformation>\n      <premis:eventOutcome>success</premis:eventOutcome>\n    </premis:eventOutcomeInformation>\n    <premis:linkingAgentIdentifier>\n      <premis:linkingAgentIdentifierType>local</premis:linkingAgentIdentifierType>\n      <premis:linkingAgentIdentifierValue>insyn</premis:linkingAgentIdentifierValue>\n    </premis:linkingAgentIdentifier>\n  </premis:event>\n  <premis:agent>\n    <premis:agentIdentifier>\n      <premis:agentIdentifierType>local</premis:agentIdentifierType>\n      <premis:agentIdentifierValue>insyn</premis:agentIdentifierValue>\n    </premis:agentIdentifier>\n    <premis:agentName>{SOFTWARE}</premis:agentName>\n    <premis:agentType>software</premis:agentType>\n    <premis:agentVersion>{VERSION}</premis:agentVersion>\n  </premis:agent>\n  <premis:agent>\n    <premis:agentIdentifier>\n      <premis:agentIdentifierType>local</premis:agentIdentifierType>\n      <premis:agentIdentifierValue>organisation</premis:agentIdentifierValue>\n    </premis:agentIdentifier>\n    <premis:agentName>{organisation}</premis:agentName>\n    <premis:agentType>organization</premis:agentType>\n  </premis:agent>\n",
            date = id.timestamp(),
            detail = esc(&format!(
                "insyn archive: {} meetings, {} paragraphs and {} cases, {} to {}",
                id.meetings, id.paragraphs, id.cases, id.first, id.last
            )),
            organisation = esc(&id.organisation),
        ));
    }
    out.push_str("</premis:premis>\n");
    out
}

/// A file as a PREMIS object with its fixity, on one line.
fn premis_object(path: &str, f: &Fixity) -> String {
    format!(
        "  <premis:object xsi:type=\"premis:file\"><premis:objectIdentifier><premis:objectIdentifierType>local</premis:objectIdentifierType><premis:objectIdentifierValue>{}</premis:objectIdentifierValue></premis:objectIdentifier><premis:objectCharacteristics><premis:fixity><premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm><premis:messageDigest>{}</premis:messageDigest><premis:messageDigestOriginator>{SOFTWARE}</premis:messageDigestOriginator></premis:fixity><premis:size>{}</premis:size><premis:format><premis:formatDesignation><premis:formatName>{}</premis:formatName></premis:formatDesignation></premis:format></premis:objectCharacteristics></premis:object>\n",
        esc(path),
        f.sha256,
        f.size,
        mime(path)
    )
}

/// The package in Dublin Core: who, what, which bodies, covering when.
fn dublin_core(id: &Identity) -> String {
    let sv = id.language == crate::content::settings::Language::Sv;
    let description = match sv {
        true => format!(
            "Protokoll från {} sammanträden ({} paragrafer, {} ärenden), {} till {}, som webbportal och som det innehåll den byggdes från.",
            id.meetings, id.paragraphs, id.cases, id.first, id.last
        ),
        false => format!(
            "Minutes of {} meetings ({} paragraphs, {} cases), {} to {}, as a web portal and as the content it was built from.",
            id.meetings, id.paragraphs, id.cases, id.first, id.last
        ),
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    let mut element = |name: &str, value: &str| {
        out.push_str(&format!("  <dc:{name}>{}</dc:{name}>\n", esc(value)));
    };
    element("identifier", &id.id);
    element("title", &package_label(id));
    element("creator", &id.organisation);
    element("publisher", &id.organisation);
    for body in &id.bodies {
        element("subject", body);
    }
    element("description", &description);
    element("date", &id.date.to_string());
    element("coverage", &format!("{}/{}", id.first, id.last));
    element("type", "Text");
    element("format", "text/html");
    element("language", if sv { "sv" } else { "en" });
    element("source", &id.base_url);
    if let Some(contact) = &id.contact {
        element("relation", &format!("mailto:{contact}"));
    }
    out.push_str("</oai_dc:dc>\n");
    out
}

/// The package's own account of itself, for whoever opens it.
fn readme(id: &Identity) -> String {
    let sv = id.language == crate::content::settings::Language::Sv;
    match sv {
        true => format!(
            "{label}\n\nArkivpaket {pkg}, gjort av {SOFTWARE} {VERSION} med datumet {date}.\n\nPaketet är en BagIt-påse (RFC 8493) vars data/ är ett informationspaket enligt E-ARK CSIP:\n\n  data/METS.xml                       paketets beskrivning (METS)\n  data/metadata/descriptive/dc.xml    vem, vad och vilken tid (Dublin Core)\n  data/metadata/preservation/         kontrollsummor (PREMIS, SHA-256)\n  data/representations/site/data/     portalen: öppna index.html i en webbläsare; sökningen fungerar utan nät\n  data/representations/source/data/   innehållet portalen byggdes från (Markdown, YAML, PDF)\n  data/schemas/                       de scheman METS-filerna följer\n\nParagrafer som omfattas av sekretess finns bara med sitt nummer, och inget opublicerat finns med.\nKontrollera att paketet är helt med `insyn archive --verify <paket>` eller `bagit.py --validate <paket>`.\n",
            label = package_label(id),
            pkg = id.id,
            date = id.date,
        ),
        false => format!(
            "{label}\n\nArchival package {pkg}, made by {SOFTWARE} {VERSION} with the date {date}.\n\nThe package is a BagIt bag (RFC 8493) whose data/ is an E-ARK CSIP information package:\n\n  data/METS.xml                       the package's description (METS)\n  data/metadata/descriptive/dc.xml    who, what and when (Dublin Core)\n  data/metadata/preservation/         checksums (PREMIS, SHA-256)\n  data/representations/site/data/     the portal: open index.html in a browser; search works offline\n  data/representations/source/data/   the content the portal was built from (Markdown, YAML, PDF)\n  data/schemas/                       the schemas the METS files follow\n\nConfidential paragraphs are there by their number only, and nothing unpublished is.\nCheck that the package is whole with `insyn archive --verify <package>` or `bagit.py --validate <package>`.\n",
            label = package_label(id),
            pkg = id.id,
            date = id.date,
        ),
    }
}
