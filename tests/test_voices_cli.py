"""``narrate voices``, ``narrate voices download`` and engine plug-ins, through the real CLI.

The plug-in is a real package (``tests/fixtures/plugin``, the README's worked example)
installed by pip into a folder of its own; narrate finds it through its entry point.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from narrate.cli import main
from tests.fake_edge import FakeEdge, serve_fake_edge
from tests.fake_edge import Reply as EdgeReply
from tests.fake_edge import make_tone_mp3 as edge_tone
from tests.fake_google import FakeGoogle, Reply
from tests.http_server import LocalServer, no_proxies, serve_http
from tests.piper_voice import NAME, write_voice

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("NARRATE_DATA_DIR", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def section(listing: str, engine: str) -> str:
    """The lines ``narrate voices`` prints for one engine."""
    blocks = listing.split("\n\n")
    return next(b for b in blocks if b.startswith(f"{engine} ("))


# --- narrate voices ---------------------------------------------------------------------------


def test_voices_lists_every_engine_and_what_works_offline(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run(capsys, "voices", "--no-check")
    assert code == 0 and err == ""
    names = [block.split(" ", 1)[0] for block in out.strip().split("\n\n")]
    assert names[:4] == ["espeak", "piper", "gtts", "edge"]
    espeak = section(out, "espeak")
    assert espeak.startswith("espeak (offline): ready")
    assert {"north", "central", "south"} <= {line.split()[0] for line in espeak.splitlines()[2:]}
    piper = section(out, "piper")
    assert piper.startswith("piper (offline): not ready")
    assert "narrate voices download piper vi_VN-vais1000-medium" in piper
    assert "vi_VN-vais1000-medium" in piper and "(not downloaded)" in piper
    assert section(out, "gtts").startswith("gtts (online): ready")
    edge = section(out, "edge")
    assert "vi-VN-HoaiMyNeural" in edge and "vi-VN-NamMinhNeural" in edge


def test_an_installed_piper_voice_makes_piper_ready_vietnamese_first(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    folder = data_dir / "voices" / "piper"
    write_voice(folder, "en_US-test-x_low", language="en_US")
    write_voice(folder)
    code, out, _ = run(capsys, "voices", "--engine", "piper")
    assert code == 0
    piper = section(out, "piper")
    assert piper.startswith("piper (offline): ready")
    voices = [
        line.split()[0] for line in piper.splitlines() if line.startswith("  ") and "_" in line
    ]
    assert voices.index(NAME) < voices.index("en_US-test-x_low")
    # Vietnamese voices come first, installed ones before those still to download.
    assert voices[0] == NAME
    assert all(v.startswith("vi_") for v in voices[: voices.index("en_US-test-x_low")])


@pytest.fixture
def edge(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEdge]:
    with serve_fake_edge(edge_tone(), monkeypatch) as fake:
        yield fake


def test_online_engines_are_ready_when_their_service_answers(
    capsys: pytest.CaptureFixture[str], data_dir: Path, google: FakeGoogle, edge: FakeEdge
) -> None:
    code, out, _ = run(capsys, "voices")
    assert code == 0
    assert section(out, "gtts").startswith("gtts (online): ready")
    assert section(out, "edge").startswith("edge (online): ready")
    assert google.requests and edge.requests  # each was really asked
    google.script(Reply(status=503))
    edge.script(EdgeReply(status=503))
    code, out, _ = run(capsys, "voices")
    assert code == 0
    assert section(out, "gtts").startswith("gtts (online): not ready")
    assert "--engine espeak" in section(out, "gtts")
    assert section(out, "edge").startswith("edge (online): not ready")


def test_voices_for_an_unknown_engine_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "voices", "--engine", "festival")
    assert code == 1 and out == ""
    assert err.startswith("narrate: error: unknown engine 'festival'") and err.count("\n") == 1


# --- narrate voices download --------------------------------------------------------------------


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[LocalServer]:
    """A mirror of rhasspy/piper-voices holding the tiny voice."""
    from tests.http_server import Reply as HttpReply

    model = write_voice(tmp_path / "published")
    files = {"model": model.read_bytes(), "config": Path(f"{model}.json").read_bytes()}
    folder = "vi/vi_VN/test/x_low"
    catalogue = {
        NAME: {
            "key": NAME, "language": {"code": "vi_VN", "family": "vi"}, "aliases": [],
            "files": {
                f"{folder}/{NAME}.onnx": {
                    "size_bytes": len(files["model"]),
                    "md5_digest": hashlib.md5(files["model"]).hexdigest(),
                },
                f"{folder}/{NAME}.onnx.json": {
                    "size_bytes": len(files["config"]),
                    "md5_digest": hashlib.md5(files["config"]).hexdigest(),
                },
            },
        }
    }  # fmt: skip
    with serve_http() as server:
        server.route("/voices.json", HttpReply.typed(json.dumps(catalogue).encode(), "text/json"))
        server.route(f"/{folder}/{NAME}.onnx", HttpReply.typed(files["model"], "x/onnx"))
        server.route(f"/{folder}/{NAME}.onnx.json", HttpReply.typed(files["config"], "text/json"))
        server.files = files  # type: ignore[attr-defined]
        yield server


def test_download_installs_a_checked_voice_that_then_speaks(
    capsys: pytest.CaptureFixture[str], data_dir: Path, mirror: LocalServer,
    monkeypatch: pytest.MonkeyPatch, feeds_dir: Path, output: Path, example: Path,
) -> None:  # fmt: skip
    no_proxies(monkeypatch)
    code, out, err = run(capsys, "voices", "download", "piper", NAME, "--from", mirror.url)
    assert code == 0, err
    installed = data_dir / "voices" / "piper" / f"{NAME}.onnx"
    assert installed.read_bytes() == mirror.files["model"]  # type: ignore[attr-defined]
    assert f"installed {NAME}" in out
    assert f"downloading {NAME}" in err  # the progress bar, on stderr (a bar at a terminal)
    assert "size and MD5 checked" in out
    assert sorted(p.name for p in installed.parent.iterdir()) == [
        f"{NAME}.onnx", f"{NAME}.onnx.json"
    ]  # fmt: skip
    # Again: nothing to do.
    code, out, _ = run(capsys, "voices", "download", "piper", NAME, "--from", mirror.url)
    assert code == 0 and "already installed" in out
    # A feed names the voice; an episode is spoken by it.
    text = (feeds_dir / "test.toml").read_text(encoding="utf-8")
    text = text.replace('name = "espeak"\nvoice = "north"', f'name = "piper"\nvoice = "{NAME}"')
    (feeds_dir / "test.toml").write_text(text, encoding="utf-8")
    code, out, err = run(
        capsys, "publish", str(example), "--feed", "test", "--feeds-dir", str(feeds_dir),
        "--output", str(output),
    )  # fmt: skip
    assert code == 0, err
    assert list(output.glob("test/public/episodes/*.mp3"))


def test_a_corrupted_download_installs_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, mirror: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from tests.http_server import Reply as HttpReply

    no_proxies(monkeypatch)
    model = bytearray(mirror.files["model"])  # type: ignore[attr-defined]
    model[-1] ^= 0xFF  # same size, other bytes
    mirror.route(f"/vi/vi_VN/test/x_low/{NAME}.onnx", HttpReply.typed(bytes(model), "x/onnx"))
    code, out, err = run(capsys, "-q", "voices", "download", "piper", NAME, "--from", mirror.url)
    assert code == 1 and out == ""
    assert err.startswith("narrate: error: cannot download piper voice") and "MD5" in err.upper()
    assert err.count("\n") == 1
    folder = data_dir / "voices" / "piper"
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "vi_VN-x", "a b"])
def test_download_refuses_a_name_that_is_not_a_voice(
    capsys: pytest.CaptureFixture[str], data_dir: Path, name: str
) -> None:
    code, _, err = run(capsys, "voices", "download", "piper", name)
    assert code == 1 and err.count("\n") == 1 and "narrate: error:" in err
    assert not data_dir.exists()


# --- engine plug-ins ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plug-in, installed by pip (offline) into a folder of its own."""
    source = tmp_path_factory.mktemp("plugin-source") / "plugin"
    shutil.copytree(FIXTURES / "plugin", source)
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--target", str(target), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    # A second distribution whose entry point names a module that does not exist.
    broken = target / "narrate_broken-0.1.dist-info"
    broken.mkdir()
    (broken / "METADATA").write_text("Metadata-Version: 2.1\nName: narrate-broken\nVersion: 0.1\n")
    (broken / "entry_points.txt").write_text("[narrate.engines]\nbroken = narrate_nothing:Engine\n")
    return target


