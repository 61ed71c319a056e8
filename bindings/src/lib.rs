//! The FFI surface of Sightline: thin UniFFI wrappers over `sightline-core`.

uniffi::setup_scaffolding!();

/// The version of the Sightline core this library was built from.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
