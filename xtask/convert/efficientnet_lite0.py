"""Convert the EfficientNet-Lite0 PyTorch state dict (legacy pre-1.6 serialization, weights
only) to an ONNX graph, without PyTorch.

Usage: efficientnet_lite0.py SRC.pth DST.onnx

The legacy format is: a pickled magic number, a protocol version and system info, then the
state dict pickle whose tensors point at storages by key (persistent ids), then the pickled
list of storage keys, then each storage in that order as a little-endian u64 element count
followed by the raw little-endian elements. The weights were ported from TensorFlow, so the
convolution kernels keep TensorFlow's memory layout: strides are honoured, not assumed.

The graph: stem conv 3x3/2 -> 16 MBConv blocks (expand 1x1, depthwise kxk, project 1x1; ReLU6;
no squeeze-excite; residual when stride 1 and channels match) -> 1x1 conv to 1280 -> global
average pool -> fully connected 1000. BatchNorm is folded into the convolutions. Padding is
TensorFlow's SAME for a 224x224 input (the only input shape the model is used at).
Input `input` [1,3,224,224] RGB, (pixel - 127) / 128; output `logits` [1,1000].
"""

import collections
import os
import pickle
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

INPUT_SIZE = 224
BN_EPSILON = 1e-3
# (repeats, kernel, first stride, expand ratio, output channels) per stage: EfficientNet-B0,
# which Lite0 shares (width and depth multipliers 1.0).
STAGES = [(1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80),
          (3, 5, 1, 6, 112), (4, 5, 2, 6, 192), (1, 3, 1, 6, 320)]
DTYPES = {"FloatStorage": np.float32, "LongStorage": np.int64}


class _Tensor(collections.namedtuple("_Tensor", "storage offset size stride")):
    """A tensor reference as the pickle describes it, resolved once storages are read."""


class _StateDictUnpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        # ('storage', storage type name, key, location, element count, view metadata)
        return (pid[1] if isinstance(pid[1], str) else pid[1].__name__, pid[2], pid[4])

    def find_class(self, module, name):
        if name == "_rebuild_tensor_v2":
            return lambda storage, offset, size, stride, *_: _Tensor(storage, offset, size, stride)
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module.startswith("torch"):
            return name  # storage classes: only their name is needed
        raise pickle.UnpicklingError(f"unexpected class {module}.{name} in the weights file")


def read_state_dict(path):
    """Reads a legacy-format state dict into {name: numpy array}."""
    with open(path, "rb") as f:
        for _ in range(3):  # magic number, protocol version, system info
            pickle.load(f)
        refs = _StateDictUnpickler(f).load()
        keys = pickle.load(f)
        storages = {}
        by_key = {t.storage[1]: t.storage[0] for t in refs.values()}
        for key in keys:
            (count,) = struct.unpack("<Q", f.read(8))
            dtype = np.dtype(DTYPES[by_key[key]])
            data = f.read(count * dtype.itemsize)
            if len(data) != count * dtype.itemsize:
                raise ValueError(f"{path}: storage {key} is truncated")
            storages[key] = np.frombuffer(data, dtype=dtype)
    out = {}
    for name, t in refs.items():
        flat = storages[t.storage[1]]
        itemsize = flat.dtype.itemsize
        view = np.lib.stride_tricks.as_strided(
            flat[t.offset:], shape=t.size, strides=[s * itemsize for s in t.stride])
        out[name] = np.ascontiguousarray(view)
    return out


class GraphBuilder:
    """Appends nodes and initializers; tracks the spatial size for SAME padding."""

    def __init__(self, weights):
        self.w = weights
        self.nodes = []
        self.inits = []
        self.count = 0

    def _name(self, prefix):
        self.count += 1
        return f"{prefix}_{self.count}"

    def conv_bn(self, x, size, conv, bn, stride, group=1, relu6=True):
        """Conv (weights `conv`) with BatchNorm `bn` folded in; returns (output, new size)."""
        w = self.w[conv + ".weight"]
        scale = self.w[bn + ".weight"] / np.sqrt(self.w[bn + ".running_var"] + BN_EPSILON)
        bias = self.w[bn + ".bias"] - self.w[bn + ".running_mean"] * scale
        w = (w * scale[:, None, None, None]).astype(np.float32)
        k = w.shape[2]
        out_size = -(-size // stride)
        pad = max((out_size - 1) * stride + k - size, 0)
        pads = [pad // 2, pad // 2, pad - pad // 2, pad - pad // 2]
        wn, bn_name, y = self._name("w"), self._name("b"), self._name("conv")
        self.inits += [numpy_helper.from_array(w, wn),
                       numpy_helper.from_array(bias.astype(np.float32), bn_name)]
        self.nodes.append(helper.make_node(
            "Conv", [x, wn, bn_name], [y], kernel_shape=[k, k], strides=[stride, stride],
            pads=pads, group=group))
        if relu6:
            y = self.relu6(y)
        return y, out_size

    def relu6(self, x):
        lo, hi, y = self._name("lo"), self._name("hi"), self._name("relu6")
        self.inits += [numpy_helper.from_array(np.array(0, np.float32), lo),
                       numpy_helper.from_array(np.array(6, np.float32), hi)]
        self.nodes.append(helper.make_node("Clip", [x, lo, hi], [y]))
        return y


def build(weights):
    g = GraphBuilder(weights)
    x, size = g.conv_bn("input", INPUT_SIZE, "_conv_stem", "_bn0", 2)
    channels, block = 32, 0
    for repeats, _kernel, first_stride, expand, out_channels in STAGES:
        for r in range(repeats):
            stride = first_stride if r == 0 else 1
            p = f"_blocks.{block}"
            y, y_size = x, size
            if expand != 1:
                y, y_size = g.conv_bn(y, y_size, p + "._expand_conv", p + "._bn0", 1)
            hidden = channels * expand
            y, y_size = g.conv_bn(y, y_size, p + "._depthwise_conv", p + "._bn1", stride,
                                  group=hidden)
            y, y_size = g.conv_bn(y, y_size, p + "._project_conv", p + "._bn2", 1, relu6=False)
            if stride == 1 and channels == out_channels:
                s = g._name("add")
                g.nodes.append(helper.make_node("Add", [x, y], [s]))
                y = s
            x, size, channels, block = y, y_size, out_channels, block + 1
    x, size = g.conv_bn(x, size, "_conv_head", "_bn1", 1)
    pooled, flat = g._name("pool"), g._name("flat")
    g.nodes.append(helper.make_node("GlobalAveragePool", [x], [pooled]))
    g.nodes.append(helper.make_node("Flatten", [pooled], [flat], axis=1))
    g.inits += [numpy_helper.from_array(weights["_fc.weight"].astype(np.float32), "fc_w"),
                numpy_helper.from_array(weights["_fc.bias"].astype(np.float32), "fc_b")]
    g.nodes.append(helper.make_node("Gemm", [flat, "fc_w", "fc_b"], ["logits"], transB=1))
    graph = helper.make_graph(
        g.nodes, "efficientnet_lite0",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, INPUT_SIZE, INPUT_SIZE])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 1000])],
        g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="sightline-xtask")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    src, dst = sys.argv[1], sys.argv[2]
    model = build(read_state_dict(src))
    partial = dst + ".partial"
    onnx.save(model, partial)
    os.replace(partial, dst)


if __name__ == "__main__":
    main()
