//! The BagIt bag (RFC 8493, version 1.0) around the information package:
//! `bagit.txt`, `bag-info.txt`, and SHA-256 manifests of the payload and
//! of the tag files, so that generic tools (`bagit.py --validate`) can
//! check the package without knowing E-ARK.

use std::path::Path;

use super::{write_file, ArchiveError, Files, Fixity, Identity};

/// The payload folder: the information package.
pub const PAYLOAD: &str = "data";
pub const DECLARATION: &str = "bagit.txt";
pub const INFO: &str = "bag-info.txt";
pub const MANIFEST: &str = "manifest-sha256.txt";
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";

/// Write the bag's tag files in `root` for the `payload` (files by their
/// path inside `data/`). Returns every file of the bag by its path in it.
pub fn write(root: &Path, id: &Identity, payload: &Files) -> Result<Files, ArchiveError> {
    let mut all: Files = payload
        .iter()
        .map(|(path, f)| (format!("{PAYLOAD}/{path}"), f.clone()))
        .collect();
    let declaration = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
    let bytes: u64 = payload.values().map(|f| f.size).sum();
    let info = bag_info(id, bytes, payload.len());
    let payload_manifest = manifest(all.iter());
    let mut tags = Files::new();
    for (name, text) in [
        (DECLARATION, declaration),
        (INFO, info.as_str()),
        (MANIFEST, payload_manifest.as_str()),
    ] {
        let (path, f) = write_file(root, name, text.as_bytes())?;
        tags.insert(path, f);
    }
    let tag_manifest = manifest(tags.iter());
    let written = write_file(root, TAG_MANIFEST, tag_manifest.as_bytes())?;
    all.extend(tags);
    all.extend([written]);
    Ok(all)
}

/// `bag-info.txt`: who made the bag, of what, and its payload's size.
fn bag_info(id: &Identity, bytes: u64, files: usize) -> String {
    let mut out = format!(
        "Source-Organization: {}\nExternal-Identifier: {}\nExternal-Description: {}\nBagging-Date: {}\nBag-Software-Agent: Insyn {}\nPayload-Oxum: {bytes}.{files}\n",
        one_line(&id.organisation),
        id.id,
        one_line(&format!("{}, {} – {}", id.title, id.first, id.last)),
        id.date,
        env!("CARGO_PKG_VERSION"),
    );
    if let Some(contact) = &id.contact {
        out.push_str(&format!("Contact-Email: {}\n", one_line(contact)));
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A manifest: `<sha256>  <path>` a line, in path order.
fn manifest<'a>(files: impl Iterator<Item = (&'a String, &'a Fixity)>) -> String {
    files
        .map(|(path, f)| format!("{}  {}\n", f.sha256, encode(path)))
        .collect()
}

/// A path as a manifest writes it: `%`, CR and LF percent-encoded.
pub fn encode(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A manifest's path as the file's.
pub fn decode(path: &str) -> String {
    path.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_with_percent_and_newline_read_back() {
        for path in ["data/a b.pdf", "data/100%.txt", "data/two\nlines"] {
            assert_eq!(decode(&encode(path)), path);
        }
        assert_eq!(encode("data/100%.txt"), "data/100%25.txt");
    }
}
