//! The core's logs in the app: a foreign [`LogSink`] (Android `Log`, iOS `os_log`), installed
//! once per process with [`init_logging`], receives every `tracing` record of the core at the
//! chosen level or above. Dependencies (tract, rustls, …) reach it only at `Warn` and above,
//! so a debug log stays about Sightline. The core never logs secrets, utterances or frames.

use std::fmt::Write as _;
use std::sync::Arc;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};

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
    let layer = SinkLayer {
        sink,
        max_level: max_level.into(),
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
}

impl<S: Subscriber> Layer<S> for SinkLayer {
    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        wanted(metadata.target(), metadata.level(), &self.max_level)
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let metadata = event.metadata();
        let mut text = Text::default();
        event.record(&mut text);
        // A sink that throws loses this record only.
        let _ = self.sink.log(
            metadata.level().into(),
            metadata.target().to_string(),
            text.0,
        );
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

    #[derive(Default)]
    struct Collect(Mutex<Vec<(LogLevel, String, String)>>);

    impl LogSink for Collect {
        fn log(
            &self,
            level: LogLevel,
            target: String,
            message: String,
        ) -> Result<(), ListenerError> {
            self.0.lock().unwrap().push((level, target, message));
            Ok(())
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
    fn the_first_sink_gets_the_cores_records_once_installed() {
        let sink = Arc::new(Collect::default());
        assert!(init_logging(sink.clone(), LogLevel::Debug));
        assert!(!init_logging(Arc::new(Collect::default()), LogLevel::Trace));
        tracing::debug!(target: "sightline_core::link::session", frames = 3, "link ready");
        tracing::debug!(target: "tract_core", "optimising");
        let got = sink.0.lock().unwrap().clone();
        assert!(
            got.iter().any(|(l, t, m)| *l == LogLevel::Info
                && t == "sightline_ffi"
                && m.contains("Debug"))
        );
        assert!(got.iter().any(|(l, t, m)| *l == LogLevel::Debug
            && t == "sightline_core::link::session"
            && m == "link ready frames=3"));
        assert!(!got.iter().any(|(_, t, _)| t == "tract_core"), "{got:?}");
    }
}
