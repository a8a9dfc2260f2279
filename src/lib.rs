//! Insyn turns a git repository of council minutes (Markdown with YAML front
//! matter) into a static, accessible transparency portal.
//!
//! The pipeline, one module per step:
//!
//! 1. [`content`] loads and checks every file of the content folder, the
//!    [`privacy`] guard among the checks;
//! 2. [`model`] builds the site's model: bodies, meetings, paragraphs and
//!    the cases derived from them ([`diarienummer`] gives case identity);
//! 3. [`documents`] reads the text of the model's published PDFs;
//! 4. [`render`] turns the model into every output, through the [`theme`]'s
//!    templates, with [`markdown`] for text and [`i18n`] for the interface,
//!    and [`search`] makes the search index from the same model;
//! 5. [`output`] writes it so that a failed build changes nothing.
//!
//! [`pipeline`] runs the steps; [`archive`] packs their output and source
//! for an e-archive; [`serve`] runs them again on every change
//! for a live preview; [`external`] asks other web sites whether the
//! content's links to them still work; [`scaffold`] writes new content from
//! templates;
//! [`error`] holds the diagnostics every step reports.

pub mod appeal;
pub mod archive;
pub mod content;
pub mod diarienummer;
pub mod documents;
pub mod error;
pub mod external;
pub mod hosting;
pub mod i18n;
pub mod markdown;
pub mod model;
pub mod opendata;
pub mod output;
pub mod pipeline;
pub mod privacy;
pub mod references;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod statistics;
#[cfg(test)]
mod testing;
pub mod theme;
