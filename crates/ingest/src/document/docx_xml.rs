//! WordprocessingML (a DOCX body, header or footer part) to lines: paragraphs are lines,
//! `w:tab` a tab, `w:br` a newline, list paragraphs start with "• ", table rows become
//! one line of " | "-separated cells, text boxes are kept, deleted text and duplicate
//! fallback drawings are not. Hyperlinks are resolved through the part's relationships.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::LinkSet;

/// A cell with more paragraphs than this, or a row longer than `LAYOUT_ROW_CHARS`, is a
/// page-layout table (sidebar beside main column), not data: its lines stay lines.
const LAYOUT_CELL_PARAGRAPHS: usize = 3;
const LAYOUT_ROW_CHARS: usize = 300;

#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    list: bool,
}

#[derive(Debug, Default)]
struct Table {
    cells: Vec<Vec<String>>,
    cell_open: bool,
}

#[derive(Debug, Default)]
struct Walker<'r> {
    lines: Vec<String>,
    paragraphs: Vec<Paragraph>,
    tables: Vec<Table>,
    /// Hyperlink relationship ids to targets, for this part.
    hyperlinks: Option<&'r HashMap<String, String>>,
    links: LinkSet,
    in_text: bool,
    in_instr: bool,
    /// Field code being collected (`HYPERLINK "https://…"` lives here).
    instr: String,
    /// Depth inside `w:pPr`, where `w:tab` means a tab stop, not a tab.
    in_ppr: usize,
    /// Depth inside skipped elements (`mc:Fallback`, which repeats `mc:Choice`).
    skip: usize,
}

/// The text of one WordprocessingML part, one line per paragraph or table row, and the
/// hyperlink targets it uses.
pub(crate) fn part_text(
    xml: &[u8],
    hyperlinks: &HashMap<String, String>,
) -> Result<(Vec<String>, LinkSet), String> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut w = Walker {
        hyperlinks: Some(hyperlinks),
        ..Walker::default()
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => w.start(&e),
            Event::Empty(e) => {
                w.start(&e);
                w.end(e.local_name().as_ref());
            }
            Event::End(e) => w.end(e.local_name().as_ref()),
            Event::Text(t) => {
                let text = t.decode().map_err(|e| format!("bad text encoding: {e}"))?;
                w.text(&text);
            }
            Event::CData(t) => w.text(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => r
                        .decode()
                        .ok()
                        .and_then(|n| quick_xml::escape::resolve_xml_entity(&n).map(str::to_owned)),
                };
                w.text(c.as_deref().unwrap_or("\u{FFFD}"));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Unclosed paragraphs or rows in a truncated part still give their text.
    while !w.paragraphs.is_empty() {
        w.end(b"p");
    }
    while !w.tables.is_empty() {
        w.end(b"tbl");
    }
    Ok((w.lines, w.links))
}

impl Walker<'_> {
    fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0 || name == b"Fallback" {
            self.skip += 1;
            return;
        }
        match name {
            b"p" => self.paragraphs.push(Paragraph::default()),
            b"pPr" => self.in_ppr += 1,
            b"numPr" if self.in_ppr > 0 => self.mark_list(),
            b"pStyle" if self.in_ppr > 0 && attr(e, b"val").is_some_and(|v| v.contains("List")) => {
                self.mark_list();
            }
            b"t" if self.in_ppr == 0 => self.in_text = true,
            b"instrText" => self.in_instr = true,
            b"fldChar" => self.field_code_done(),
            b"fldSimple" => {
                if let Some(instr) = attr(e, b"instr") {
                    self.instr = instr;
                    self.field_code_done();
                }
            }
            b"tab" if self.in_ppr == 0 => self.push('\t'),
            b"br" | b"cr" if self.in_ppr == 0 => self.push('\n'),
            b"noBreakHyphen" => self.push('-'),
            b"hyperlink" => {
                if let Some(target) = attr(e, b"id").and_then(|id| self.hyperlinks?.get(&id)) {
                    self.links.push(target);
                }
            }
            b"tbl" => self.tables.push(Table::default()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cells.clear();
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cells.push(Vec::new());
                    t.cell_open = true;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"p" => {
                if let Some(p) = self.paragraphs.pop() {
                    let line = if p.list && !p.text.trim().is_empty() {
                        format!("• {}", p.text.trim_start())
                    } else {
                        p.text
                    };
                    self.emit(line);
                }
            }
            b"pPr" => self.in_ppr = self.in_ppr.saturating_sub(1),
            b"t" => self.in_text = false,
            b"instrText" => self.in_instr = false,
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell_open = false;
                }
            }
            b"tr" => self.flush_row(),
            b"tbl" => {
                self.flush_row();
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.skip > 0 {
            return;
        }
        if self.in_text {
            self.push_str(s);
        } else if self.in_instr {
            self.instr.push_str(s);
        }
    }

    fn push(&mut self, c: char) {
        if self.skip == 0
            && let Some(p) = self.paragraphs.last_mut()
        {
            p.text.push(c);
        }
    }

    fn push_str(&mut self, s: &str) {
        match self.paragraphs.last_mut() {
            Some(p) => p.text.push_str(s),
            // Text outside any paragraph (malformed, but seen): keep it as its own line.
            None => self.emit(s.to_owned()),
        }
    }

    fn mark_list(&mut self) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.list = true;
        }
    }

    /// A field code is complete: keep the target of a `HYPERLINK "…"` field.
    fn field_code_done(&mut self) {
        let code = std::mem::take(&mut self.instr);
        let mut words = code.split_whitespace();
        if words.next() == Some("HYPERLINK")
            && let Some(target) = words.find(|w| !w.starts_with('\\'))
        {
            self.links.push(target.trim_matches('"'));
        }
    }

    /// Sends a finished line to the innermost open table cell, or to the output.
    fn emit(&mut self, line: String) {
        match self.tables.iter_mut().rev().find(|t| t.cell_open) {
            Some(t) => {
                if let Some(cell) = t.cells.last_mut()
                    && !line.trim().is_empty()
                {
                    cell.push(line);
                }
            }
            None => self.lines.push(line),
        }
    }

    fn flush_row(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        table.cell_open = false;
        let cells: Vec<Vec<String>> = std::mem::take(&mut table.cells)
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect();
        for line in render_row(cells) {
            self.emit(line);
        }
    }
}

