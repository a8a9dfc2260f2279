//! `insyn archive --zip`: the bag as one zip file, its entries in path
//! order under one folder named as the package, each with the package's
//! date as its time, so that the same content gives the same bytes.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::{fixity, slash_path, ArchiveError, Files, Identity};

/// Files that are compressed already, stored as they are.
const STORED: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "zip", "gz", "br", "docx", "xlsx", "pptx", "odt",
    "ods", "odp", "odg",
];

/// Zip the bag in `dir` into the file `to`, under the folder `name`.
pub fn write(dir: &Path, to: &Path, name: &str, id: &Identity) -> Result<(), ArchiveError> {
    let write_error = |source| super::write_error(to.to_path_buf())(source);
    let file = std::fs::File::create(to).map_err(write_error)?;
    let mut zip = ZipWriter::new(std::io::BufWriter::new(file));
    let time = DateTime::from_date_and_time(
        id.year().clamp(1980, 2107) as u16,
        month(id),
        day(id),
        0,
        0,
        0,
    )
    .unwrap_or_default();
    // In the order of the paths as text, as the manifests list them.
    let mut files: Vec<(String, std::path::PathBuf)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                slash_path(e.path().strip_prefix(dir).unwrap_or(e.path())),
                e.into_path(),
            )
        })
        .collect();
    files.sort();
    for (rel, path) in files {
        let bytes = std::fs::read(&path).map_err(super::read_error(path))?;
        let extension = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let method = match extension.as_deref() {
            Some(e) if STORED.contains(&e) => CompressionMethod::Stored,
            _ => CompressionMethod::Deflated,
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644)
            .large_file(bytes.len() as u64 >= u32::MAX as u64);
        zip.start_file(format!("{name}/{rel}"), options)
            .map_err(|e| write_error(std::io::Error::other(e)))?;
        zip.write_all(&bytes).map_err(write_error)?;
    }
    let mut inner = zip
        .finish()
        .map_err(|e| write_error(std::io::Error::other(e)))?;
    inner.flush().map_err(write_error)?;
    Ok(())
}

fn month(id: &Identity) -> u8 {
    chrono::Datelike::month(&id.date) as u8
}

fn day(id: &Identity) -> u8 {
    chrono::Datelike::day(&id.date) as u8
}

/// Every file of a zipped bag with its fixity, by its path in the bag
/// (the folder all entries share taken off), and the text of the tag
/// files at its top (the manifests among them).
pub fn read(path: &Path) -> Result<(Files, BTreeMap<String, String>), ArchiveError> {
    let read_error = |source| super::read_error(path.to_path_buf())(source);
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut zip = ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| read_error(std::io::Error::other(e)))?;
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| read_error(std::io::Error::other(e)))?;
        if entry.is_dir() {
            continue;
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(read_error)?;
        let name = entry.name().to_owned();
        let text = (name.ends_with(".txt") && name.matches('/').count() <= 1)
            .then(|| String::from_utf8_lossy(&bytes).into_owned());
        entries.push((name, fixity(&bytes), text));
    }
    let root = common_folder(entries.iter().map(|(n, _, _)| n.as_str()));
    let mut files = Files::new();
    let mut texts = BTreeMap::new();
    for (name, f, text) in entries {
        let rel = name[root.len()..].to_owned();
        if let Some(text) = text.filter(|_| !rel.contains('/')) {
            texts.insert(rel.clone(), text);
        }
        files.insert(rel, f);
    }
    Ok((files, texts))
}

/// `name/` when every entry lies in that one folder, else nothing.
fn common_folder<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let Some((folder, _)) = first.split_once('/') else {
        return String::new();
    };
    let prefix = format!("{folder}/");
    match names.all(|n| n.starts_with(&prefix)) {
        true => prefix,
        false => String::new(),
    }
}
