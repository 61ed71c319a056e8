"""Convert Whisper (CTranslate2 `model.bin`) into two ONNX graphs and a token table, without
PyTorch or CTranslate2.

Usage: whisper.py MODEL.bin ENCODER.onnx DECODER.onnx TOKENS.f16

The CTranslate2 file (binary version 6) is: u32 version, the spec name (u16 length + bytes
with a trailing NUL), u32 spec revision, u32 variable count, then per variable its name, u8
rank, u32 dims, u8 dtype (0 f32, 1 i8, 2 i16, 3 i32, 4 f16, 5 bf16), u32 byte count and the
raw little-endian bytes; then u32 alias count and (alias, target) name pairs.

The graphs (opset 17), all weights f32 (tract repacks f16 weights behind Cast nodes on every
run):
- encoder: `mel` [1, 80, F] -> two 3-wide convolutions (the second of stride 2) with exact
  GELU, sinusoidal positions, 6 pre-norm transformer blocks (self-attention head by head,
  so one head's [F/2, F/2] scores live at a time), final layer norm; outputs the
  cross-attention keys and values of every decoder layer, `cross_k_0`, `cross_v_0`, …,
  `cross_k_5`, `cross_v_5` [8, F/2, 64] in that order, so the decoder never recomputes them.
- decoder, one step over N new tokens with a key/value cache of P earlier ones: inputs
  `embeddings` [1, N, 512] (the token embeddings, looked up by the caller), `positions`
  [N] (int64), `mask` [N, P+N] (additive, 0 or -inf: causal), `past_k` / `past_v`
  [6, 8, P, 64], then the twelve cross-attention inputs in the encoder's output order; outputs `hidden` [1, N, 512] (after the final
  layer norm) and `present_k` / `present_v` [6, 8, P+N, 64].
The token embedding table is not in the decoder: it is written as raw little-endian f16
(51865 x 512) so the caller keeps it once, for the lookup and for the output projection
(logits = hidden . table^T), instead of twice as f32 inside the graph (212 MB).
"""

import re
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
HEADS = 8
EPSILON = 1e-5


