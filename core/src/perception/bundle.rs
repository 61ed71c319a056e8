//! The model bundle: how one model is stored on the device, as `cargo xtask models` writes
//! it from the registry's ONNX file and as the library reads it.
//!
//! A bundle is one uncompressed tar holding
//! - `graph-1x3x48x192.nnef` …: one decluttered NNEF graph per input shape the perception
//!   code runs the model at (tract needs fixed shapes for these models);
//! - `tensors/<sha256>.dat`: every weight tensor once, named by the hash of its bytes, so the
//!   graphs share them (the four recognizer widths share all of theirs);
//! - `metadata/<key>`: the ONNX model's metadata (the recognizer's dictionary).
//!
//! Reading NNEF needs only tract-nnef: no ONNX parser and no ONNX shape analysis ship in the
//! library, and loading skips the analysis and declutter work done once at setup.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;
use tract_nnef::internal::*;

/// Folder of the weight tensors inside a bundle; a graph's tensor label is this folder plus
/// the tensor's hash.
pub const TENSOR_FOLDER: &str = "tensors/";
/// Folder of the metadata entries inside a bundle; each entry's name is its key.
pub const METADATA_FOLDER: &str = "metadata/";

/// The bundle entry holding the graph for input `shape`, e.g. `graph-1x3x48x192.nnef`.
pub fn graph_entry(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("graph-{}.nnef", dims.join("x"))
}

/// A bundle read into memory: graph texts, shared weights, metadata.
#[derive(Debug)]
pub struct Bundle {
    graphs: HashMap<String, String>,
    tensors: HashMap<Identifier, Arc<Tensor>>,
    metadata: HashMap<String, String>,
}

impl Bundle {
    /// Reads a bundle from its bytes, as they come: nothing but the weights and texts it holds
    /// is kept. Unknown entries are an error: the file is then not a bundle this library wrote.
    pub fn read(input: impl Read) -> Result<Self, String> {
        let mut bundle = Bundle {
            graphs: HashMap::new(),
            tensors: HashMap::new(),
            metadata: HashMap::new(),
        };
        let mut archive = tar::Archive::new(input);
        let entries = archive.entries().map_err(|e| format!("not a tar: {e}"))?;
        for entry in entries {
            let mut entry = entry.map_err(|e| format!("unreadable entry: {e}"))?;
            let name = entry
                .path()
                .map_err(|e| format!("bad entry name: {e}"))?
                .to_string_lossy()
                .into_owned();
            bundle
                .add(&name, &mut entry)
                .map_err(|e| format!("entry {name}: {e}"))?;
        }
        if bundle.graphs.is_empty() {
            return Err("no graph in the bundle".into());
        }
        Ok(bundle)
    }

    fn add(&mut self, name: &str, entry: &mut impl Read) -> Result<(), String> {
        if let Some(label) = name
            .strip_prefix(TENSOR_FOLDER)
            .and_then(|hash| hash.strip_suffix(".dat"))
        {
            let tensor = tract_nnef::tensors::read_tensor(entry).map_err(|e| e.to_string())?;
            self.tensors.insert(
                Identifier::from(format!("{TENSOR_FOLDER}{label}").as_str()),
                Arc::new(tensor),
            );
        } else if let Some(key) = name.strip_prefix(METADATA_FOLDER) {
            self.metadata.insert(key.to_string(), read_text(entry)?);
        } else if name.starts_with("graph-") && name.ends_with(".nnef") {
            self.graphs.insert(name.to_string(), read_text(entry)?);
        } else {
            return Err("not part of a model bundle".into());
        }
        Ok(())
    }

    /// A metadata value written from the ONNX model.
    pub fn metadata(&self, key: &str) -> Option<&str> {
        self.metadata.get(key).map(String::as_str)
    }

    /// The model for input `shape`, decluttered as written (not yet optimised).
    pub fn model(&self, shape: &[usize]) -> Result<TypedModel, String> {
        let entry = graph_entry(shape);
        let text = self.graphs.get(&entry).ok_or_else(|| {
            format!(
                "the bundle has no graph for input {shape:?} (no {entry}); run `cargo xtask models`"
            )
        })?;
        let proto = tract_nnef::ProtoModel {
            doc: tract_nnef::ast::parse::parse_document(text)
                .map_err(|e| format!("{entry}: {e}"))?,
            tensors: self.tensors.clone(),
            quantization: None,
            resources: HashMap::new(),
        };
        super::tract_ops::reader()
            .model_for_proto_model(&proto)
            .map_err(|e| format!("{entry}: {e:#}"))
    }
}

fn read_text(entry: &mut impl Read) -> Result<String, String> {
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .map_err(|e| format!("not UTF-8 text: {e}"))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, data) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, name, *data).unwrap();
        }
        builder.into_inner().unwrap()
    }

    #[test]
    fn graph_entries_name_every_dimension() {
        assert_eq!(graph_entry(&[1, 3, 48, 192]), "graph-1x3x48x192.nnef");
    }

    #[test]
    fn a_small_graph_with_shared_weights_loads_and_runs() {
        let mut weights = Vec::new();
        tract_nnef::tensors::write_tensor(&mut weights, &tensor2(&[[2f32, 3.0]])).unwrap();
        let graph = "version 1.0;\n\
            graph network(x) -> (y) {\n\
              x = external(shape = [1, 2]);\n\
              w = variable<scalar>(label = \"tensors/abc\", shape = [1, 2]);\n\
              y = mul(x, w);\n\
            }\n";
        let bytes = tar_of(&[
            ("graph-1x2.nnef", graph.as_bytes()),
            ("tensors/abc.dat", &weights),
            ("metadata/character", "a\nb".as_bytes()),
        ]);
        let bundle = Bundle::read(bytes.as_slice()).unwrap();
        assert_eq!(bundle.metadata("character"), Some("a\nb"));
        let plan = bundle
            .model(&[1, 2])
            .unwrap()
            .into_optimized()
            .unwrap()
            .into_runnable()
            .unwrap();
        let out = plan.run(tvec!(tensor2(&[[1f32, 1.0]]).into())).unwrap();
        let values: Vec<f32> = out[0]
            .to_plain_array_view::<f32>()
            .unwrap()
            .iter()
            .copied()
            .collect();
        assert_eq!(values, [2.0, 3.0]);
        let err = bundle.model(&[1, 3]).unwrap_err();
        assert!(err.contains("graph-1x3.nnef"), "{err}");
    }

    #[test]
    fn foreign_and_broken_files_are_refused_with_a_reason() {
        assert!(Bundle::read(&b"not a tar at all"[..]).is_err());
        let err = Bundle::read(tar_of(&[("model.onnx", b"x")]).as_slice()).unwrap_err();
        assert!(err.contains("model.onnx"), "{err}");
        let err = Bundle::read(tar_of(&[("metadata/character", b"a")]).as_slice()).unwrap_err();
        assert!(err.contains("no graph"), "{err}");
        let err = Bundle::read(tar_of(&[("tensors/x.dat", b"short")]).as_slice()).unwrap_err();
        assert!(err.contains("tensors/x.dat"), "{err}");
    }

    #[test]
    fn an_unknown_operator_is_named() {
        let graph = "version 1.0;\n\
            graph network(x) -> (y) {\n\
              x = external(shape = [4]);\n\
              y = sightline_no_such_op(x);\n\
            }\n";
        let bundle =
            Bundle::read(tar_of(&[("graph-4.nnef", graph.as_bytes())]).as_slice()).unwrap();
        let err = bundle.model(&[4]).unwrap_err();
        assert!(err.contains("sightline_no_such_op"), "{err}");
    }
}
