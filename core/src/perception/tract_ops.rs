//! The NNEF reader the library loads its bundles with: the standard NNEF operations plus only
//! the `tract_core_*` extension operations our bundles use (and `nearest_upsample`).
//!
//! `tract_nnef::nnef()` registers every operation tract-core has (FFT and STFT, scans, GRU,
//! quantised convolutions, scatter, top-k …); the registry holds a function for each, so the
//! linker keeps all of them and everything they reach. The loaders below are tract-nnef 0.23's
//! own (its modules are private), reading only: the library never writes NNEF (`cargo xtask
//! models` does, with the full tract).
//!
//! A bundle naming another `tract_core_*` operation fails to load with tract's "unknown
//! operation" error; the model tests load every bundle, so a new model that needs one shows
//! up there and its loader is added here.

use tract_nnef::internal::*;
use tract_nnef::tract_core::ops::array::Gather;
use tract_nnef::tract_core::ops::cast::{Cast, cast};
use tract_nnef::tract_core::ops::lstm_cell::LstmEpilogue;
use tract_nnef::tract_core::ops::math::Erf;
use tract_nnef::tract_core::ops::nn::RmsNorm;
use tract_nnef::tract_core::ops::nn::resize::{CoordTransformer, Interpolator, Nearest, Resize};
use tract_nnef::tract_core::ops::nn::silu::Silu;

/// The NNEF framework with the standard registry and [`core_registry`], without resource
/// loaders (bundles hand tract their graphs and tensors already parsed).
pub fn reader() -> Nnef {
    Nnef {
        stdlib: tract_nnef::framework::stdlib(),
        registries: vec![tract_nnef::ops::tract_nnef(), core_registry()],
        resource_loaders: Vec::new(),
        allow_extended_identifier_syntax: false,
        extern_all_constants: false,
    }
}

/// The `tract_core` extension registry (the name graphs declare with `extension tract_registry
/// tract_core`) with only the operations the bundles in docs/models.md use — and
/// `nearest_upsample`, a standard NNEF operation whose standard definition tract cannot run
/// (it is a tract-core primitive in tract-nnef's registry too).
fn core_registry() -> Registry {
    let mut registry = Registry::new("tract_core");
    registry.register_primitive(
        "nearest_upsample",
        &[
            TypeName::Scalar.tensor().named("input"),
            TypeName::Integer.array().named("factor"),
        ],
        &[("output", TypeName::Scalar.tensor())],
        load_nearest_upsample,
    );
    registry.register_unit_element_wise("tract_core_erf", &Erf {});
    registry.register_unit_element_wise("tract_core_silu", &Silu {});
    let scalar = || TypeName::Scalar.tensor();
    registry.register_primitive(
        "tract_core_external",
        &[
            TypeName::String.named("datum_type"),
            TypeName::Integer.array().named("shape"),
        ],
        &[("output", TypeName::Any.tensor())],
        load_external,
    );
    registry.register_primitive(
        "tract_core_cast",
        &[scalar().named("input"), TypeName::String.named("to")],
        &[("output", scalar())],
        load_cast,
    );
    registry.register_primitive(
        "tract_core_gather",
        &[
            scalar().named("input"),
            scalar().named("indices"),
            TypeName::Integer.named("axis"),
        ],
        &[("output", scalar())],
        load_gather,
    );
    registry.register_primitive(
        "tract_core_rms_norm",
        &[
            scalar().named("input"),
            TypeName::Integer.named("axis"),
            TypeName::Scalar.named("eps").default(1e-6f32),
        ],
        &[("output", scalar())],
        load_rms_norm,
    );
    registry.register_primitive(
        "tract_core_lstm_epilogue",
        &[
            scalar().named("preact"),
            scalar().named("c_prev"),
            TypeName::Integer.named("hidden"),
        ],
        &[("ht", scalar()), ("ct", scalar())],
        load_lstm_epilogue,
    );
    registry
}

/// A model input of a declared type and (possibly symbolic) shape.
fn load_external(
    builder: &mut ModelBuilder,
    invocation: &ResolvedInvocation,
) -> TractResult<Value> {
    let shape: TVec<TDim> =
        builder.allowing_new_symbols(|builder| invocation.named_arg_as(builder, "shape"))?;
    let datum_type: DatumType = invocation
        .named_arg_as::<String>(builder, "datum_type")?
        .parse()?;
    Ok(Value::Wire(
        builder.model.add_source("", datum_type.fact(&*shape))?,
    ))
}

/// A conversion to the datum type named by `to`.
fn load_cast(builder: &mut ModelBuilder, invocation: &ResolvedInvocation) -> TractResult<Value> {
    let input = invocation.named_arg_as(builder, "input")?;
    let to: DatumType = invocation.named_arg_as::<String>(builder, "to")?.parse()?;
    builder.wire(Cast { to }, &[input])
}