def narrate(plugin_path: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(plugin_path)}
    return subprocess.run(
        [sys.executable, "-m", "narrate", *args], cwd=cwd, env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.slow
def test_a_plugin_engine_is_listed_and_speaks_an_episode(
    plugin_path: Path, feeds_dir: Path, output: Path, example: Path, tmp_path: Path
) -> None:
    listing = narrate(plugin_path, tmp_path, "voices", "--no-check")
    assert listing.returncode == 0, listing.stderr
    assert "beep (offline, plug-in from narrate-beep): ready" in listing.stdout
    broken = section(listing.stdout, "broken")
    assert "not ready" in broken and "cannot be loaded" in broken

    common = ("--feed", "test", "--feeds-dir", str(feeds_dir), "--output", str(output))
    done = narrate(plugin_path, tmp_path, "publish", str(example), *common, "--engine", "beep")
    assert done.returncode == 0, done.stderr
    mp3s = list(output.glob("test/public/episodes/*.mp3"))
    assert len(mp3s) == 1
    with sqlite_catalog(output) as rows:
        assert rows == [("beep", "high")]

    # The engine's own setting comes from the feed file; a wrong one is named.
    text = (feeds_dir / "test.toml").read_text(encoding="utf-8")
    (feeds_dir / "test.toml").write_text(
        text.replace('name = "espeak"\nvoice = "north"', 'name = "beep"\nvoice = "low"\ngap = 0.2')
    )
    again = narrate(plugin_path, tmp_path, "publish", str(example), *common)
    assert again.returncode == 0, again.stderr
    (feeds_dir / "test.toml").write_text(
        text.replace('name = "espeak"\nvoice = "north"', 'name = "beep"\ngapp = 0.2')
    )
    wrong = narrate(plugin_path, tmp_path, "publish", str(example), *common)
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        "narrate: error: engine beep has no setting 'gapp' (its own settings: gap)"
    )


