//! Themes: Tera templates (`templates/`) and assets (`static/`). The default
//! theme is built into the binary; a portal's `theme:` folder overrides any
//! single file of it and falls back to the default for the rest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::Tera;

use crate::error::BuildError;

mod fields;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where one asset's bytes come from.
#[derive(Debug, Clone)]
pub enum Asset {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl Asset {
    /// The asset's bytes, as the build copies them.
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Asset::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Asset::Disk(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
        }
    }
}

pub struct Theme {
    pub tera: Tera,
    /// Output path (relative to the site root) → source.
    pub assets: BTreeMap<String, Asset>,
    /// Every file of the portal's theme folder, for knowing what it feeds.
    pub folder: Option<PathBuf>,
    /// Each template's source, by name.
    templates: BTreeMap<String, String>,
}

impl Theme {
    /// Load the default theme overlaid with `<portal_root>/themes/<name>/`
    /// when that folder exists.
    pub fn load(portal_root: &Path, name: &str) -> Result<Theme, BuildError> {
        let mut templates: BTreeMap<String, String> = BTreeMap::new();
        let mut assets: BTreeMap<String, Asset> = BTreeMap::new();
        collect_embedded(&DEFAULT_THEME, &mut templates, &mut assets);
        let folder = portal_root.join("themes").join(name);
        let folder = folder.is_dir().then_some(folder);
        if let Some(dir) = &folder {
            collect_disk(dir, &mut templates, &mut assets)?;
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error("", &e))?;
        Ok(Theme {
            tera,
            assets,
            folder,
            templates,
        })
    }

    /// The templates whose source differs in `other` (or that only one of
    /// the two has).
    pub fn templates_changed_in(&self, other: &Theme) -> BTreeSet<String> {
        let names = self.templates.keys().chain(other.templates.keys());
        names
            .filter(|n| self.templates.get(*n) != other.templates.get(*n))
            .cloned()
            .collect()
    }

    /// The templates that render differently when `changed` ones do: those,
    /// and every template that names one of them (in `extends`, `include`
    /// or `import`), and so on. Naming is found in the source text, so a
    /// template that merely mentions another's name counts too: rendering
    /// it again is harmless.
    pub fn templates_using(&self, changed: &BTreeSet<String>) -> BTreeSet<String> {
        self.closure(changed.clone(), |candidate, used| {
            names(self.source(candidate), used)
        })
    }

    /// May the template `name`, or a template it names, print the field
    /// `field` of the items of its context's list `list`
    /// ([`fields::may_print_item_field`])? When a template cannot be
    /// found, it may.
    pub fn may_print_item_field(&self, name: &str, list: &str, field: &str) -> bool {
        let used = self.templates_used_by(name);
        let trees: Option<Vec<&[tera::ast::Node]>> = (used.iter())
            .map(|t| self.tera.get_template(t).ok().map(|t| &t.ast[..]))
            .collect();
        trees.is_none_or(|trees| fields::may_print_item_field(&trees, list, field))
    }

    /// The template `name` and those it names, and those they name, and so
    /// on (the other way round from [`Theme::templates_using`]).
    fn templates_used_by(&self, name: &str) -> BTreeSet<String> {
        let start = BTreeSet::from([name.to_owned()]);
        self.closure(start, |candidate, using| {
            names(self.source(using), candidate)
        })
    }

    /// `set` and every template `linked` to one in it (`linked(candidate,
    /// member)`), and those linked to them, and so on.
    fn closure(
        &self,
        mut set: BTreeSet<String>,
        linked: impl Fn(&str, &str) -> bool,
    ) -> BTreeSet<String> {
        loop {
            let more: Vec<&String> = (self.templates.keys())
                .filter(|t| !set.contains(*t) && set.iter().any(|m| linked(t, m)))
                .collect();
            if more.is_empty() {
                return set;
            }
            set.extend(more.into_iter().cloned());
        }
    }

    /// A template's source (nothing for one the theme lacks).
    fn source(&self, name: &str) -> &str {
        self.templates.get(name).map_or("", String::as_str)
    }
}

/// Does a template's source name another template, quoted?
fn names(source: &str, template: &str) -> bool {
    ['"', '\'', '`']
        .iter()
        .any(|q| source.contains(&format!("{q}{template}{q}")))
}

fn collect_embedded(
    dir: &'static Dir<'static>,
    templates: &mut BTreeMap<String, String>,
    assets: &mut BTreeMap<String, Asset>,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            templates.insert(
                name.to_owned(),
                file.contents_utf8().unwrap_or_default().to_owned(),
            );
        } else if let Some(name) = path.strip_prefix("static/") {
            assets.insert(name.to_owned(), Asset::Embedded(file.contents()));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, assets);
    }
}

/// Does the theme `name` (over the default theme) publish a file at `path`
/// (relative to the site root), such as `logo.png`?
pub fn has_asset(portal_root: &Path, name: &str, path: &str) -> bool {
    let hidden = path
        .split('/')
        .any(|part| part.starts_with('.') || part.is_empty());
    let own = portal_root
        .join("themes")
        .join(name)
        .join("static")
        .join(path);
    !hidden && (DEFAULT_THEME.get_file(format!("static/{path}")).is_some() || own.is_file())
}

fn collect_disk(
    dir: &Path,
    templates: &mut BTreeMap<String, String>,
    assets: &mut BTreeMap<String, Asset>,
) -> Result<(), BuildError> {
    // Hidden files and folders (an editor's swap file, `.DS_Store`) are
    // not the theme's.
    let hidden =
        |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = std::fs::read_to_string(entry.path()).map_err(|e| BuildError::Template {
                template: rel.clone(),
                message: e.to_string(),
            })?;
            templates.insert(name.to_owned(), text);
        } else if let Some(name) = rel.strip_prefix("static/") {
            assets.insert(name.to_owned(), Asset::Disk(entry.path().to_path_buf()));
        }
    }
    Ok(())
}

/// Escape for HTML and XML text and attribute values alike.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    push_escaped_html(&mut out, input);
    out
}

/// [`escape_html`], appended to `out`: the text between the characters
/// escaped is copied in runs, not character by character (every value a
/// template prints passes here; the characters escaped are ASCII, so a
/// byte that is one is never inside another character).
pub fn push_escaped_html(out: &mut String, input: &str) {
    let mut copied = 0;
    for (i, byte) in input.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[copied..i]);
        out.push_str(escaped);
        copied = i + 1;
    }
    out.push_str(&input[copied..]);
}

/// A Tera error with its causes, which hold the useful part (line, name).
pub fn template_error(template: &str, e: &tera::Error) -> BuildError {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    BuildError::Template {
        template: template.to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_every_other_character_kept() {
        assert_eq!(
            escape_html(r#"<a href="x" title='y'>Kf § 63 & Bun — ärende 🏛</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Kf § 63 &amp; Bun — ärende 🏛&lt;/a&gt;"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("åäö"), "åäö");
        assert_eq!(escape_html("&"), "&amp;");
    }
}
