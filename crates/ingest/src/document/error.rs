//! `DocumentError`: why a file could not be turned into text, worded for the person who
//! uploaded it (the file's name, what is wrong, what to do about it).

use super::FileKind;

/// What went wrong while reading a file. Every message names the file (when a name was
/// given) so it can be shown to the uploader as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("{} is empty (0 bytes)", label(.name))]
    Empty { name: Option<String> },

    #[error("{} is {}, over the {} limit", label(.name), human_bytes(*.size as u64), human_bytes(*.limit as u64))]
    TooLarge {
        name: Option<String>,
        size: usize,
        limit: usize,
    },

    #[error("{} is {} and cannot be read as a document: {hint}", label(.name), .kind.describe())]
    Unsupported {
        name: Option<String>,
        kind: FileKind,
        hint: String,
    },

    #[error("{} is password-protected ({}); remove the password and upload it again", label(.name), .kind.describe())]
    Encrypted {
        name: Option<String>,
        kind: FileKind,
    },

    #[error("{} looks like {} but is damaged and could not be read: {reason}", label(.name), .kind.describe())]
    Corrupt {
        name: Option<String>,
        kind: FileKind,
        reason: String,
    },

    #[error("{} has no text layer — needs OCR: {reason}", label(.name))]
    NoTextLayer {
        name: Option<String>,
        reason: String,
    },

    #[error("{} expands to more than {} when unzipped; refusing to open it (possible zip bomb)", label(.name), human_bytes(*.limit))]
    ZipBomb { name: Option<String>, limit: u64 },

    #[error("{} holds more than {limit} files inside; refusing to open it (possible zip bomb)", label(.name))]
    TooManyEntries { name: Option<String>, limit: usize },
}

impl DocumentError {
    /// A stable, machine-readable code for the API's error table.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty { .. } => "document_empty",
            Self::TooLarge { .. } => "document_too_large",
            Self::Unsupported { .. } => "document_unsupported",
            Self::Encrypted { .. } => "document_encrypted",
            Self::Corrupt { .. } => "document_corrupt",
            Self::NoTextLayer { .. } => "document_no_text_layer",
            Self::ZipBomb { .. } => "document_zip_bomb",
            Self::TooManyEntries { .. } => "document_too_many_entries",
        }
    }
}

/// How a file is called in messages: its quoted name, or a neutral stand-in.
pub(crate) fn label(name: &Option<String>) -> String {
    match name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => format!("\"{n}\""),
        _ => "the file".to_owned(),
    }
}

/// Sizes as people read them: bytes below 1 KiB, then KiB / MiB with one decimal.
pub(crate) fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        let tenths = n * 10 / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{}.{} MiB", tenths / 10, tenths % 10)
        }
    } else if n >= KIB {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_the_problem() {
        let e = DocumentError::TooLarge {
            name: Some("cv.pdf".into()),
            size: 12 * 1024 * 1024 + 300 * 1024,
            limit: 10 * 1024 * 1024,
        };
        assert_eq!(
            e.to_string(),
            "\"cv.pdf\" is 12.2 MiB, over the 10 MiB limit"
        );
        let e = DocumentError::Empty { name: None };
        assert_eq!(e.to_string(), "the file is empty (0 bytes)");
        let e = DocumentError::Encrypted {
            name: Some("a.pdf".into()),
            kind: FileKind::Pdf,
        };
        assert!(e.to_string().contains("password-protected"));
        assert_eq!(e.code(), "document_encrypted");
    }

    #[test]
    fn human_bytes_rounds_down() {
        assert_eq!(human_bytes(10), "10 bytes");
        assert_eq!(human_bytes(2048), "2 KiB");
        assert_eq!(human_bytes(50 * 1024 * 1024), "50 MiB");
    }
}
