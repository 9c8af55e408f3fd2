//! Sections: splits the resume into blocks of lines at its headings, one block per
//! section, with the contact block and summary before the first heading.

use super::headings::heading_kind;
use super::text::{Line, has_bullet, is_all_caps, word_count};
use super::{Section, SectionKind};

/// A section as line indices: the heading line (if any), then content lines
/// `first..end`.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub kind: SectionKind,
    pub heading: Option<usize>,
    pub first: usize,
    pub end: usize,
    pub confidence: f32,
}

/// The blocks of one resume, in order; every line belongs to exactly one block.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub blocks: Vec<Block>,
    /// How many lines form the top of the resume (before the first heading that is not
    /// about contact details or a summary, at most [`TOP_ZONE_LINES`] non-blank lines).
    pub top_end: usize,
}

/// Contact details sit near the top: this many non-blank lines at most.
const TOP_ZONE_LINES: usize = 25;

impl Layout {
    /// The content line ranges of every block of `kind`.
    pub fn ranges(&self, kind: SectionKind) -> Vec<(usize, usize)> {
        self.blocks
            .iter()
            .filter(|b| b.kind == kind)
            .map(|b| (b.first, b.end))
            .collect()
    }

    /// The kind of the block line `i` belongs to.
    pub fn kind_of(&self, i: usize) -> Option<SectionKind> {
        self.blocks
            .iter()
            .find(|b| b.heading == Some(i) || (b.first..b.end).contains(&i))
            .map(|b| b.kind)
    }

