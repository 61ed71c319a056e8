//! The core's logs in the app: a foreign [`LogSink`] (Android `Log`, iOS `os_log`), installed
//! once per process with [`init_logging`], receives every `tracing` record of the core at the
//! chosen level or above. Dependencies (tract, rustls, …) reach it only at `Warn` and above,
//! so a debug log stays about Sightline. The core never logs secrets, utterances or frames.
//! In a build without debug assertions (the shipped `release-small` library, any release
//! build) `debug` and `trace` records are compiled out (`tracing`'s `release_max_level_info`:
//! their call sites cost the library 55 KB of its 15 MB), so there `Debug` and `Trace` forward
//! what `Info` does; a debug build of the library keeps them all.

use std::fmt::Write as _;
use std::sync::Arc;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};

use crate::callbacks::CallbackThread;
use crate::error::ListenerError;

/// How severe a log record is, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    /// Something failed.
    Error,
    /// Something is wrong but handled.
    Warn,
    /// A notable step (a link state change, a model loaded).
    Info,
    /// Detail for developers.
    Debug,
    /// Everything.
    Trace,
}

impl From<&Level> for LogLevel {
    fn from(level: &Level) -> Self {
        match *level {
            Level::ERROR => LogLevel::Error,
            Level::WARN => LogLevel::Warn,
            Level::INFO => LogLevel::Info,
            Level::DEBUG => LogLevel::Debug,
            _ => LogLevel::Trace,
        }
    }
}

impl From<LogLevel> for Level {
    fn from(level: LogLevel) -> Self {
        match level {
            LogLevel::Error => Level::ERROR,
            LogLevel::Warn => Level::WARN,
            LogLevel::Info => Level::INFO,
            LogLevel::Debug => Level::DEBUG,
            LogLevel::Trace => Level::TRACE,
        }
    }
}

/// Receives the core's log records. Called from background threads; return quickly. An
/// exception thrown here drops that record and nothing else.
#[uniffi::export(foreign)]
pub trait LogSink: Send + Sync {
    /// One record: its level, its source (`sightline_core::link::session`, …) and its text.
    fn log(&self, level: LogLevel, target: String, message: String) -> Result<(), ListenerError>;
}

/// Sends the core's `tracing` records at `max_level` or above to `sink`. Only the first call
/// in a process installs a sink (a process has one log destination); later calls change
/// nothing and return false.
#[uniffi::export]
pub fn init_logging(sink: Arc<dyn LogSink>, max_level: LogLevel) -> bool {
    let Ok(thread) = CallbackThread::spawn("sightline-log") else {
        return false;
    };
    let layer = SinkLayer {
        sink,
        max_level: max_level.into(),
        thread,
    };
    let installed =
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer)).is_ok();
    if installed {
        tracing::info!(target: "sightline_ffi", "logging to the app at {max_level:?} and above");
    }
    installed
}

/// Whether a record from `target` at `level` goes to the app: Sightline's own at `max_level`
/// and above, everyone else's at `Warn` and above.
fn wanted(target: &str, level: &Level, max_level: &Level) -> bool {
    let ours = target.starts_with("sightline");
    level <= max_level && (ours || *level <= Level::WARN)
}

/// The `tracing` layer that hands records to the foreign sink.
struct SinkLayer {
    sink: Arc<dyn LogSink>,
    max_level: Level,
    /// The sink is called here, never on the thread that logged (a runtime worker).
    thread: CallbackThread,
}

impl<S: Subscriber> Layer<S> for SinkLayer {
    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        wanted(metadata.target(), metadata.level(), &self.max_level)
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let metadata = event.metadata();
        let mut text = Text::default();
        event.record(&mut text);
        let (sink, level, target) = (
            self.sink.clone(),
            metadata.level().into(),
            metadata.target().to_string(),
        );
        self.thread.run(move || {
            // A sink that throws loses this record only.
            let _ = sink.log(level, target, text.0);
        });
    }
}

/// A record's message, followed by its other fields as `name=value`.
#[derive(Default)]
struct Text(String);

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    /// Records every call, and whether it ran on a thread of a tokio runtime.
    #[derive(Default)]
    struct Collect(Mutex<Vec<(LogLevel, String, String, bool)>>);

    impl LogSink for Collect {
        fn log(
            &self,
            level: LogLevel,
            target: String,
            message: String,
        ) -> Result<(), ListenerError> {
            let in_runtime = tokio::runtime::Handle::try_current().is_ok();
            self.0
                .lock()
                .unwrap()
                .push((level, target, message, in_runtime));
            Ok(())
        }
    }

    impl Collect {
        /// The calls so far, once `done` holds for them (or after 5 s).
        fn once(
            &self,
            done: impl Fn(&[(LogLevel, String, String, bool)]) -> bool,
        ) -> Vec<(LogLevel, String, String, bool)> {
            let until = Instant::now() + Duration::from_secs(5);
            loop {
                let got = self.0.lock().unwrap().clone();
                if done(&got) || Instant::now() > until {
                    return got;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    #[test]
    fn dependencies_reach_the_app_only_at_warn() {
        let debug = Level::DEBUG;
        assert!(wanted("sightline_core::link", &Level::DEBUG, &debug));
        assert!(!wanted("sightline_core::link", &Level::TRACE, &debug));
        assert!(!wanted("tract_core::optim", &Level::DEBUG, &debug));
        assert!(wanted("rustls::conn", &Level::WARN, &debug));
        assert!(!wanted("sightline_core", &Level::INFO, &Level::WARN));
    }

    #[test]
    fn the_first_sink_gets_the_cores_records_once_installed_off_the_runtime() {
        let sink = Arc::new(Collect::default());
        assert!(init_logging(sink.clone(), LogLevel::Debug));
        assert!(!init_logging(Arc::new(Collect::default()), LogLevel::Trace));
        tracing::debug!(target: "sightline_core::link::session", frames = 3, "link ready");
        tracing::debug!(target: "tract_core", "optimising");
        // Logged on a worker of the core's runtime: the sink is still called off it.
        let runtime = sightline_core::runtime::runtime().unwrap();
        runtime
            .block_on(runtime.spawn(async {
                tracing::warn!(target: "sightline_core::link", "from a worker");
            }))
            .unwrap();
        let got = sink.once(|got| got.iter().any(|(_, _, m, _)| m == "from a worker"));
        assert!(got.iter().any(|(l, t, m, _)| *l == LogLevel::Info
            && t == "sightline_ffi"
            && m.contains("Debug")));
        assert!(got.iter().any(|(l, t, m, _)| *l == LogLevel::Debug
            && t == "sightline_core::link::session"
            && m == "link ready frames=3"));
        assert!(!got.iter().any(|(_, t, _, _)| t == "tract_core"), "{got:?}");
        assert!(
            got.iter().any(|(_, _, m, _)| m == "from a worker"),
            "{got:?}"
        );
        assert!(
            got.iter().all(|(_, _, _, in_runtime)| !in_runtime),
            "a sink call ran on a runtime thread: {got:?}"
        );
    }
}
