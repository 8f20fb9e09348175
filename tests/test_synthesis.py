import pytest

from narrate.config import EngineSettings
from narrate.engines import create_engine
from narrate.synthesis import MIN_PARALLEL_SEGMENTS, synthesize_all

TEXTS = [f"Đây là câu thử nghiệm số {n} của bản tin." for n in range(MIN_PARALLEL_SEGMENTS + 4)]


def test_worker_processes_return_every_segment_in_order() -> None:
    settings = EngineSettings()
    engine = create_engine(settings)
    ticks: list[int] = []
    parallel = synthesize_all(engine, settings, TEXTS, lambda: ticks.append(1))
    sequential = [engine.synthesize(t) for t in TEXTS]
    assert len(ticks) == len(TEXTS)
    for together, alone in zip(parallel, sequential, strict=True):
        # espeak is not bit-identical between runs: compare durations (NOTES)
        assert len(together) / 44100 == pytest.approx(len(alone) / 44100, abs=0.02)


def test_an_empty_batch_speaks_nothing() -> None:
    settings = EngineSettings()
    assert synthesize_all(create_engine(settings), settings, []) == []