/// Gather along `axis`, the indices converted to i64 as tract's own loader does, with an
/// optional output type.
fn load_gather(builder: &mut ModelBuilder, invocation: &ResolvedInvocation) -> TractResult<Value> {
    let input = invocation.named_arg_as(builder, "input")?;
    let indices = invocation.named_arg_as(builder, "indices")?;
    let output_type: Option<DatumType> = invocation
        .optional_named_arg_as::<String>(builder, "datum_type")?
        .map(|name| name.parse())
        .transpose()?;
    let indices = builder.wire_as_outlets(cast(i64::datum_type()), &[indices])?[0];
    let axis = invocation.named_arg_as(builder, "axis")?;
    builder.wire(Gather { axis, output_type }, &[input, indices])
}

/// Root-mean-square normalisation along `axis`.
fn load_rms_norm(
    builder: &mut ModelBuilder,
    invocation: &ResolvedInvocation,
) -> TractResult<Value> {
    let input = invocation.named_arg_as(builder, "input")?;
    let axis: usize = invocation.named_arg_as(builder, "axis")?;
    let eps = invocation.named_arg_as(builder, "eps")?;
    builder.wire(RmsNorm { axis, eps }, &[input])
}

/// Nearest-neighbour upsampling of the trailing axes by whole `factor`s (the detector's
/// feature pyramid).
fn load_nearest_upsample(
    builder: &mut ModelBuilder,
    invocation: &ResolvedInvocation,
) -> TractResult<Value> {
    let input: OutletId = invocation.named_arg_as(builder, "input")?;
    let factor: TVec<i64> = invocation.named_arg_as(builder, "factor")?;
    let rank = builder.model.outlet_fact(input)?.rank();
    ensure!(
        factor.len() <= rank,
        "upsample factor has {} entries but input rank is {rank}",
        factor.len()
    );
    let mut scales = vec![1.0f32; rank - factor.len()];
    scales.extend(factor.iter().map(|&f| f as f32));
    let scales = builder.add_const(tract_nnef::tract_ndarray::Array1::from(scales))?;
    let op = Resize {
        coord_transformer: CoordTransformer::Asymmetric,
        interpolator: Interpolator::Nearest,
        nearest: Nearest::Floor,
        optional_scales_input: Some(1),
        optional_sizes_input: None,
    };
    builder.wire(op, &[input, scales])
}

/// The gates of one LSTM step (the voice activity detector's recurrent cell).
fn load_lstm_epilogue(
    builder: &mut ModelBuilder,
    invocation: &ResolvedInvocation,
) -> TractResult<Value> {
    let preact = invocation.named_arg_as(builder, "preact")?;
    let c_prev = invocation.named_arg_as(builder, "c_prev")?;
    let hidden: usize = invocation.named_arg_as(builder, "hidden")?;
    builder.wire(LstmEpilogue { hidden }, &[preact, c_prev])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(body: &str) -> TractResult<TypedModel> {
        let text = format!(
            "version 1.0;\nextension tract_registry tract_core;\n\
             graph network(x) -> (y) {{\n{body}\n}}\n"
        );
        let proto = tract_nnef::ProtoModel {
            doc: tract_nnef::ast::parse::parse_document(&text)?,
            tensors: Default::default(),
            quantization: None,
            resources: Default::default(),
        };
        reader().model_for_proto_model(&proto)
    }

    #[test]
    fn perception_reader_runs_the_core_operations_the_bundles_use() {
        let model = load(
            "x = tract_core_external(shape = [1, 4], datum_type = \"f32\");\n\
             n = tract_core_rms_norm(x, axis = 1, eps = 0.000001);\n\
             s = tract_core_silu(n);\n\
             e = tract_core_erf(s);\n\
             i = tract_core_cast(e, to = \"f16\");\n\
             y = tract_core_cast(i, to = \"f32\");",
        )
        .unwrap();
        let plan = model.into_optimized().unwrap().into_runnable().unwrap();
        let out = plan
            .run(tvec!(tensor2(&[[1f32, -1.0, 1.0, -1.0]]).into()))
            .unwrap();
        let values = out[0].to_plain_array_view::<f32>().unwrap();
        // rms_norm → ±1; silu(1) = 0.731, silu(−1) = −0.269; erf of those, through f16.
        let expected = [0.6988f32, -0.2963, 0.6988, -0.2963];
        for (v, e) in values.iter().zip(expected) {
            assert!((v - e).abs() < 2e-3, "{v} vs {e}");
        }
    }

    #[test]
    fn perception_reader_names_a_core_operation_it_does_not_register() {
        let err = load(
            "x = tract_core_external(shape = [8], datum_type = \"f32\");\n\
             y = tract_core_fft(x, axis = 0, inverse = false);",
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("tract_core_fft"), "{err:#}");
    }
}
