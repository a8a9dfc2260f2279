//! A PDF page's text with its structure: the text each operator shows,
//! placed by the text and graphics matrices, gathered into lines (the same
//! baseline), lines into paragraphs (a gap wider than the page's usual
//! line spacing, or another font size, begins a new one), and paragraphs
//! set larger than the page's body text marked as headings. lopdf decodes
//! the text (font encodings, ToUnicode maps); where it shows, this module
//! follows the PDF's layout operators (PDF 32000-1, 9.4).

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object, ObjectId};

/// One paragraph or heading of a page, its lines joined by spaces.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    pub heading: bool,
}

/// A piece of text as one operator showed it: where, and how large.
#[derive(Debug, Clone)]
struct Run {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

/// A line of text: its baseline, its font size and its text.
#[derive(Debug, Clone)]
struct TextLine {
    /// Where it begins across the page.
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

/// An affine matrix `[a b c d e f]`, as PDF writes them.
#[derive(Debug, Clone, Copy)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other` (first `self`, then `other`).
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// How much it scales a vertical length.
    fn vertical_scale(self) -> f64 {
        let [_, _, c, d, _, _] = self.0;
        (c * c + d * d).sqrt()
    }
}

/// The page's paragraphs and headings, in the order the page shows them;
/// `None` when its content cannot be read (the caller falls back on plain
/// extraction).
pub fn page_blocks(doc: &Document, page: ObjectId, limit: usize) -> Option<Vec<Block>> {
    let fonts = doc.get_page_fonts(page).ok()?;
    let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| {
            Some((name, font.get_font_encoding_with_limit(doc, limit).ok()?))
        })
        .collect();
    let content = Content::decode(&doc.get_page_content_with_limit(page, limit).ok()?).ok()?;
    let runs = runs(&content, &encodings);
    let lines = lines(runs);
    Some(blocks(lines))
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn numbers<const N: usize>(operands: &[Object]) -> Option<[f64; N]> {
    let mut out = [0.0; N];
    for (slot, o) in out.iter_mut().zip(operands) {
        *slot = number(o)?;
    }
    (operands.len() >= N).then_some(out)
}

/// The text the content shows, each piece placed on the page.
fn runs(content: &Content, encodings: &BTreeMap<Vec<u8>, Encoding>) -> Vec<Run> {
    let mut ctm = Matrix::IDENTITY;
    let mut saved = Vec::new();
    let (mut tm, mut tlm) = (Matrix::IDENTITY, Matrix::IDENTITY);
    let (mut leading, mut size) = (0.0, 0.0);
    let mut encoding = None;
    let mut out = Vec::new();
    for op in &content.operations {
        let operands = op.operands.as_slice();
        let next_line = |tlm: &mut Matrix, tm: &mut Matrix, x: f64, y: f64| {
            *tlm = Matrix::translate(x, y).then(*tlm);
            *tm = *tlm;
        };
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(Matrix::IDENTITY),
            "cm" => {
                if let Some(m) = numbers::<6>(operands) {
                    ctm = Matrix(m).then(ctm);
                }
            }
            "BT" => (tm, tlm) = (Matrix::IDENTITY, Matrix::IDENTITY),
            "Tf" => {
                encoding = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| encodings.get(name));
                size = operands.get(1).and_then(number).unwrap_or(size);
            }
            "TL" => leading = operands.first().and_then(number).unwrap_or(leading),
            "Td" | "TD" => {
                if let Some([x, y]) = numbers::<2>(operands) {
                    if op.operator == "TD" {
                        leading = -y;
                    }
                    next_line(&mut tlm, &mut tm, x, y);
                }
            }
            "Tm" => {
                if let Some(m) = numbers::<6>(operands) {
                    (tm, tlm) = (Matrix(m), Matrix(m));
                }
            }
            "T*" => next_line(&mut tlm, &mut tm, 0.0, -leading),
            "Tj" | "TJ" | "'" | "\"" => {
                if matches!(op.operator.as_str(), "'" | "\"") {
                    next_line(&mut tlm, &mut tm, 0.0, -leading);
                }
                let shown = if op.operator == "\"" {
                    operands.get(2..).unwrap_or_default()
                } else {
                    operands
                };
                let Some(encoding) = encoding else { continue };
                let mut text = String::new();
                collect(&mut text, encoding, shown);
                if text.is_empty() {
                    continue;
                }
                let placed = tm.then(ctm);
                out.push(Run {
                    x: placed.0[4],
                    y: placed.0[5],
                    size: (size * placed.vertical_scale()).abs(),
                    text,
                });
            }
            _ => {}
        }
    }
    out
}

