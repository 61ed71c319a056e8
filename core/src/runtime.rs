//! A process-wide tokio runtime for callers that are not async themselves (the FFI layer and
//! the CLI). It is created once, on first use, and lives for the rest of the process.

use once_cell::sync::OnceCell;
use std::future::Future;
use tokio::runtime::Runtime;

use crate::error::{Error, Result};

static RUNTIME: OnceCell<Runtime> = OnceCell::new();

/// The shared multi-threaded runtime, started on first call.
pub fn runtime() -> Result<&'static Runtime> {
    RUNTIME.get_or_try_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("sightline")
            .build()
            .map_err(|e| Error::Runtime(e.to_string()))
    })
}

/// Runs `future` to completion on the shared runtime from synchronous code.
///
/// Must not be called from inside the runtime itself (tokio would panic); async callers
/// simply `.await` instead.
pub fn block_on<F: Future>(future: F) -> Result<F::Output> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Runtime(
            "block_on called from inside an async context".into(),
        ));
    }
    Ok(runtime()?.block_on(future))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_a_future_and_is_shared() {
        assert_eq!(block_on(async { 40 + 2 }).unwrap(), 42);
        let a = runtime().unwrap() as *const Runtime;
        let b = runtime().unwrap() as *const Runtime;
        assert_eq!(a, b);
    }

    #[test]
    fn refuses_nested_block_on() {
        let inner = block_on(async { block_on(async { 1 }).is_err() }).unwrap();
        assert!(inner);
    }
}