def test_a_plugin_mixes_with_a_builtin_engine_per_part(
    plugin_path: Path, feeds_dir: Path, output: Path, example: Path, tmp_path: Path
) -> None:
    with (feeds_dir / "test.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[parts.title]\nengine = "beep"\nvoice = "low"\n')
    common = ("--feed", "test", "--feeds-dir", str(feeds_dir), "--output", str(output))
    done = narrate(plugin_path, tmp_path, "publish", str(example), *common)
    assert done.returncode == 0, done.stderr
    assert len(list(output.glob("test/public/episodes/*.mp3"))) == 1


def test_a_broken_plugin_fails_in_one_line(
    plugin_path: Path, feeds_dir: Path, output: Path, example: Path, tmp_path: Path
) -> None:
    common = ("--feed", "test", "--feeds-dir", str(feeds_dir), "--output", str(output))
    failed = narrate(plugin_path, tmp_path, "publish", str(example), *common, "--engine", "broken")
    assert failed.returncode == 1
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and "engine 'broken' (from narrate_nothing:Engine)" in lines[0]
    assert "Traceback" not in failed.stderr
    assert not list(output.glob("test/public/episodes/*"))


class sqlite_catalog:  # used as a context manager: reads like a function
    """(engine, voice) of every episode, from the real catalog file."""

    def __init__(self, output: Path) -> None:
        import sqlite3

        self.db = sqlite3.connect(output / "test" / "catalog.sqlite")

    def __enter__(self) -> list[tuple[str, str]]:
        return list(self.db.execute("SELECT engine, voice FROM episodes"))

    def __exit__(self, *exc: object) -> None:
        self.db.close()


# --- engines as extras ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "package", "mode"), [("piper", "piper", "offline"), ("edge", "edge_tts", "online")]
)
def test_voices_names_the_extra_to_install_for_an_engine_whose_library_is_missing(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine: str,
    package: str,
    mode: str,
) -> None:
    monkeypatch.setitem(sys.modules, package, None)  # as if `pip install narrate` alone
    code, out, err = run(capsys, "voices", "--no-check")
    assert code == 0 and err == ""
    listing = section(out, engine)
    assert listing.startswith(f"{engine} ({mode}): not ready")
    assert f"pip install 'narrate[{engine}]'" in listing
    assert section(out, "espeak").startswith("espeak (offline): ready")


def test_an_engine_whose_extra_is_missing_fails_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "edge_tts", None)
    from narrate.config import EngineSettings
    from narrate.engines import create_engine
    from narrate.errors import EngineError

    with pytest.raises(EngineError, match=r"pip install 'narrate\[edge\]'"):
        create_engine(EngineSettings(name="edge", voice="vi-VN-HoaiMyNeural"))
