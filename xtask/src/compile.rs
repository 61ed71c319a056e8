//! The last step of `cargo xtask models`: compile each verified ONNX model into the bundle
//! the library reads (`sightline_core::perception::bundle`).
//!
//! For every input shape the perception code runs a model at, tract loads the ONNX file at
//! that shape, declutters it and writes it as NNEF; the weights of all shapes go into the
//! bundle once, named by their hash. The library then needs only tract-nnef: the ONNX parser,
//! its shape analysis and every ONNX-only operator stay out of the shipped library.
//!
//! Each bundle is checked before it is kept: it is loaded through the library's own model
//! store and, at every shape, its output on a fixed pseudo-random input must match the ONNX
//! model's.
//!
//! Idempotent: a bundle whose sha256 matches its `.sha256` file and whose recorded recipe
//! (source hash, tract version, shapes) is the current one is left alone.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tract_onnx::prelude::*;

use sightline_core::perception::bundle::{Bundle, METADATA_FOLDER, TENSOR_FOLDER, graph_entry};
use sightline_core::perception::models::{ModelFile, ModelStore, checksum_path};

use crate::files::{models_dir, sha256_file};
use crate::{TaskError, TaskResult};

/// The metadata key recording how a bundle was made.
pub(crate) const RECIPE_KEY: &str = "sightline.compiled_from";
/// The largest difference allowed between the bundle's and the ONNX model's outputs,
/// relative to the largest output magnitude (both run the same float operations; only
/// their order may differ).
pub(crate) const TOLERANCE: f32 = 1e-4;

/// Compiles every model whose bundle is missing or stale.
pub fn ensure_bundles(root: &Path) -> TaskResult {
    let dir = models_dir(root);
    let tract = locked_version(root, "tract-nnef")?;
    for model in sightline_core::perception::MODELS {
        let recipe = recipe(&dir, &model, &tract)?;
        ensure_bundle(&dir, model.name, &recipe, || {
            println!(
                "models: compiling {} into {} at {:?} …",
                model.source, model.name, model.shapes
            );
            compile(&dir, &model, &recipe)
        })?;
    }
    Ok(())
}

/// Runs `compile` for the bundle `name` in `dir` unless the bundle there was made from
/// `recipe` and is intact; the one skip-or-build step every model kind goes through.
pub(crate) fn ensure_bundle(
    dir: &Path,
    name: &str,
    recipe: &str,
    compile: impl FnOnce() -> TaskResult,
) -> TaskResult {
    if is_current(&dir.join(name), recipe) {
        println!("models: {name} compiled and verified; nothing to do");
        return Ok(());
    }
    compile()?;
    println!("models: {name} written and checked");
    Ok(())
}

/// The version of `package` in the workspace's `Cargo.lock`: the tract that writes the
/// bundles is the one the library reads them with, so a tract upgrade recompiles them.
pub(crate) fn locked_version(root: &Path, package: &str) -> TaskResult<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))?;
    let name = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == name
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_string());
        }
    }
    Err(TaskError(format!("Cargo.lock has no {package}")))
}

/// What a bundle is made from: the source's hash, the tract version and the shapes.
fn recipe(dir: &Path, model: &ModelFile, tract: &str) -> TaskResult<String> {
    Ok(format!(
        "{} sha256:{} tract:{tract} shapes:{:?}",
        model.source,
        sha256_file(&dir.join(model.source))?,
        model.shapes
    ))
}

/// Whether `bundle` exists, matches its stamped sha256, and records `recipe` as what it was
/// made from.
fn is_current(bundle: &Path, recipe: &str) -> bool {
    let Ok(bytes) = std::fs::read(bundle) else {
        return false;
    };
    let stamped = std::fs::read_to_string(checksum_path(bundle)).unwrap_or_default();
    stamped.trim() == hex::encode(Sha256::digest(&bytes))
        && Bundle::read(bytes.as_slice()).is_ok_and(|b| b.metadata(RECIPE_KEY) == Some(recipe))
}

/// Writes the bundle of `model` (through a temporary file), checks it, then stamps it.
fn compile(dir: &Path, model: &ModelFile, recipe: &str) -> TaskResult {
    let onnx = tract_onnx::onnx();
    let proto = onnx.proto_model_for_path(dir.join(model.source))?;
    let mut metadata: BTreeMap<String, String> = proto
        .metadata_props
        .iter()
        .map(|p| (p.key.clone(), p.value.clone()))
        .collect();
    metadata.insert(RECIPE_KEY.into(), recipe.into());
    let source = onnx.model_for_proto_model(&proto)?;

    let writer = tract_nnef::nnef().with_onnx();
    let mut graphs = Vec::new();
    let mut tensors = BTreeMap::new();
    let mut references = Vec::new();
    for shape in model.shapes {
        let mut decluttered = source
            .clone()
            .with_input_fact(0, f32::fact(shape).into())?
            .into_typed()?
            .into_decluttered()?;
        graphs.push((
            graph_entry(shape),
            nnef_graph(&writer, &mut decluttered, &mut tensors)?,
        ));
        references.push(decluttered.into_optimized()?.into_runnable()?);
    }
    write_checked(&dir.join(model.name), &graphs, &tensors, &metadata, || {
        check_against(dir, model, &references)
    })
}

