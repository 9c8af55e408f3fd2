//! What a written batch leaves behind (its rows' JSON, provenance and entities, a few
//! hundred thousand small allocations per batch) is freed on a thread of its own, not
//! on the writer's. The writer is the one part of an import that cannot run on more
//! than one core: a profile of a large load showed half its time spent freeing memory
//! the checking threads had allocated.

use std::any::Any;
use std::sync::OnceLock;
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};

/// Batches waiting to be freed before the writer frees its own again: keeps memory
/// bounded when the freeing thread falls behind.
const WAITING: usize = 1;

type Spent = Box<dyn Any + Send>;

fn freer() -> Option<&'static SyncSender<Spent>> {
    static FREER: OnceLock<Option<SyncSender<Spent>>> = OnceLock::new();
    FREER
        .get_or_init(|| {
            let (tx, rx) = sync_channel::<Spent>(WAITING);
            std::thread::Builder::new()
                .name("hireloop-free".into())
                .spawn(move || {
                    for spent in rx {
                        drop(spent);
                    }
                })
                .ok()
                .map(|_| tx)
        })
        .as_ref()
}

/// Frees `spent` on the freeing thread, or here when that thread is behind (or could not
/// be started).
pub(crate) fn free_later<T: Send + 'static>(spent: T) {
    let Some(tx) = freer() else {
        return;
    };
    match tx.try_send(Box::new(spent)) {
        Ok(()) => {}
        Err(TrySendError::Full(back) | TrySendError::Disconnected(back)) => drop(back),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn everything_handed_over_is_freed() {
        let probe = Arc::new(());
        for _ in 0..100 {
            free_later(vec![probe.clone(); 10]);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Arc::strong_count(&probe) > 1 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(
            Arc::strong_count(&probe),
            1,
            "some batches were never freed"
        );
    }
}
