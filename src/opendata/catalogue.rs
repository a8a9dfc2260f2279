//! `/data/katalog.rdf`: a DCAT-AP 3.0.1 catalogue (RDF/XML) of the portal's
//! datasets — decisions, cases, meetings, the OParl API and, when the
//! portal has them, the people and their votes and the statistics — that the Swedish national data portal
//! (dataportal.se) can harvest. Titles and descriptions are in Swedish and
//! English; every dataset names the publisher, the contact point, the
//! licence, its distributions with their addresses and media types, and the
//! date of the latest meeting as its modification date.

use std::fmt::Write;

use super::{absolute, DataFile};
use crate::content::settings::Language;
use crate::i18n::I18n;
use crate::model::Site;
use crate::render::paths;

const FILE_TYPES: &str = "http://publications.europa.eu/resource/authority/file-type/";
const PUBLISHER_TYPE: &str = "http://purl.org/adms/publishertype/LocalAuthority";
/// The EU data theme "Government and public sector".
const THEME: &str = "http://publications.europa.eu/resource/authority/data-theme/GOVE";
const MEDIA_TYPES: &str = "http://www.iana.org/assignments/media-types/";

/// A distribution: a file (or an API's entry point) in one format.
struct Distribution {
    url: String,
    media_type: &'static str,
    file_type: &'static str,
    title: String,
}

/// A dataset: its key (the fragment of its address), the interface strings
/// of its title and description, and its distributions.
struct Dataset {
    key: &'static str,
    keywords: &'static [&'static str],
    distributions: Vec<Distribution>,
}

fn data_file(
    site: &Site,
    file: DataFile,
    media_type: &'static str,
    file_type: &'static str,
) -> Distribution {
    Distribution {
        url: absolute(site, file.file()),
        media_type,
        file_type,
        title: file.file().trim_start_matches("data/").to_owned(),
    }
}

fn datasets(site: &Site) -> Vec<Dataset> {
    let mut sets = vec![
        Dataset {
            key: "beslut",
            keywords: &["beslut", "protokoll", "kommun"],
            distributions: vec![data_file(site, DataFile::DecisionsCsv, "text/csv", "CSV")],
        },
        Dataset {
            key: "arenden",
            keywords: &["ärenden", "diarium", "kommun"],
            distributions: vec![
                data_file(site, DataFile::CasesCsv, "text/csv", "CSV"),
                data_file(site, DataFile::CasesJson, "application/json", "JSON"),
            ],
        },
        Dataset {
            key: "sammantraden",
            keywords: &["sammanträden", "kallelse", "protokoll"],
            distributions: vec![
                data_file(site, DataFile::MeetingsJson, "application/json", "JSON"),
                Distribution {
                    url: absolute(site, "sammantraden/kalender.ics"),
                    media_type: "text/calendar",
                    file_type: "ICS",
                    title: "kalender.ics".into(),
                },
            ],
        },
        Dataset {
            key: "oparl",
            keywords: &["OParl", "API"],
            distributions: vec![Distribution {
                url: absolute(site, "oparl/system.json"),
                media_type: "application/json",
                file_type: "JSON",
                title: "OParl 1.1".into(),
            }],
        },
    ];
    if !site.people.people.is_empty() {
        sets.push(Dataset {
            key: "ledamoter",
            keywords: &["ledamöter", "förtroendevalda", "partier"],
            distributions: vec![data_file(site, DataFile::PeopleCsv, "text/csv", "CSV")],
        });
        sets.push(Dataset {
            key: "voteringar",
            keywords: &["voteringar", "omröstningar", "beslut"],
            distributions: vec![data_file(site, DataFile::VotesCsv, "text/csv", "CSV")],
        });
    }
    if let Some(stats) = &site.statistics {
        let mut distributions = Vec::new();
        for (g, group) in stats.groups.iter().enumerate() {
            for i in 0..group.indicators.len() {
                let file = paths::statistics_csv(site, g, i);
                distributions.push(Distribution {
                    url: absolute(site, &file),
                    media_type: "text/csv",
                    file_type: "CSV",
                    title: file.rsplit('/').next().unwrap_or_default().to_owned(),
                });
            }
        }
        sets.push(Dataset {
            key: "statistik",
            keywords: &["statistik", "Kolada", "nyckeltal"],
            distributions,
        });
    }
    sets
}

