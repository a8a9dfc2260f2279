//! Precompressed copies of the text files (`precompress: true` in
//! site.yaml): `page.html.gz` and `page.html.br` beside `page.html`, which
//! nginx serves with `gzip_static on` and `brotli_static on` (and other
//! servers alike) instead of compressing each answer. Both are made the
//! same for the same bytes (the Gzip header carries no time or name), so
//! an unchanged file's copies are too.

use std::io::Write;

/// Text files smaller than this are served as they are: compressing them
/// saves little and costs two files each.
const SMALLEST: usize = 1024;

/// The text files worth compressing, by ending.
const TEXT: &[&str] = &[
    "html", "css", "js", "json", "xml", "csv", "svg", "txt", "ics", "rdf",
];

/// How a copy is made from the file's bytes.
type Compress = fn(&[u8]) -> Vec<u8>;

/// Each copy's ending and how it is made.
pub const FORMATS: [(&str, Compress); 2] = [("gz", gzip), ("br", brotli)];

/// Does this file get compressed copies?
pub fn worth_it(rel: &str, bytes: &[u8]) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
    bytes.len() >= SMALLEST && TEXT.contains(&ext)
}

/// Gzip at its usual level (6): within a few per cent of the smallest (9)
/// in a fraction of its time, as a build of a large archive needs.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::new(6),
    );
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Brotli at quality 5: smaller than Gzip's best at a fraction of the
/// time the highest qualities take.
fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        writer.write_all(bytes).expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_read_back_to_the_file_and_are_the_same_each_time() {
        let page = "<p>Kommunfullmäktige beslutade att bifalla motionen.</p>\n".repeat(40);
        let gz = gzip(page.as_bytes());
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, page);
        assert_eq!(gzip(page.as_bytes()), gz, "no time in the header");
        let br = brotli(page.as_bytes());
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, page.as_bytes());
        assert!(br.len() < page.len() / 5 && gz.len() < page.len() / 5);
    }

    #[test]
    fn only_text_files_of_some_size_are_compressed() {
        let big = vec![b'a'; SMALLEST];
        assert!(worth_it("sammantraden/index.html", &big));
        assert!(worth_it("data/beslut.csv", &big));
        assert!(!worth_it("sammantraden/2018-03-26-kf/motion.pdf", &big));
        assert!(!worth_it("favicon.ico", &big));
        assert!(!worth_it("index.html", &big[..SMALLEST - 1]));
    }
}
