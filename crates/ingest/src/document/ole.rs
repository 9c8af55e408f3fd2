//! OLE compound files (magic `D0 CF 11 E0`): an encrypted OOXML document is one (its
//! streams are `EncryptionInfo` and `EncryptedPackage`), and so is a legacy Word `.doc`.
//! Neither is read; this tells the uploader which one they have.

use super::{Ctx, DocumentError, FileKind};

/// The error for an OLE file: `Encrypted` or `Unsupported`, never `Ok`.
pub(super) fn classify(bytes: &[u8], ctx: &Ctx<'_>) -> DocumentError {
    // Directory entry names are UTF-16LE; finding them needs no full CFB parser.
    if contains_utf16(bytes, "EncryptionInfo") || contains_utf16(bytes, "EncryptedPackage") {
        return DocumentError::Encrypted {
            name: ctx.name(),
            kind: FileKind::Ole,
        };
    }
    let hint = if contains_utf16(bytes, "WordDocument") {
        "it is a legacy Word .doc file; save it as .docx or PDF and upload that"
    } else if contains_utf16(bytes, "Workbook") || contains_utf16(bytes, "PowerPoint Document") {
        "it is a legacy Excel or PowerPoint file, not a resume document"
    } else {
        "legacy Office files are not supported; save it as .docx or PDF and upload that"
    };
    ctx.unsupported(FileKind::Ole, hint)
}

fn contains_utf16(hay: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    hay.windows(pattern.len()).any(|w| w == pattern.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Limits;

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn tells_encrypted_from_legacy() {
        let limits = Limits::default();
        let ctx = Ctx {
            name: Some("cv.docx"),
            limits: &limits,
        };
        let mut enc = vec![0xD0, 0xCF, 0x11, 0xE0];
        enc.extend(utf16("EncryptionInfo"));
        assert!(matches!(
            classify(&enc, &ctx),
            DocumentError::Encrypted { .. }
        ));
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0];
        doc.extend(utf16("WordDocument"));
        let e = classify(&doc, &ctx);
        assert!(e.to_string().contains("legacy Word .doc"), "{e}");
    }
}