pub fn rdf(site: &Site) -> Vec<u8> {
    let (sv, en) = (I18n::new(Language::Sv), I18n::new(Language::En));
    let catalogue = absolute(site, DataFile::Catalogue.file());
    let publisher = format!("{}#utgivare", absolute(site, "data/"));
    let licence = &site.config.data_licence.url;
    let modified = site
        .meetings
        .iter()
        .map(|m| m.date)
        .max()
        .map(|d| d.to_string());
    let sets = datasets(site);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(concat!(
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n",
        "         xmlns:dcat=\"http://www.w3.org/ns/dcat#\"\n",
        "         xmlns:dct=\"http://purl.org/dc/terms/\"\n",
        "         xmlns:foaf=\"http://xmlns.com/foaf/0.1/\"\n",
        "         xmlns:skos=\"http://www.w3.org/2004/02/skos/core#\"\n",
        "         xmlns:vcard=\"http://www.w3.org/2006/vcard/ns#\">\n"
    ));
    let _ = writeln!(x, "  <dcat:Catalog rdf:about=\"{}\">", esc(&catalogue));
    texts(
        &mut x,
        "dct:title",
        &sv.get("data_catalogue_title")
            .replace("{}", &site.config.organisation),
        &en.get("data_catalogue_title")
            .replace("{}", &site.config.organisation),
    );
    texts(
        &mut x,
        "dct:description",
        sv.get("data_catalogue_description"),
        en.get("data_catalogue_description"),
    );
    let _ = writeln!(
        x,
        "    <dct:publisher rdf:resource=\"{}\"/>",
        esc(&publisher)
    );
    let _ = writeln!(
        x,
        "    <foaf:homepage rdf:resource=\"{}\"/>",
        esc(&site.config.base_url)
    );
    let _ = writeln!(x, "    <dct:license rdf:resource=\"{}\"/>", esc(licence));
    language(&mut x, site);
    date(&mut x, &modified);
    for set in &sets {
        let _ = writeln!(
            x,
            "    <dcat:dataset rdf:resource=\"{}\"/>",
            esc(&dataset_id(site, set))
        );
    }
    x.push_str("  </dcat:Catalog>\n");

    let _ = writeln!(x, "  <foaf:Agent rdf:about=\"{}\">", esc(&publisher));
    let _ = writeln!(
        x,
        "    <foaf:name>{}</foaf:name>",
        esc(&site.config.organisation)
    );
    let _ = writeln!(x, "    <dct:type rdf:resource=\"{PUBLISHER_TYPE}\"/>");
    x.push_str("  </foaf:Agent>\n");
    let _ = writeln!(x, "  <dct:LicenseDocument rdf:about=\"{}\"/>", esc(licence));
    for (concept, label) in [
        (PUBLISHER_TYPE, "Local Authority"),
        (THEME, "Regeringen och den offentliga sektorn"),
    ] {
        let _ = writeln!(x, "  <skos:Concept rdf:about=\"{concept}\">");
        let _ = writeln!(x, "    <skos:prefLabel>{label}</skos:prefLabel>");
        x.push_str("  </skos:Concept>\n");
    }
    let _ = writeln!(
        x,
        "  <dct:LinguisticSystem rdf:about=\"{}\"/>",
        language_uri(site)
    );
    for page in [site.config.base_url.clone(), absolute(site, "data/")] {
        let _ = writeln!(x, "  <foaf:Document rdf:about=\"{}\"/>", esc(&page));
    }

    for set in &sets {
        let id = dataset_id(site, set);
        let _ = writeln!(x, "  <dcat:Dataset rdf:about=\"{}\">", esc(&id));
        let title = format!("data_set_{}", set.key);
        let description = format!("data_set_{}_description", set.key);
        texts(&mut x, "dct:title", sv.get(&title), en.get(&title));
        texts(
            &mut x,
            "dct:description",
            sv.get(&description),
            en.get(&description),
        );
        let _ = writeln!(
            x,
            "    <dct:publisher rdf:resource=\"{}\"/>",
            esc(&publisher)
        );
        if let Some(contact) = &site.config.contact {
            x.push_str("    <dcat:contactPoint>\n      <vcard:Organization>\n");
            x.push_str(
                "        <rdf:type rdf:resource=\"http://www.w3.org/2006/vcard/ns#Kind\"/>\n",
            );
            let _ = writeln!(
                x,
                "        <vcard:fn>{}</vcard:fn>",
                esc(&site.config.organisation)
            );
            if contact.contains('@') {
                let _ = writeln!(
                    x,
                    "        <vcard:hasEmail rdf:resource=\"mailto:{}\"/>",
                    esc(contact.trim())
                );
            }
            x.push_str("      </vcard:Organization>\n    </dcat:contactPoint>\n");
        }
        for keyword in set.keywords {
            let _ = writeln!(
                x,
                "    <dcat:keyword xml:lang=\"sv\">{}</dcat:keyword>",
                esc(keyword)
            );
        }
        let _ = writeln!(x, "    <dcat:theme rdf:resource=\"{THEME}\"/>");
        let _ = writeln!(
            x,
            "    <dcat:landingPage rdf:resource=\"{}\"/>",
            esc(&absolute(site, "data/"))
        );
        language(&mut x, site);
        date(&mut x, &modified);
        for n in 0..set.distributions.len() {
            let _ = writeln!(
                x,
                "    <dcat:distribution rdf:resource=\"{}-{}\"/>",
                esc(&id),
                n + 1
            );
        }
        x.push_str("  </dcat:Dataset>\n");
        for (n, d) in set.distributions.iter().enumerate() {
            let _ = writeln!(
                x,
                "  <dcat:Distribution rdf:about=\"{}-{}\">",
                esc(&id),
                n + 1
            );
            let _ = writeln!(x, "    <dct:title>{}</dct:title>", esc(&d.title));
            texts(
                &mut x,
                "dct:description",
                sv.get(&description),
                en.get(&description),
            );
            let _ = writeln!(x, "    <dcat:accessURL rdf:resource=\"{}\"/>", esc(&d.url));
            let _ = writeln!(
                x,
                "    <dcat:downloadURL rdf:resource=\"{}\"/>",
                esc(&d.url)
            );
            let _ = writeln!(
                x,
                "    <dcat:mediaType rdf:resource=\"{MEDIA_TYPES}{}\"/>",
                d.media_type
            );
            let _ = writeln!(
                x,
                "    <dct:format rdf:resource=\"{FILE_TYPES}{}\"/>",
                d.file_type
            );
            let _ = writeln!(x, "    <dct:license rdf:resource=\"{}\"/>", esc(licence));
            date(&mut x, &modified);
            x.push_str("  </dcat:Distribution>\n");
        }
    }
    let media: std::collections::BTreeSet<&str> = sets
        .iter()
        .flat_map(|s| s.distributions.iter().map(|d| d.media_type))
        .collect();
    for m in media {
        let _ = writeln!(x, "  <dct:MediaType rdf:about=\"{MEDIA_TYPES}{m}\"/>");
    }
    let formats: std::collections::BTreeSet<&str> = sets
        .iter()
        .flat_map(|s| s.distributions.iter().map(|d| d.file_type))
        .collect();
    for f in formats {
        let _ = writeln!(
            x,
            "  <dct:MediaTypeOrExtent rdf:about=\"{FILE_TYPES}{f}\"/>"
        );
    }
    x.push_str("</rdf:RDF>\n");
    x.into_bytes()
}