def read_ct2(path):
    """Reads every variable of a CTranslate2 model file into {name: numpy array}."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize(fmt)
        return values

    def string():
        nonlocal pos
        (n,) = take("H")
        text = data[pos:pos + n - 1].decode()
        pos += n
        return text

    (version,) = take("I")
    if version != 6:
        raise SystemExit(f"unsupported CTranslate2 binary version {version}")
    spec = string()
    if spec != "WhisperSpec":
        raise SystemExit(f"not a Whisper model: {spec}")
    take("I")
    (count,) = take("I")
    weights = {}
    for _ in range(count):
        name = string()
        (rank,) = take("B")
        dims = take("I" * rank)
        (dtype,) = take("B")
        (size,) = take("I")
        array = np.frombuffer(data, DTYPES[dtype], size // np.dtype(DTYPES[dtype]).itemsize, pos)
        weights[name] = array.reshape(dims)
        pos += size
    (aliases,) = take("I")
    for _ in range(aliases):
        alias, target = string(), string()
        weights[alias] = weights[target]
    return weights


class Graph:
    """Collects nodes and f32 initializers with unique names."""

    def __init__(self, weights):
        self.weights = weights
        self.nodes = []
        self.initializers = []
        self.count = 0

    def name(self, hint):
        self.count += 1
        return f"{hint}_{self.count}"

    def const(self, array, hint="c"):
        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(np.array(array, order="C"), name))
        return name

    def weight(self, key, transpose=False):
        array = self.weights[key].astype(np.float32)
        return self.const(array.T if transpose else array, key.replace("/", "_"))

    def op(self, kind, inputs, **attrs):
        out = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def ops(self, kind, inputs, outputs, **attrs):
        names = [self.name(f"{kind.lower()}_{i}") for i in range(outputs)]
        self.nodes.append(helper.make_node(kind, inputs, names, **attrs))
        return names

    def linear(self, x, prefix, rows=None, scale=None):
        """x @ W^T + b, optionally only the output rows [start, end) of W, optionally times
        `scale` (a power of two, folded into W and b: exact in floating point)."""
        w = self.weights[f"{prefix}/weight"].astype(np.float32)
        b = self.weights[f"{prefix}/bias"].astype(np.float32)
        if rows is not None:
            w, b = w[rows[0]:rows[1]], b[rows[0]:rows[1]]
        if scale is not None:
            w, b = w * np.float32(scale), b * np.float32(scale)
        y = self.op("MatMul", [x, self.const(w.T, "w")])
        return self.op("Add", [y, self.const(b, "b")])

    def layer_norm(self, x, prefix):
        return self.op("LayerNormalization",
                       [x, self.weight(f"{prefix}/gamma"), self.weight(f"{prefix}/beta")],
                       axis=-1, epsilon=EPSILON)

    def gelu(self, x):
        """Exact GELU, written as x/2 + x/2 * erf(x / sqrt 2): tract's declutter would fuse the
        usual x/2 * (1 + erf(..)) chain into an operator NNEF cannot write."""
        scaled = self.op("Mul", [x, self.const(np.array(1 / np.sqrt(2.0), np.float32))])
        erf = self.op("Erf", [scaled])
        half = self.op("Mul", [x, self.const(np.array(0.5, np.float32))])
        return self.op("Add", [half, self.op("Mul", [half, erf])])

    def heads(self, x):
        """[1, S, 512] -> [8, S, 64]."""
        r = self.op("Reshape", [x, self.const(np.array([-1, HEADS, 64], np.int64))])
        return self.op("Transpose", [r], perm=[1, 0, 2])

    def merge(self, x):
        """[8, S, 64] -> [1, S, 512]."""
        t = self.op("Transpose", [x], perm=[1, 0, 2])
        return self.op("Reshape", [t, self.const(np.array([1, -1, 512], np.int64))])

    def attend(self, q, k, v, mask=None):
        """softmax(q k^T / 8 + mask) v over [8, S, 64] heads."""
        kt = self.op("Transpose", [k], perm=[0, 2, 1])
        scores = self.op("MatMul", [q, kt])
        scores = self.op("Mul", [scores, self.const(np.array(0.125, np.float32))])
        if mask is not None:
            scores = self.op("Add", [scores, mask])
        weights = self.op("Softmax", [scores], axis=-1)
        return self.op("MatMul", [weights, v])

    def attend_per_head(self, q, k, v):
        """softmax(q k^T) v head by head over [1, T, 512] inputs whose q is already scaled by
        1/8; the heads' outputs concatenated back to [1, T, 512]. One head's [T, T] scores
        at a time (9 MB at 30 s) instead of all eight (72 MB, and as much again for the
        softmax): the runtime frees each head's scores before the next, so the 30-s window
        needs a fraction of the memory, and blocks that small are reused by the allocator
        rather than mapped fresh (page faults) for every layer. No head transposes either."""
        outputs = []
        for head in range(HEADS):
            bounds = [self.const(np.array([head * 64], np.int64)),
                      self.const(np.array([head * 64 + 64], np.int64)),
                      self.const(np.array([2], np.int64))]
            qh, kh, vh = (self.op("Slice", [t] + bounds) for t in (q, k, v))
            kt = self.op("Transpose", [kh], perm=[0, 2, 1])
            weights = self.op("Softmax", [self.op("MatMul", [qh, kt])], axis=-1)
            outputs.append(self.op("MatMul", [weights, vh]))
        return self.op("Concat", outputs, axis=2)

    def mlp(self, x, prefix):
        h = self.layer_norm(x, f"{prefix}/layer_norm")
        h = self.gelu(self.linear(h, f"{prefix}/linear_0"))
        return self.op("Add", [x, self.linear(h, f"{prefix}/linear_1")])

    def layer_index(self, stacked, index):
        """stacked[index] of a [6, 8, S, 64] input."""
        return self.op("Gather", [stacked, self.const(np.array(index, np.int64))], axis=0)

    def model(self, inputs, outputs, name):
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model


def layers(weights, part):
    found = (re.match(rf"{part}/layer_(\d+)/", k) for k in weights)
    return sorted({int(m.group(1)) for m in found if m})


def encoder(weights):
    g = Graph(weights)
    x = g.op("Conv", ["mel", g.weight("encoder/conv1/weight"), g.weight("encoder/conv1/bias")],
             pads=[1, 1], strides=[1])
    x = g.gelu(x)
    x = g.op("Conv", [x, g.weight("encoder/conv2/weight"), g.weight("encoder/conv2/bias")],
             pads=[1, 1], strides=[2])
    x = g.gelu(x)
    x = g.op("Transpose", [x], perm=[0, 2, 1])  # [1, T, 512]
    length = g.op("Slice", [g.op("Shape", [x]), g.const(np.array([1], np.int64)),
                            g.const(np.array([2], np.int64))])
    positions = g.op("Slice", [g.weight("encoder/position_encodings/encodings"),
                               g.const(np.array([0], np.int64)), length])
    x = g.op("Add", [x, positions])
    for i in layers(weights, "encoder"):
        p = f"encoder/layer_{i}"
        h = g.layer_norm(x, f"{p}/self_attention/layer_norm")
        q = g.linear(h, f"{p}/self_attention/linear_0", (0, 512), scale=0.125)
        k, v = (g.linear(h, f"{p}/self_attention/linear_0", (j * 512, j * 512 + 512))
                for j in (1, 2))
        a = g.attend_per_head(q, k, v)
        x = g.op("Add", [x, g.linear(a, f"{p}/self_attention/linear_1")])
        x = g.mlp(x, f"{p}/ffn")
    x = g.layer_norm(x, "encoder/layer_norm")
    outputs = []
    for i in layers(weights, "decoder"):
        p = f"decoder/layer_{i}/attention/linear_1"
        for kind, rows in (("k", (0, 512)), ("v", (512, 1024))):
            name = cross_name(kind, i)
            g.nodes.append(helper.make_node("Identity", [g.heads(g.linear(x, p, rows))], [name]))
            outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT,
                                                         [HEADS, "T", 64]))
    return g.model(
        [helper.make_tensor_value_info("mel", TensorProto.FLOAT, [1, 80, "F"])],
        outputs, "whisper_encoder")


def cross_name(kind, layer):
    """The name of decoder layer `layer`'s cross-attention keys (`k`) or values (`v`): an
    output of the encoder and an input of the decoder, one per layer and kind, so the decoder
    reads each as it is instead of copying it out of a stacked tensor at every step."""
    return f"cross_{kind}_{layer}"


def decoder(weights):
    g = Graph(weights)
    positions = g.op("Gather", [g.weight("decoder/position_encodings/encodings"), "positions"],
                     axis=0)
    x = g.op("Add", ["embeddings", positions])
    present_k, present_v = [], []
    for i in layers(weights, "decoder"):
        p = f"decoder/layer_{i}"
        h = g.layer_norm(x, f"{p}/self_attention/layer_norm")
        q, k, v = (g.heads(g.linear(h, f"{p}/self_attention/linear_0", (j * 512, j * 512 + 512)))
                   for j in range(3))
        k = g.op("Concat", [g.layer_index("past_k", i), k], axis=1)
        v = g.op("Concat", [g.layer_index("past_v", i), v], axis=1)
        present_k.append(g.op("Unsqueeze", [k, g.const(np.array([0], np.int64))]))
        present_v.append(g.op("Unsqueeze", [v, g.const(np.array([0], np.int64))]))
        a = g.merge(g.attend(q, k, v, "mask"))
        x = g.op("Add", [x, g.linear(a, f"{p}/self_attention/linear_1")])
        h = g.layer_norm(x, f"{p}/attention/layer_norm")
        q = g.heads(g.linear(h, f"{p}/attention/linear_0"))
        a = g.merge(g.attend(q, cross_name("k", i), cross_name("v", i)))
        x = g.op("Add", [x, g.linear(a, f"{p}/attention/linear_2")])
        x = g.mlp(x, f"{p}/ffn")
    g.nodes.append(helper.make_node(
        "LayerNormalization",
        [x, g.weight("decoder/layer_norm/gamma"), g.weight("decoder/layer_norm/beta")],
        ["hidden"], axis=-1, epsilon=EPSILON))
    g.nodes.append(helper.make_node("Concat", present_k, ["present_k"], axis=0))
    g.nodes.append(helper.make_node("Concat", present_v, ["present_v"], axis=0))
    n = len(present_k)
    f32 = TensorProto.FLOAT
    cache = lambda name, length: helper.make_tensor_value_info(name, f32, [n, HEADS, length, 64])
    cross = [helper.make_tensor_value_info(cross_name(kind, i), f32, [HEADS, "T", 64])
             for i in range(n) for kind in ("k", "v")]
    return g.model(
        [helper.make_tensor_value_info("embeddings", f32, [1, "N", 512]),
         helper.make_tensor_value_info("positions", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("mask", f32, ["N", "S"]),
         cache("past_k", "P"), cache("past_v", "P")] + cross,
        [helper.make_tensor_value_info("hidden", f32, [1, "N", 512]),
         cache("present_k", "S"), cache("present_v", "S")],
        "whisper_decoder")


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    source, encoder_path, decoder_path, tokens_path = sys.argv[1:]
    weights = read_ct2(source)
    onnx.save(encoder(weights), encoder_path)
    onnx.save(decoder(weights), decoder_path)
    table = weights["decoder/embeddings/weight"].astype("<f2")
    with open(tokens_path, "wb") as f:
        f.write(table.tobytes())


if __name__ == "__main__":
    main()
