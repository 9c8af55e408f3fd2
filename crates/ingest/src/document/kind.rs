//! `FileKind`: the formats this module tells apart, with the words used for them in
//! messages and the kind a file name's extension promises.

use serde::{Deserialize, Serialize};

/// What a file is, judged from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Docx,
    Html,
    Markdown,
    Text,
    /// An e-mail message (RFC 5322 headers first); parsed by the e-mail importer.
    Eml,
    /// A ZIP archive that is not a Word document (XLSX, ODT, a plain archive …).
    Zip,
    /// PNG, JPEG, TIFF, GIF or WebP.
    Image,
    /// An OLE compound file: a legacy Word `.doc` or an encrypted Office document.
    Ole,
    /// Anything else.
    Binary,
}

impl FileKind {
    /// The IANA media type files of this kind are served as.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Html => "text/html",
            FileKind::Markdown => "text/markdown",
            FileKind::Text => "text/plain",
            FileKind::Eml => "message/rfc822",
            FileKind::Zip => "application/zip",
            FileKind::Image => "application/octet-stream",
            FileKind::Ole => "application/x-ole-storage",
            FileKind::Binary => "application/octet-stream",
        }
    }

    /// A short name for warnings ("PDF", "DOCX" …).
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Docx => "DOCX",
            Self::Html => "HTML",
            Self::Markdown => "Markdown",
            Self::Text => "plain text",
            Self::Eml => "e-mail",
            Self::Zip => "ZIP",
            Self::Image => "image",
            Self::Ole => "legacy Office",
            Self::Binary => "binary",
        }
    }

    /// The kind with an article, to fit in a sentence ("is a PDF").
    pub fn describe(self) -> &'static str {
        match self {
            Self::Pdf => "a PDF",
            Self::Docx => "a Word document (DOCX)",
            Self::Html => "an HTML page",
            Self::Markdown => "a Markdown file",
            Self::Text => "a plain-text file",
            Self::Eml => "an e-mail message",
            Self::Zip => "a ZIP archive",
            Self::Image => "an image",
            Self::Ole => "a Microsoft Office (OLE) file",
            Self::Binary => "a binary file of unknown type",
        }
    }

    /// The kind a file name's extension claims, if it claims one we know.
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.trim().to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => Self::Pdf,
            "docx" | "docm" | "dotx" => Self::Docx,
            "htm" | "html" | "xhtml" => Self::Html,
            "md" | "markdown" | "mdown" | "mkd" => Self::Markdown,
            "txt" | "text" => Self::Text,
            "eml" => Self::Eml,
            "zip" | "xlsx" | "pptx" | "odt" => Self::Zip,
            "png" | "jpg" | "jpeg" | "tif" | "tiff" | "gif" | "webp" => Self::Image,
            "doc" | "dot" => Self::Ole,
            _ => return None,
        })
    }

    /// Kinds whose bytes are text: for these the name may settle what the bytes leave open.
    pub(crate) fn is_text_like(self) -> bool {
        matches!(self, Self::Html | Self::Markdown | Self::Text)
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.short_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_map_case_insensitively() {
        assert_eq!(FileKind::from_name("CV.PDF"), Some(FileKind::Pdf));
        assert_eq!(FileKind::from_name("a.b.docx"), Some(FileKind::Docx));
        assert_eq!(FileKind::from_name("notes.md"), Some(FileKind::Markdown));
        assert_eq!(FileKind::from_name("resume"), None);
        assert_eq!(FileKind::from_name("x.unknown"), None);
    }
}