/// The text of a `Tj`'s string or a `TJ`'s array; a wide negative gap in
/// a `TJ` array is a space between words.
fn collect(out: &mut String, encoding: &Encoding, operands: &[Object]) {
    for o in operands {
        match o {
            Object::String(bytes, _) => {
                let _ = encoding.write_to_string(bytes, out);
            }
            Object::Array(items) => collect(out, encoding, items),
            Object::Integer(i) if *i < -100 => out.push(' '),
            Object::Real(r) if *r < -100.0 => out.push(' '),
            _ => {}
        }
    }
}

/// Runs on the same baseline (within a third of their size) are one
/// line. Runs are joined as they are (a word set glyph by glyph stays one
/// word), with a space only where the next begins clearly past where the
/// previous could end: widths are estimated, as fonts' metrics are not
/// read.
fn lines(runs: Vec<Run>) -> Vec<TextLine> {
    let mut out: Vec<TextLine> = Vec::new();
    let mut previous_run: Option<(f64, usize, f64)> = None;
    for run in runs {
        let chars = run.text.chars().count();
        match out.last_mut() {
            Some(line) if (line.y - run.y).abs() <= line.size.max(run.size) / 3.0 => {
                // A glyph alone may be as wide as an M.
                let gap = previous_run.is_some_and(|(x, n, size)| {
                    let widest = if n == 1 { 1.0 } else { 0.6 };
                    run.x > x + n as f64 * size * widest + size * 0.2
                });
                let spaced = line.text.ends_with(char::is_whitespace)
                    || run.text.starts_with(char::is_whitespace);
                if gap && !spaced {
                    line.text.push(' ');
                }
                line.text.push_str(&run.text);
                line.size = line.size.max(run.size);
            }
            _ => out.push(TextLine {
                x: run.x,
                y: run.y,
                size: run.size,
                text: run.text.clone(),
            }),
        }
        previous_run = Some((run.x, chars, run.size));
    }
    for line in &mut out {
        line.text = line.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.retain(|l| !l.text.is_empty());
    out
}

/// The size most of the page's text is set in (by characters).
fn body_size(lines: &[TextLine]) -> f64 {
    let mut by_size: BTreeMap<u64, usize> = BTreeMap::new();
    for l in lines {
        *by_size.entry((l.size * 10.0).round() as u64).or_default() += l.text.chars().count();
    }
    let most = by_size
        .into_iter()
        .max_by_key(|(size, count)| (*count, *size));
    most.map_or(0.0, |(size, _)| size as f64 / 10.0)
}

/// Lines into paragraphs and headings. A paragraph ends where the gap to
/// the next line is wider than the usual spacing of lines of its size by
/// more than a third, where the size changes, or where the text goes back
/// up the page (a new column). A paragraph set at least 15 % larger than
/// the body text, and short, is a heading.
fn blocks(lines: Vec<TextLine>) -> Vec<Block> {
    let body = body_size(&lines);
    let usual = usual_spacing(&lines);
    let margin = left_margin(&lines);
    let mut out: Vec<(Block, f64)> = Vec::new();
    let mut previous: Option<&TextLine> = None;
    for line in &lines {
        let starts_new = previous.is_none_or(|p| {
            let gap = p.y - line.y;
            let same_size = (p.size - line.size).abs() <= p.size.max(line.size) * 0.1;
            let spacing = usual
                .get(&size_key(line.size))
                .copied()
                .unwrap_or(line.size * 1.2);
            // A first line indented from the margin the lines before began at.
            let indented =
                line.x > margin + line.size * 0.8 && (p.x - margin).abs() < line.size * 0.5;
            !same_size || gap <= 0.0 || gap > spacing * 1.35 || indented
        });
        match out.last_mut() {
            Some((block, _)) if !starts_new => {
                if block.text.ends_with('-') && !block.text.ends_with(" -") {
                    block.text.pop();
                } else {
                    block.text.push(' ');
                }
                block.text.push_str(&line.text);
            }
            _ => out.push((
                Block {
                    text: line.text.clone(),
                    heading: false,
                },
                line.size,
            )),
        }
        previous = Some(line);
    }
    out.into_iter()
        .map(|(mut block, size)| {
            block.heading = body > 0.0 && size >= body * 1.15 && block.text.chars().count() <= 160;
            block
        })
        .collect()
}

/// Where most lines begin across the page (by lines).
fn left_margin(lines: &[TextLine]) -> f64 {
    let mut by_x: BTreeMap<i64, usize> = BTreeMap::new();
    for l in lines {
        *by_x.entry(l.x.round() as i64).or_default() += 1;
    }
    let most = by_x.into_iter().max_by_key(|(x, count)| (*count, -*x));
    most.map_or(0.0, |(x, _)| x as f64)
}

fn size_key(size: f64) -> u64 {
    (size * 10.0).round() as u64
}

/// The usual distance between consecutive lines of each size: the
/// smallest gap that at least a third of that size's line pairs share
/// (the spacing inside a paragraph, not between paragraphs).
fn usual_spacing(lines: &[TextLine]) -> BTreeMap<u64, f64> {
    let mut gaps: BTreeMap<u64, Vec<f64>> = BTreeMap::new();
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let gap = a.y - b.y;
        if size_key(a.size) == size_key(b.size) && gap > 0.0 {
            gaps.entry(size_key(a.size)).or_default().push(gap);
        }
    }
    gaps.into_iter()
        .map(|(size, mut gaps)| {
            gaps.sort_by(f64::total_cmp);
            // The lower third: most pairs are inside paragraphs.
            let at = (gaps.len() - 1) / 3;
            (size, gaps[at])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f64, size: f64, text: &str) -> TextLine {
        TextLine {
            x: 72.0,
            y,
            size,
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_wider_gap_begins_a_paragraph_and_larger_text_is_a_heading() {
        let lines = vec![
            line(800.0, 16.0, "Bakgrund"),
            line(770.0, 11.0, "Kommunen har under året arbetat med att"),
            line(756.0, 11.0, "ta fram en ny strategi för digitali-"),
            line(742.0, 11.0, "sering."),
            line(720.0, 11.0, "Strategin antogs av fullmäktige."),
            line(706.0, 11.0, "Den gäller till 2025."),
        ];
        let blocks = blocks(lines);
        let texts: Vec<(&str, bool)> = blocks
            .iter()
            .map(|b| (b.text.as_str(), b.heading))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Bakgrund", true),
                ("Kommunen har under året arbetat med att ta fram en ny strategi för digitalisering.", false),
                ("Strategin antogs av fullmäktige. Den gäller till 2025.", false),
            ]
        );
    }

    #[test]
    fn an_indented_line_begins_a_paragraph() {
        let mut lines = vec![
            line(700.0, 10.0, "Första stycket börjar här"),
            line(688.0, 10.0, "och slutar här."),
            line(676.0, 10.0, "Andra stycket, indraget,"),
            line(664.0, 10.0, "fortsätter."),
        ];
        lines[2].x = 87.0;
        let texts: Vec<String> = blocks(lines).into_iter().map(|b| b.text).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
    }

    #[test]
    fn runs_on_one_baseline_are_one_line() {
        let run = |x: f64, y: f64, text: &str| Run {
            x,
            y,
            size: 10.0,
            text: text.into(),
        };
        let runs = vec![
            run(72.0, 700.0, "Kf"),
            run(100.0, 700.2, "§ 63"),
            run(72.0, 686.0, "n"),
            run(77.0, 686.0, "ä"),
            run(82.0, 686.0, "s"),
            run(87.0, 686.0, " "),
            run(90.0, 686.0, "t"),
        ];
        let lines = lines(runs);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Kf § 63", "a gap is a space");
        assert_eq!(lines[1].text, "näs t", "glyph by glyph is one word");
    }
}
