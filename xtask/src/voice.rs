//! The voice models' part of `cargo xtask models`, after the manifest's files are fetched:
//!
//! 1. join Whisper's two registry parts into `whisper-base.ct2.bin` and check its sha256;
//! 2. convert it to ONNX (`xtask/convert/whisper.py`, in the converter's virtual
//!    environment): the encoder, the decoder with a key/value cache, and the f16 token table;
//! 3. compile Silero VAD and both Whisper graphs into the NNEF bundles the library reads
//!    (`sightline_core::voice::models::ALL` names the graphs and their input facts), each
//!    checked through the library's own loader against the ONNX model before it is kept.
//!
//! Idempotent: each step leaves alone an output whose recorded hashes are current.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use tract_onnx::prelude::*;
use tract_onnx::tract_core::ops::einsum::EinSum;
use tract_onnx::tract_core::ops::konst::Const;
use tract_onnx::tract_hir::infer::Factoid;

use sightline_core::perception::bundle::graph_entry;
use sightline_core::perception::models::checksum_path;
use sightline_core::voice::models::{self as voice_models, VoiceModelFile};

use crate::compile::{
    RECIPE_KEY, TOLERANCE, ensure_bundle, locked_version, nnef_graph, pseudo_random, write_checked,
};
use crate::convert::ensure_venv;
use crate::files::{models_dir, sha256_file};
use crate::{TaskError, TaskResult};

/// The joined CTranslate2 model.
const JOINED: &str = "whisper-base.ct2.bin";
/// Its registry parts, in order (fetched and verified by the manifest).
const PARTS: [&str; 2] = ["whisper-base.ct2.bin.part1", "whisper-base.ct2.bin.part2"];
/// The joined file's sha256.
const JOINED_SHA256: &str = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57";
/// The converter's outputs, in its argument order.
const CONVERTED: [&str; 3] = [
    voice_models::ENCODER.source,
    voice_models::DECODER.source,
    voice_models::TOKENS,
];
/// What the converter needs from pip, pinned (the scene model's converter uses the same).
const CONVERTER_PACKAGES: &[&str] = &["onnx==1.23.2", "numpy==2.4.6"];
/// The revision of what [`compile`] does to a graph before writing it, recorded in each
/// bundle's recipe so that a change recompiles bundles made before it (2: matrix products read
/// f16 weights directly, [`read_half_weights`]).
const COMPILE_REVISION: u32 = 2;
/// The bundles whose matrix products read f16 weights ([`read_half_weights`]).
const HALF_WEIGHTS: [&str; 1] = [voice_models::DECODER.name];
/// The values the decoder check gives its symbolic lengths.
const CHECK_SYMBOLS: [(&str, i64); 4] = [("N", 3), ("P", 2), ("T", 20), ("F", 200)];

/// Joins, converts and compiles the voice models unless they are current.
pub fn ensure(root: &Path) -> TaskResult {
    let dir = models_dir(root);
    join_parts(&dir)?;
    convert(root, &dir)?;
    let tract = locked_version(root, "tract-nnef")?;
    for model in voice_models::ALL {
        let recipe = format!(
            "{} sha256:{} tract:{tract} graphs:{:?} compile:{COMPILE_REVISION} f16:{}",
            model.source,
            sha256_file(&dir.join(model.source))?,
            model.graphs,
            HALF_WEIGHTS.contains(&model.name)
        );
        ensure_bundle(&dir, model.name, &recipe, || {
            println!("models: compiling {} into {} …", model.source, model.name);
            compile(&dir, &model, &recipe)
        })?;
    }
    Ok(())
}

