//! Helpers the unit tests share: copies of fixture folders to change, and
//! the demo portal's model.

use std::path::Path;

/// Copy the folder `from`, with everything in it, to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        match entry.file_type().unwrap().is_dir() {
            true => copy_dir(&entry.path(), &target),
            false => drop(std::fs::copy(entry.path(), &target).unwrap()),
        }
    }
}

/// The demo portal's model, built from a copy of its content that `edit`
/// changed first.
pub fn demo_site(edit: impl FnOnce(&Path)) -> crate::model::Site {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(Path::new("content"), &content);
    edit(&content);
    let report = crate::pipeline::check(&content, crate::documents::Cache::ReadOnly);
    match report.result {
        Ok(checked) => checked.site,
        Err(_) => panic!("the demo content builds: {:?}", report.diagnostics),
    }
}