fn dataset_id(site: &Site, set: &Dataset) -> String {
    format!("{}#{}", absolute(site, "data/"), set.key)
}

fn texts(x: &mut String, element: &str, sv: &str, en: &str) {
    let _ = writeln!(x, "    <{element} xml:lang=\"sv\">{}</{element}>", esc(sv));
    let _ = writeln!(x, "    <{element} xml:lang=\"en\">{}</{element}>", esc(en));
}

/// The EU vocabulary's address of the portal's language.
fn language_uri(site: &Site) -> String {
    let code = match site.config.language {
        Language::Sv => "SWE",
        Language::En => "ENG",
    };
    format!("http://publications.europa.eu/resource/authority/language/{code}")
}

fn language(x: &mut String, site: &Site) {
    let _ = writeln!(
        x,
        "    <dct:language rdf:resource=\"{}\"/>",
        language_uri(site)
    );
}

fn date(x: &mut String, modified: &Option<String>) {
    if let Some(d) = modified {
        let _ = writeln!(
            x,
            "    <dct:modified rdf:datatype=\"http://www.w3.org/2001/XMLSchema#date\">{d}</dct:modified>"
        );
    }
}

/// XML text and attribute escaping.
fn esc(s: &str) -> String {
    crate::theme::escape_html(s)
}