/// A data row becomes one line, cells joined by " | " (paragraphs within a cell by
/// " / "); a layout row keeps every paragraph as its own line, cell after cell.
fn render_row(cells: Vec<Vec<String>>) -> Vec<String> {
    let chars: usize = cells.iter().flatten().map(String::len).sum();
    let layout = chars > LAYOUT_ROW_CHARS || cells.iter().any(|c| c.len() > LAYOUT_CELL_PARAGRAPHS);
    if layout {
        return cells.into_iter().flatten().collect();
    }
    if cells.is_empty() {
        return Vec::new();
    }
    let line = cells
        .iter()
        .map(|c| c.join(" / ").replace('\n', " / "))
        .collect::<Vec<_>>()
        .join(" | ");
    vec![line]
}

/// The value of the attribute with local name `key` (any namespace prefix).
pub(crate) fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="r" xmlns:mc="mc""#;

    fn lines(body: &str) -> Vec<String> {
        let xml = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        let rels = HashMap::from([("rId1".to_owned(), "https://jane.dev".to_owned())]);
        part_text(xml.as_bytes(), &rels)
            .map(|r| r.0)
            .unwrap_or_else(|e| vec![e])
    }

    #[test]
    fn runs_tabs_breaks_and_lists() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr>
            <w:r><w:t>Engineer</w:t><w:tab/><w:t xml:space="preserve">2019 &amp; on</w:t></w:r></w:p>
            <w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>Rust</w:t></w:r></w:p>
            <w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>"#;
        assert_eq!(lines(body), ["Engineer\t2019 & on", "a\nb", "• Rust", ""]);
    }

    #[test]
    fn tables_data_and_nested() {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let body = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}<w:tc><w:p/></w:tc>{}</w:tr></w:tbl>",
            cell("Year"),
            cell("Role"),
            cell("2020"),
            cell("Dev")
        );
        assert_eq!(lines(&body), ["Year | Role", "2020 | Dev"]);
        let nested = format!(
            "<w:tbl><w:tr><w:tc><w:tbl><w:tr>{}{}</w:tr></w:tbl></w:tc>{}</w:tr></w:tbl>",
            cell("a"),
            cell("b"),
            cell("c")
        );
        assert_eq!(lines(&nested), ["a | b | c"]);
    }

    #[test]
    fn layout_tables_keep_lines() {
        let paras: String = (1..=5)
            .map(|i| format!("<w:p><w:r><w:t>line {i}</w:t></w:r></w:p>"))
            .collect();
        let body = format!(
            "<w:tbl><w:tr><w:tc>{paras}</w:tc><w:tc><w:p><w:r><w:t>main</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        );
        assert_eq!(
            lines(&body),
            ["line 1", "line 2", "line 3", "line 4", "line 5", "main"]
        );
    }

    #[test]
    fn text_boxes_once_and_links() {
        let body = r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>
            <w:p><w:r><w:t>jane@example.com</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
            <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>jane@example.com</w:t></w:r></w:p>
            </w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>
            <w:hyperlink r:id="rId1"><w:r><w:t>site</w:t></w:r></w:hyperlink>
            <w:r><w:instrText> HYPERLINK "https://field.example" \o "x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>"#;
        let xml = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        let rels = HashMap::from([("rId1".to_owned(), "https://jane.dev".to_owned())]);
        let (l, links) = part_text(xml.as_bytes(), &rels).unwrap_or_default();
        assert_eq!(l, ["jane@example.com", "site"]);
        assert_eq!(
            links.into_vec(),
            ["https://jane.dev", "https://field.example"]
        );
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        let unclosed = part_text(b"<w:p><w:t>a</w:t>", &HashMap::new()).map(|r| r.0);
        assert_eq!(unclosed, Ok(vec!["a".to_owned()]));
        assert!(part_text(b"<w:p><<<", &HashMap::new()).is_err());
    }
}
