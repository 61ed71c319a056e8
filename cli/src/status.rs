//! What exists so far: the store and the model files. (`sightline demo` shows this until the
//! full walk is built.)

use sightline_core::Config;
use sightline_core::store::Store;

/// Prints the state of the data dir and the models dir.
pub fn run(config: &Config) -> Result<(), String> {
    let store = Store::open(&config.database_path()).map_err(|e| e.to_string())?;
    println!("Sightline {}", env!("CARGO_PKG_VERSION"));
    println!(
        "database  {} (schema v{}, integrity {})",
        store.path().display(),
        store.schema_version().map_err(|e| e.to_string())?,
        store.integrity_check().map_err(|e| e.to_string())?
    );
    let mut models: Vec<String> = std::fs::read_dir(&config.models_dir)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    models.sort();
    println!(
        "models    {} ({} files)",
        config.models_dir.display(),
        models.len()
    );
    for m in models {
        println!("  - {m}");
    }
    Ok(())
}
