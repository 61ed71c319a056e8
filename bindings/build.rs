//! Link options of the shipped shared library only (tests and tools link as usual).
//!
//! Where the linker is LLVM's lld (rustc's own for x86-64 Linux, the NDK's for Android):
//! - `--icf=all` folds functions whose machine code is identical, which generic Rust code
//!   has many of (the same body instantiated for types of the same layout);
//! - on glibc Linux, `-z pack-relative-relocs` stores the library's relative relocations
//!   (one per pointer in vtables and static tables) packed as RELR instead of 24 bytes each
//!   (glibc ≥ 2.36 reads them).
//!
//! Measured on the release-small library: RELR takes its relocations from 1.9 MB to 15 kB;
//! with folding and the library built alone (`cargo xtask size`) it went from 21.45 MB to
//! 16.0 MB.

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target == "x86_64-unknown-linux-gnu" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,--icf=all");
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,pack-relative-relocs");
    } else if os == "android" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,--icf=all");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