/// Writes `model` as NNEF and returns its graph text, its weights added to `tensors` under
/// their hashes. The model's properties are cleared first: metadata travels as bundle
/// entries, not as graph properties.
pub(crate) fn nnef_graph(
    writer: &tract_nnef::framework::Nnef,
    model: &mut TypedModel,
    tensors: &mut BTreeMap<String, Vec<u8>>,
) -> TaskResult<String> {
    model.properties.clear();
    let scratch = tempfile::tempdir()?;
    let written = scratch.path().join("nnef");
    writer
        .write_to_dir(model, &written)
        .map_err(|e| TaskError(format!("{e:#}")))?;
    shared_weights(&written, tensors)
}

/// Writes the bundle `bundle` (through a partial file), stamps its sha256 next to it, then
/// runs `check` on it; on any failure nothing is left behind.
pub(crate) fn write_checked(
    bundle: &Path,
    graphs: &[(String, String)],
    tensors: &BTreeMap<String, Vec<u8>>,
    metadata: &BTreeMap<String, String>,
    check: impl FnOnce() -> TaskResult,
) -> TaskResult {
    let partial = bundle.with_extension("partial");
    let result = write_tar(&partial, graphs, tensors, metadata)
        .and_then(|()| Ok(std::fs::rename(&partial, bundle)?))
        .and_then(|()| {
            Ok(std::fs::write(
                checksum_path(bundle),
                format!("{}\n", sha256_file(bundle)?),
            )?)
        })
        .and_then(|()| check());
    if result.is_err() {
        for leftover in [partial, checksum_path(bundle), bundle.to_path_buf()] {
            let _ = std::fs::remove_file(leftover);
        }
    }
    result
}

/// Reads the graph tract wrote into `folder` with each weight label renamed to the hash of
/// its bytes, and adds the weights to `tensors` (hash → `.dat` bytes).
fn shared_weights(folder: &Path, tensors: &mut BTreeMap<String, Vec<u8>>) -> TaskResult<String> {
    let mut graph = std::fs::read_to_string(folder.join("graph.nnef"))?;
    for path in files_under(folder)? {
        let relative = path.strip_prefix(folder)?.to_string_lossy().into_owned();
        let Some(label) = relative.strip_suffix(".dat") else {
            continue;
        };
        let bytes = std::fs::read(&path)?;
        let hash = hex::encode(Sha256::digest(&bytes));
        // Labels of ONNX names starting with `/` keep it in the graph, not in the path.
        let quoted = [
            format!("label = \"{label}\""),
            format!("label = \"/{label}\""),
        ]
        .into_iter()
        .find(|q| graph.contains(q));
        let Some(quoted) = quoted else {
            return Err(TaskError(format!(
                "tract wrote {relative} but no graph line uses it"
            )));
        };
        graph = graph.replace(&quoted, &format!("label = \"{TENSOR_FOLDER}{hash}\""));
        tensors.insert(hash, bytes);
    }
    Ok(graph)
}

/// Every file below `folder`, sorted.
fn files_under(folder: &Path) -> TaskResult<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn write_tar(
    path: &Path,
    graphs: &[(String, String)],
    tensors: &BTreeMap<String, Vec<u8>>,
    metadata: &BTreeMap<String, String>,
) -> TaskResult {
    let mut tar = tar::Builder::new(std::fs::File::create(path)?);
    let mut append = |name: String, data: &[u8]| -> TaskResult {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        Ok(tar.append_data(&mut header, name, data)?)
    };
    for (name, text) in graphs {
        append(name.clone(), text.as_bytes())?;
    }
    for (hash, bytes) in tensors {
        append(format!("{TENSOR_FOLDER}{hash}.dat"), bytes)?;
    }
    for (key, value) in metadata {
        append(format!("{METADATA_FOLDER}{key}"), value.as_bytes())?;
    }
    tar.into_inner()?.sync_all()?;
    Ok(())
}

/// Loads the bundle through the library's model store and compares its output with the
/// ONNX model's at every shape.
fn check_against(
    dir: &Path,
    model: &ModelFile,
    references: &[Arc<TypedRunnableModel>],
) -> TaskResult {
    let compiled = ModelStore::new(dir).model(*model);
    for (shape, reference) in model.shapes.iter().zip(references) {
        let input = pseudo_random(shape.iter().product());
        let got = compiled
            .run("bundle check", *shape, input.clone())
            .map_err(|e| TaskError(format!("{}: {e}", model.name)))?;
        let tensor = tract_ndarray::Array4::from_shape_vec(*shape, input)?;
        let outputs = reference.run(tvec!(Tensor::from(tensor).into()))?;
        let want: Vec<f32> = outputs[0]
            .to_plain_array_view::<f32>()?
            .iter()
            .copied()
            .collect();
        let scale = want.iter().fold(1f32, |m, v| m.max(v.abs()));
        let worst = got
            .iter()
            .zip(&want)
            .fold(0f32, |m, (a, b)| m.max((a - b).abs()));
        if got.len() != want.len() || worst > TOLERANCE * scale {
            return Err(TaskError(format!(
                "{} at input {shape:?} differs from {}: {} vs {} values, largest difference {worst}",
                model.name,
                model.source,
                got.len(),
                want.len()
            )));
        }
    }
    Ok(())
}

/// `n` values in [-1, 1) from a fixed linear congruential sequence (reproducible checks).
pub(crate) fn pseudo_random(n: usize) -> Vec<f32> {
    let mut state = 0x2545_f491_u32;
    (0..n)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 8) as f32 / (1u32 << 23) as f32 - 1.0
        })
        .collect()
}
