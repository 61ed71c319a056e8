//! What the companion tells the app, as one enum delivered to a [`crate::CompanionListener`].

/// One event from the companion.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum CompanionEvent {
    /// A preference was set or removed (by this app, another screen, or the glasses); a
    /// settings screen re-reads `preferences()`.
    PreferenceChanged {
        /// The key that changed.
        key: String,
    },
    /// History entries were deleted by `forget`.
    HistoryForgotten {
        /// How many entries were deleted.
        count: u64,
    },
    /// This listener fell behind and missed events; re-read state (history, preferences).
    Lagged {
        /// How many events were skipped.
        missed: u64,
    },
}
