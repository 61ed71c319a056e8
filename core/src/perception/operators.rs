//! The NNEF reader the library runs its models through, with only the operators they use.
//!
//! `tract_nnef::nnef()` registers every operator tract-core can serialise — FFT, RNN cells,
//! scans, scatters, top-k … — and so links all of them (rustfft alone is 1.3 MB of the
//! shared library) although no bundled model uses them. The compiled models use the NNEF
//! standard operators plus three of tract-core's: SiLU and RMS normalisation (fused by
//! tract's declutter step in the recognizer) and nearest-neighbour upsampling (the
//! detector's feature pyramid), so that is all that is registered here; each reads its NNEF
//! invocation as tract-nnef's own reader does.
//! `cargo xtask models` loads every bundle it writes through this reader, so a model that
//! needed another operator fails at setup, not on the phone.

use tract_nnef::internal::*;
use tract_nnef::tract_core::ops::nn::resize::{CoordTransformer, Interpolator, Nearest, Resize};
use tract_nnef::tract_core::ops::nn::{RmsNorm, Silu};

/// tract's NNEF framework with the standard operators and the tract-core extensions the
/// bundled models use.
pub fn framework() -> Nnef {
    Nnef {
        stdlib: tract_nnef::framework::stdlib(),
        registries: vec![tract_nnef::ops::tract_nnef(), tract_core_subset()],
        resource_loaders: Vec::new(),
        allow_extended_identifier_syntax: false,
        extern_all_constants: false,
    }
}

/// The `tract_core` extension registry (same name, so graphs declaring
/// `extension tract_registry tract_core` resolve) with only the operators the models use.
fn tract_core_subset() -> Registry {
    let mut registry = Registry::new("tract_core");
    registry.register_unit_element_wise("tract_core_silu", &Silu {});
    registry.register_primitive(
        "tract_core_rms_norm",
        &[
            TypeName::Scalar.tensor().named("input"),
            TypeName::Integer.named("axis"),
            TypeName::Scalar.named("eps").default(1e-6f32),
        ],
        &[("output", TypeName::Scalar.tensor())],
        rms_norm,
    );
    registry.register_primitive(
        "nearest_upsample",
        &[
            TypeName::Scalar.tensor().named("input"),
            TypeName::Integer.array().named("factor"),
        ],
        &[("output", TypeName::Scalar.tensor())],
        nearest_upsample,
    );
    registry
}

/// Builds an [`RmsNorm`] from its NNEF invocation (as tract-nnef's own reader does).
fn rms_norm(builder: &mut ModelBuilder, invocation: &ResolvedInvocation) -> TractResult<Value> {
    let input = invocation.named_arg_as(builder, "input")?;
    let axis: usize = invocation.named_arg_as(builder, "axis")?;
    let eps = invocation.named_arg_as(builder, "eps")?;
    builder.wire(RmsNorm { axis, eps }, &[input])
}

/// Builds the [`Resize`] of NNEF's `nearest_upsample`: integer factors on the trailing
/// (spatial) axes, 1 on the others.
fn nearest_upsample(
    builder: &mut ModelBuilder,
    invocation: &ResolvedInvocation,
) -> TractResult<Value> {
    let input: OutletId = invocation.named_arg_as(builder, "input")?;
    let factor: TVec<i64> = invocation.named_arg_as(builder, "factor")?;
    let rank = builder.model.outlet_fact(input)?.rank();
    ensure!(
        factor.len() <= rank,
        "nearest_upsample has {} factors for an input of rank {rank}",
        factor.len()
    );
    let mut scales = vec![1.0f32; rank - factor.len()];
    scales.extend(factor.iter().map(|&f| f as f32));
    let scales = builder.add_const(tract_ndarray::Array1::from(scales))?;
    let op = Resize {
        coord_transformer: CoordTransformer::Asymmetric,
        interpolator: Interpolator::Nearest,
        nearest: Nearest::Floor,
        optional_scales_input: Some(1),
        optional_sizes_input: None,
    };
    builder.wire(op, &[input, scales])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Runs a one-input NNEF graph `body` (input `x` of `shape`) through [`framework`].
    fn run(shape: &[usize], body: &str, input: Tensor) -> Vec<f32> {
        let text = format!(
            "version 1.0;\nextension tract_registry tract_core;\n\
             graph network(x) -> (y) {{\n  x = external(shape = {shape:?});\n  {body}\n}}\n"
        );
        let proto = tract_nnef::ProtoModel {
            doc: tract_nnef::ast::parse::parse_document(&text).unwrap(),
            tensors: HashMap::new(),
            quantization: None,
            resources: HashMap::new(),
        };
        let plan = framework()
            .model_for_proto_model(&proto)
            .unwrap()
            .into_optimized()
            .unwrap()
            .into_runnable()
            .unwrap();
        let out = plan.run(tvec!(input.into())).unwrap();
        out[0]
            .to_plain_array_view::<f32>()
            .unwrap()
            .iter()
            .copied()
            .collect()
    }

    #[test]
    fn nearest_upsample_repeats_each_pixel_by_its_factors() {
        let input = tensor4(&[[[[1f32, 2.0], [3.0, 4.0]]]]);
        let out = run(
            &[1, 1, 2, 2],
            "y = nearest_upsample(x, factor = [2, 3]);",
            input,
        );
        #[rustfmt::skip]
        let want = [
            1., 1., 1., 2., 2., 2.,
            1., 1., 1., 2., 2., 2.,
            3., 3., 3., 4., 4., 4.,
            3., 3., 3., 4., 4., 4.,
        ];
        assert_eq!(out, want);
    }

    #[test]
    fn silu_and_rms_norm_compute_their_formulas() {
        let x = [-2f32, 0.5, 3.0];
        let silu = run(&[3], "y = tract_core_silu(x);", tensor1(&x));
        for (got, v) in silu.iter().zip(x) {
            assert!((got - v / (1.0 + (-v).exp())).abs() < 1e-5, "{got} for {v}");
        }
        let norm = run(
            &[1, 3],
            "y = tract_core_rms_norm(x, axis = 1, eps = 0.0);",
            tensor2(&[x]),
        );
        let rms = (x.iter().map(|v| v * v).sum::<f32>() / 3.0).sqrt();
        for (got, v) in norm.iter().zip(x) {
            assert!((got - v / rms).abs() < 1e-5, "{got} for {v}");
        }
    }
}