    pub fn public_sections(&self, lines: &[Line<'_>]) -> Vec<Section> {
        let mut out = Vec::new();
        for b in &self.blocks {
            let from = b.heading.unwrap_or(b.first);
            let Some(first) =
                (from..b.end.max(from + 1)).find(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
            else {
                continue;
            };
            let last = (from..b.end.max(from + 1))
                .rev()
                .find(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
                .unwrap_or(first);
            let (Some(a), Some(z)) = (lines.get(first), lines.get(last)) else {
                continue;
            };
            out.push(Section {
                kind: b.kind,
                heading: b
                    .heading
                    .and_then(|h| lines.get(h))
                    .map(|l| l.text.to_string()),
                start: a.start,
                end: z.end,
                confidence: b.confidence,
            });
        }
        out
    }
}

/// Splits the lines into blocks at each heading.
pub(crate) fn split(lines: &[Line<'_>]) -> Layout {
    let mut headings: Vec<(usize, SectionKind, f32, bool)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if continues_sentence(lines, i, l.text) {
            continue;
        }
        let Some((kind, confidence, inline)) = heading_kind(l.text) else {
            continue;
        };
        // "Technologies: Java, SQL" inside a job or a project lists that job's tools; it
        // does not end the work history.
        let within = headings.last().map(|h| h.1);
        if inline
            && matches!(
                within,
                Some(SectionKind::Experience | SectionKind::Projects)
            )
        {
            continue;
        }
        headings.push((i, kind, confidence, inline));
    }
    let mut blocks = Vec::new();
    let top_end_line = headings.first().map_or(lines.len(), |h| h.0);
    split_top(lines, 0, top_end_line, &mut blocks);
    for (n, &(i, kind, confidence, inline)) in headings.iter().enumerate() {
        let end = headings.get(n + 1).map_or(lines.len(), |h| h.0);
        blocks.push(Block {
            kind,
            heading: (!inline).then_some(i),
            first: if inline { i } else { i + 1 },
            end,
            confidence,
        });
    }
    let top_end = top_zone_end(lines, &blocks);
    Layout { blocks, top_end }
}

/// Whether line `i` is the wrapped end of the sentence above it ("… experience in Dot Net"
/// / "Technologies"), not a heading: the line above is long and unfinished, and this one is
/// not written like a heading (capitals or a colon). A heading of several words after a
/// list ("… cloud computing environment" / "Professional Experience") still opens a
/// section unless the line above ends on a word that joins ("in", "and", a comma).
fn continues_sentence(lines: &[Line<'_>], i: usize, text: &str) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| lines.get(p)) else {
        return false;
    };
    let before = prev.text.trim_end();
    let unfinished =
        !prev.is_blank() && word_count(before) >= 6 && !before.ends_with(['.', ':', ';', '!', '?']);
    let last = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let joining = before.ends_with([',', '&', '-', '/'])
        || [
            "in",
            "and",
            "of",
            "with",
            "for",
            "on",
            "to",
            "the",
            "a",
            "an",
            "or",
            "using",
            "including",
            "as",
            "at",
            "by",
            "from",
        ]
        .contains(&last.as_str());
    unfinished
        && !is_all_caps(text)
        && !text.trim_end().ends_with(':')
        && (word_count(text) == 1 || joining)
}

/// The lines before the first heading: the contact block, then a summary once prose
/// starts.
fn split_top(lines: &[Line<'_>], from: usize, to: usize, blocks: &mut Vec<Block>) {
    if from >= to {
        return;
    }
    let prose = (from..to).find(|&i| lines.get(i).is_some_and(|l| is_prose(l.text)));
    let contact_end = prose.unwrap_or(to);
    if contact_end > from {
        blocks.push(Block {
            kind: SectionKind::Contact,
            heading: None,
            first: from,
            end: contact_end,
            confidence: 0.8,
        });
    }
    if contact_end < to {
        blocks.push(Block {
            kind: SectionKind::Summary,
            heading: None,
            first: contact_end,
            end: to,
            confidence: 0.6,
        });
    }
}

fn top_zone_end(lines: &[Line<'_>], blocks: &[Block]) -> usize {
    let first_body = blocks
        .iter()
        .find(|b| !matches!(b.kind, SectionKind::Contact | SectionKind::Summary))
        .map_or(lines.len(), |b| b.heading.unwrap_or(b.first));
    let mut non_blank = 0;
    for (i, l) in lines.iter().enumerate().take(first_body) {
        if !l.is_blank() {
            non_blank += 1;
            if non_blank > TOP_ZONE_LINES {
                return i;
            }
        }
    }
    first_body
}

/// A sentence rather than a contact detail: a bulleted statement or a long line of words.
fn is_prose(s: &str) -> bool {
    let words = word_count(s);
    let contact_like = s.contains('@') || s.contains("http") || s.contains("www.");
    (has_bullet(s) && words >= 5)
        || (words >= 10 && !contact_like)
        || (words >= 6 && s.ends_with('.') && !contact_like)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resume::text::lines;

    #[test]
    fn blocks_cover_the_resume() {
        let text = "Jane Doe\njane@x.com\n\nSummary\nBuilds things.\n\nEXPERIENCE\nEngineer\n\
                    Acme Corp\n\nEducation\nBSc Physics\nSKILLS\nRust, Go";
        let ls = lines(text);
        let layout = split(&ls);
        let kinds: Vec<SectionKind> = layout.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Contact,
                SectionKind::Summary,
                SectionKind::Experience,
                SectionKind::Education,
                SectionKind::Skills
            ]
        );
        let public = layout.public_sections(&ls);
        assert_eq!(public[0].heading, None);
        assert_eq!(
            &text[public[0].start..public[0].end],
            "Jane Doe\njane@x.com"
        );
        assert_eq!(public[2].heading.as_deref(), Some("EXPERIENCE"));
        assert_eq!(&text[public[4].start..public[4].end], "SKILLS\nRust, Go");
        assert_eq!(layout.kind_of(8), Some(SectionKind::Experience));
    }

    #[test]
    fn prose_starts_the_summary() {
        let text =
            "Jane Doe\nDallas, TX\n• Ten years of building payment systems at scale\nSKILLS\nGo";
        let ls = lines(text);
        let layout = split(&ls);
        assert_eq!(layout.blocks[0].kind, SectionKind::Contact);
        assert_eq!((layout.blocks[0].first, layout.blocks[0].end), (0, 2));
        assert_eq!(layout.blocks[1].kind, SectionKind::Summary);
    }
}
