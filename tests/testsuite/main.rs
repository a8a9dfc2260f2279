//! Insyn's integration tests: the real binary run on real portals.
//!
//! One module per feature; fixtures under `tests/fixtures/`, named after
//! what they show.

mod archive;
mod build;
mod cli;
mod corpus;
mod documents;
mod economy;
mod errors;
mod external;
mod hosting;
mod kolada_server;
mod notice_board;
mod opendata;
mod people;
mod reading;
mod references;
mod safety;
mod search;
mod serve;
mod serve_edits;
mod statistics;
mod util;
mod wellformed;
