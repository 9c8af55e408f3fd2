//! Reading parts out of a ZIP container (DOCX) within limits: at most so many entries, and
//! at most so many decompressed bytes in total — counted while reading, because the
//! sizes an archive declares are the attacker's to choose.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::{Ctx, DocumentError, FileKind};

pub(crate) struct BoundedZip<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Decompressed bytes still allowed.
    budget: u64,
    ctx: Ctx<'a>,
    kind: FileKind,
}

impl std::fmt::Debug for BoundedZip<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoundedZip")
            .field("entries", &self.archive.len())
            .field("budget", &self.budget)
            .finish()
    }
}

impl<'a> BoundedZip<'a> {
    pub fn open(bytes: &'a [u8], ctx: Ctx<'a>, kind: FileKind) -> Result<Self, DocumentError> {
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ctx.corrupt(kind, format!("not a readable ZIP container ({e})")))?;
        if archive.len() > ctx.limits.max_zip_entries {
            return Err(DocumentError::TooManyEntries {
                name: ctx.name(),
                limit: ctx.limits.max_zip_entries,
            });
        }
        Ok(Self {
            archive,
            budget: ctx.limits.max_unzipped_bytes,
            ctx,
            kind,
        })
    }

    /// Entry names in archive order (names that are not valid text are left out).
    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names_raw()
            .filter_map(|n| std::str::from_utf8(n).ok().map(str::to_owned))
            .collect()
    }

    /// The decompressed bytes of entry `name`, `None` when there is no such entry.
    ///
    /// The entry is inflated twice: first into a sink to count its real size against the
    /// budget, then into a buffer of exactly that size. A bomb is thus refused having
    /// used a few kilobytes, never the budget itself (parts are small; the second pass
    /// costs little).
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocumentError> {
        let Some(size) = self.measure(name)? else {
            return Ok(None);
        };
        let (ctx, kind) = (self.ctx, self.kind);
        let file = self
            .archive
            .by_name(name)
            .map_err(|e| zip_error(e, ctx, kind, name))?;
        let mut buf = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        file.take(size)
            .read_to_end(&mut buf)
            .map_err(|e| ctx.corrupt(kind, format!("part {name} cannot be decompressed ({e})")))?;
        Ok(Some(buf))
    }

    /// The real decompressed size of `name`, charged to the budget.
    fn measure(&mut self, name: &str) -> Result<Option<u64>, DocumentError> {
        let (ctx, kind) = (self.ctx, self.kind);
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(zip_error(e, ctx, kind, name)),
        };
        // One byte over the budget is enough to know the budget is blown.
        let mut limited = file.take(self.budget.saturating_add(1));
        let used = std::io::copy(&mut limited, &mut std::io::sink())
            .map_err(|e| ctx.corrupt(kind, format!("part {name} cannot be decompressed ({e})")))?;
        if used > self.budget {
            return Err(DocumentError::ZipBomb {
                name: ctx.name(),
                limit: ctx.limits.max_unzipped_bytes,
            });
        }
        self.budget -= used;
        Ok(Some(used))
    }
}

fn zip_error(e: ZipError, ctx: Ctx<'_>, kind: FileKind, part: &str) -> DocumentError {
    match e {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            DocumentError::Encrypted {
                name: ctx.name(),
                kind,
            }
        }
        other => ctx.corrupt(kind, format!("part {part} cannot be read ({other})")),
    }
}
