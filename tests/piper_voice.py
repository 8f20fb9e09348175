"""A tiny but real Piper voice built with the ``onnx`` package: tests need no downloaded weights.

The graph has the inputs a real Piper VITS export has (``input`` [1, N] int64 phoneme ids,
``input_lengths`` [1] int64, ``scales`` [3] float32 = noise, length, noise_w, and ``sid`` [1]
int64 for a multi-speaker voice) and the same output, float32 [1, 1, T]. What it says is a sine
tone, so every property a test checks is exact and deterministic:

* its length is ``input_lengths * samples_per_id * length_scale`` samples: more phonemes give
  longer audio, and piper's ``length_scale`` (how narrate maps the rate) stretches it;
* its pitch is ``frequency + speaker_step * sid``: each speaker sounds different.

The ``.onnx.json`` beside it is what piper's own loader reads: ``espeak.voice`` "vi" (so the
text goes through piper's bundled espeak-ng, as with the real Vietnamese voices) and piper's
standard phoneme id map.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import onnx
from onnx import TensorProto, helper
from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP

NAME = "vi_VN-test-x_low"
SAMPLE_RATE = 16000  # not 22050: a test can tell the model's rate from anyone's default
SAMPLES_PER_ID = 256  # a real voice's hop length: about a realistic speaking pace
FREQUENCY = 440.0
SPEAKER_STEP = 110.0
AMPLITUDE = 0.5  # piper peak-normalizes each sentence anyway
# onnxruntime reads models up to its own IR version: pin an old, widely supported pair.
IR_VERSION = 8
OPSET = 17


def build_model(
    *, num_speakers: int = 1, frequency: float = FREQUENCY, samples_per_id: int = SAMPLES_PER_ID,
    sample_rate: int = SAMPLE_RATE, fails_at_run: bool = False,
) -> bytes:  # fmt: skip
    """The serialized ONNX graph of the tone voice.

    ``fails_at_run``: the graph loads but onnxruntime fails on every call (its output is
    reshaped to a length no sentence has), like a model exported wrongly.
    """

    def const(name: str, value: Any, dtype: int, dims: list[int]) -> onnx.NodeProto:
        values = value if isinstance(value, list) else [value]
        tensor = helper.make_tensor(name + "_value", dtype, dims, values)
        return helper.make_node("Constant", [], [name], value=tensor)

    nodes = [
        const("one_index", 1, TensorProto.INT64, [1]),
        helper.make_node("Gather", ["scales", "one_index"], ["length_scale"], axis=0),
        helper.make_node("Cast", ["input_lengths"], ["ids_float"], to=TensorProto.FLOAT),
        const("per_id", float(samples_per_id), TensorProto.FLOAT, [1]),
        helper.make_node("Mul", ["ids_float", "per_id"], ["base_samples"]),
        helper.make_node("Mul", ["base_samples", "length_scale"], ["scaled_samples"]),
        helper.make_node("Floor", ["scaled_samples"], ["samples_vector"]),
        const("scalar_shape", [], TensorProto.INT64, [0]),
        helper.make_node("Reshape", ["samples_vector", "scalar_shape"], ["samples"]),
        const("zero", 0.0, TensorProto.FLOAT, []),
        const("step", 1.0, TensorProto.FLOAT, []),
        helper.make_node("Range", ["zero", "samples", "step"], ["t"]),
        const("frequency", float(frequency), TensorProto.FLOAT, [1]),
    ]
    pitch = "frequency"
    if num_speakers > 1:
        nodes += [
            helper.make_node("Cast", ["sid"], ["sid_float"], to=TensorProto.FLOAT),
            const("speaker_step", SPEAKER_STEP, TensorProto.FLOAT, [1]),
            helper.make_node("Mul", ["sid_float", "speaker_step"], ["speaker_shift"]),
            helper.make_node("Add", ["frequency", "speaker_shift"], ["speaker_frequency"]),
        ]
        pitch = "speaker_frequency"
    nodes += [
        const("radians_per_sample", 2 * math.pi / sample_rate, TensorProto.FLOAT, [1]),
        helper.make_node("Mul", [pitch, "radians_per_sample"], ["angular"]),
        helper.make_node("Mul", ["t", "angular"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["wave"]),
        const("amplitude", AMPLITUDE, TensorProto.FLOAT, [1]),
        helper.make_node("Mul", ["wave", "amplitude"], ["quiet_wave"]),
        const("output_shape", [1, 1, 1_000_003 if fails_at_run else -1], TensorProto.INT64, [3]),
        helper.make_node("Reshape", ["quiet_wave", "output_shape"], ["output"]),
    ]
    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, [1, "phonemes"]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    if num_speakers > 1:
        inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, [1]))
    output = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "time"])
    graph = helper.make_graph(nodes, "tiny_piper_tone", inputs, [output])
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="narrate-tests"
    )
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model.SerializeToString()


def build_config(
    *, num_speakers: int = 1, sample_rate: int = SAMPLE_RATE, length_scale: float = 1.0,
    language: str = "vi_VN",
) -> dict[str, Any]:  # fmt: skip
    """The ``.onnx.json`` piper reads, shaped like the published voices' configs."""
    family, _, region = language.partition("_")
    return {
        "audio": {"sample_rate": sample_rate, "quality": "x_low"},
        "espeak": {"voice": family},
        "language": {"code": language, "family": family, "region": region},
        "inference": {"noise_scale": 0.667, "length_scale": length_scale, "noise_w": 0.8},
        "phoneme_type": "espeak",
        "phoneme_id_map": DEFAULT_PHONEME_ID_MAP,
        "num_symbols": 256,
        "num_speakers": num_speakers,
        "speaker_id_map": {f"speaker{i}": i for i in range(num_speakers)}
        if num_speakers > 1
        else {},
        "piper_version": "1.0.0",
    }


def write_voice(
    folder: Path, name: str = NAME, *, num_speakers: int = 1, frequency: float = FREQUENCY,
    sample_rate: int = SAMPLE_RATE, length_scale: float = 1.0, language: str = "vi_VN",
    fails_at_run: bool = False,
) -> Path:  # fmt: skip
    """Write ``NAME.onnx`` and ``NAME.onnx.json`` into ``folder``; returns the model's path."""
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / f"{name}.onnx"
    graph = build_model(
        num_speakers=num_speakers, frequency=frequency, sample_rate=sample_rate,
        fails_at_run=fails_at_run,
    )  # fmt: skip
    model.write_bytes(graph)
    config = build_config(
        num_speakers=num_speakers, sample_rate=sample_rate, length_scale=length_scale,
        language=language,
    )  # fmt: skip
    Path(f"{model}.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return model


def expected_samples(phoneme_ids: int, length_scale: float = 1.0) -> int:
    """How many samples the tone voice gives for a sentence of ``phoneme_ids`` ids."""
    return math.floor(phoneme_ids * SAMPLES_PER_ID * length_scale)


def sentence_ids(voice: Any, text: str) -> list[int]:
    """How many phoneme ids piper's own front end gives each sentence of ``text``."""
    return [len(voice.phonemes_to_ids(phonemes)) for phonemes in voice.phonemize(text) if phonemes]