/// Writes `whisper-base.ct2.bin` from its parts (through a partial file) unless it is there
/// with the right hash.
fn join_parts(dir: &Path) -> TaskResult {
    let joined = dir.join(JOINED);
    if joined.exists() && sha256_file(&joined)? == JOINED_SHA256 {
        return Ok(());
    }
    println!("models: joining {} …", PARTS.join(" + "));
    let partial = joined.with_extension("partial");
    let result = (|| -> TaskResult {
        let mut out = std::fs::File::create(&partial)?;
        for part in PARTS {
            std::io::copy(&mut std::fs::File::open(dir.join(part))?, &mut out)?;
        }
        out.flush()?;
        let sha = sha256_file(&partial)?;
        if sha != JOINED_SHA256 {
            return Err(TaskError(format!(
                "the joined {JOINED} has sha256 {sha}, expected {JOINED_SHA256}"
            )));
        }
        Ok(std::fs::rename(&partial, &joined)?)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// The stamp recording the converter's source and outputs.
fn stamp_path(dir: &Path) -> PathBuf {
    dir.join("whisper-onnx.sha256")
}

/// The converter script.
fn converter(root: &Path) -> PathBuf {
    root.join("xtask/convert/whisper.py")
}

/// The stamp's text for the files as they are now (`None` when one is missing): the
/// source's, the converter's and each output's sha256.
fn current_stamp(root: &Path, dir: &Path) -> Option<String> {
    let mut lines = format!(
        "{JOINED_SHA256}  {JOINED}\n{}  whisper.py\n",
        sha256_file(&converter(root)).ok()?
    );
    for name in CONVERTED {
        lines.push_str(&format!("{}  {name}\n", sha256_file(&dir.join(name)).ok()?));
    }
    Some(lines)
}

/// Runs the converter unless its outputs are the ones stamped for the current source.
fn convert(root: &Path, dir: &Path) -> TaskResult {
    let stamped = std::fs::read_to_string(stamp_path(dir)).unwrap_or_default();
    if current_stamp(root, dir).is_some_and(|now| now == stamped) {
        println!("models: Whisper converted to ONNX and verified; nothing to do");
        return Ok(());
    }
    let python = ensure_venv(root, CONVERTER_PACKAGES)?;
    println!("models: converting {JOINED} to ONNX …");
    let status = Command::new(&python)
        .arg(converter(root))
        .arg(dir.join(JOINED))
        .args(CONVERTED.map(|name| dir.join(name)))
        .status()?;
    if !status.success() {
        for name in CONVERTED {
            let _ = std::fs::remove_file(dir.join(name));
        }
        return Err(TaskError(format!(
            "converting {JOINED} failed ({status}); run `cargo xtask models` again"
        )));
    }
    let tokens = dir.join(voice_models::TOKENS);
    std::fs::write(
        checksum_path(&tokens),
        format!("{}\n", sha256_file(&tokens)?),
    )?;
    let stamp = current_stamp(root, dir)
        .ok_or_else(|| TaskError("the converter wrote no output".into()))?;
    std::fs::write(stamp_path(dir), stamp)?;
    Ok(())
}

/// The fact of one input from its `type:dims` description.
fn input_fact(model: &InferenceModel, spec: &str) -> TaskResult<InferenceFact> {
    let (kind, dims) = spec
        .split_once(':')
        .ok_or_else(|| TaskError(format!("input fact `{spec}` has no type")))?;
    let shape = dims
        .split(',')
        .map(|d| model.symbols.parse_tdim(d))
        .collect::<TractResult<Vec<TDim>>>()?;
    Ok(match kind {
        "f32" => f32::fact(shape).into(),
        "i64" => i64::fact(shape).into(),
        other => return Err(TaskError(format!("input type `{other}` is not handled"))),
    })
}

/// Writes the bundle of `model` and checks it; on failure nothing is left.
fn compile(dir: &Path, model: &VoiceModelFile, recipe: &str) -> TaskResult {
    let onnx = tract_onnx::onnx();
    let source = onnx.model_for_path(dir.join(model.source))?;
    let writer = tract_nnef::nnef().with_onnx();
    let mut graphs = Vec::new();
    let mut tensors = BTreeMap::new();
    let mut references = Vec::new();
    for graph in model.graphs {
        let mut typed = source.clone();
        for (i, spec) in graph.inputs.iter().enumerate() {
            let fact = input_fact(&typed, spec)?;
            typed = typed.with_input_fact(i, fact)?;
        }
        let mut decluttered = typed.into_typed()?.into_decluttered()?;
        if HALF_WEIGHTS.contains(&model.name) {
            read_half_weights(&mut decluttered)?;
        }
        graphs.push((
            graph_entry(graph.key),
            nnef_graph(&writer, &mut decluttered, &mut tensors)
                .map_err(|e| TaskError(format!("{}: {}", model.source, e.0)))?,
        ));
        references.push(decluttered.into_optimized()?.into_runnable()?);
    }
    let metadata = BTreeMap::from([(RECIPE_KEY.to_string(), recipe.to_string())]);
    write_checked(&dir.join(model.name), &graphs, &tensors, &metadata, || {
        check_against(dir, model, &references)
    })
}

/// Makes every matrix product of `model` read its weights as f16: each f32 constant whose
/// consumers are all `EinSum`s and whose every value f16 holds exactly (the CTranslate2 model
/// is fp16) is replaced by its f16 copy. tract packs such weights once, at load, for its
/// f16 × f32 kernels, which widen each weight as they read it: the same products from half
/// the memory. (An f16 constant behind a `Cast` node instead is widened and packed again on
/// every run, and a small one is folded back to f32 by the optimiser.)
fn read_half_weights(model: &mut TypedModel) -> TaskResult {
    let mut halved = Vec::new();
    for node in &model.nodes {
        let Some(konst) = node.op_as::<Const>() else {
            continue;
        };
        let weights = konst.val();
        let into_products = node.outputs[0]
            .successors
            .iter()
            .all(|s| model.node(s.node).op_is::<EinSum>());
        if weights.datum_type() != f32::datum_type()
            || weights.rank() < 2
            || node.outputs[0].successors.is_empty()
            || !into_products
        {
            continue;
        }
        let half = weights.cast_to::<f16>()?.into_owned();
        if half.cast_to::<f32>()?.as_ref() == weights.as_ref() {
            halved.push((node.id, half));
        }
    }
    // In place: a patch may not change a wire's type, and the products' outputs keep theirs.
    for (id, half) in halved {
        let half = half.into_arc_tensor();
        let node = &mut model.nodes[id];
        node.outputs[0].fact = TypedFact::try_from(&half)?;
        node.op = Box::new(Const::new(half)?);
    }
    Ok(())
}

/// Inputs for every fact of `graph`, symbols set to [`CHECK_SYMBOLS`]: pseudo-random
/// floats, positions counting up.
fn check_inputs(model: &InferenceModel, graph: &[&str]) -> TaskResult<TVec<TValue>> {
    let mut values = SymbolValues::default();
    for (name, value) in CHECK_SYMBOLS {
        values.set(&model.symbols.sym(name), value);
    }
    let mut inputs = tvec!();
    for spec in graph {
        let fact = input_fact(model, spec)?;
        let shape: Vec<usize> = fact
            .shape
            .dims()
            .map(|d| {
                d.concretize()
                    .and_then(|d| d.eval_to_i64(&values).ok())
                    .and_then(|d| usize::try_from(d).ok())
                    .ok_or_else(|| TaskError(format!("input `{spec}` has an open dimension")))
            })
            .collect::<TaskResult<_>>()?;
        let count: usize = shape.iter().product();
        let tensor = if spec.starts_with("i64") {
            Tensor::from_shape(&shape, &(0..count as i64).collect::<Vec<_>>())?
        } else {
            Tensor::from_shape(&shape, &pseudo_random(count))?
        };
        inputs.push(tensor.into());
    }
    Ok(inputs)
}

/// Loads the bundle through the library and compares every output of every graph with the
/// ONNX model's.
fn check_against(
    dir: &Path,
    model: &VoiceModelFile,
    references: &[Arc<TypedRunnableModel>],
) -> TaskResult {
    let compiled = voice_models::load_plans(dir, model).map_err(|e| TaskError(e.to_string()))?;
    let onnx = tract_onnx::onnx().model_for_path(dir.join(model.source))?;
    for ((graph, plan), reference) in model.graphs.iter().zip(&compiled).zip(references) {
        let inputs = check_inputs(&onnx, graph.inputs)?;
        let got = plan.run(inputs.clone())?;
        let want = reference.run(inputs)?;
        for (g, w) in got.iter().zip(want.iter()) {
            let g = g.to_plain_array_view::<f32>()?;
            let w = w.to_plain_array_view::<f32>()?;
            let scale = w.iter().fold(1f32, |m, v| m.max(v.abs()));
            let worst = g
                .iter()
                .zip(w.iter())
                .fold(0f32, |m, (a, b)| m.max((a - b).abs()));
            if g.shape() != w.shape() || worst > TOLERANCE * scale {
                return Err(TaskError(format!(
                    "{} graph {:?} differs from {}: shapes {:?} vs {:?}, largest difference {worst}",
                    model.name,
                    graph.key,
                    model.source,
                    g.shape(),
                    w.shape()
                )));
            }
        }
    }
    Ok(())
}
