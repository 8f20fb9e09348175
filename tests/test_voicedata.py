"""Voice downloads against a local HTTP server that plays Hugging Face's ``rhasspy/piper-voices``:
a ``voices.json`` catalogue and the tiny real voice's files, with every way a download fails.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from narrate.engines.piper import PiperEngine
from narrate.errors import EngineError
from narrate.voicedata import data_dir, download_piper_voice, voices_dir
from tests.http_server import LocalServer, Reply, no_proxies, serve_http
from tests.piper_voice import NAME, SAMPLE_RATE, write_voice

FOLDER = "vi/vi_VN/test/x_low"
MODEL_URL_PATH = f"/{FOLDER}/{NAME}.onnx"
CONFIG_URL_PATH = f"{MODEL_URL_PATH}.json"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """The tiny voice's ``.onnx`` and ``.onnx.json`` bytes, as the server holds them."""
    model = write_voice(tmp_path_factory.mktemp("published"))
    return model.read_bytes(), Path(f"{model}.json").read_bytes()


def listed(body: bytes) -> dict[str, Any]:
    return {"size_bytes": len(body), "md5_digest": hashlib.md5(body).hexdigest()}


def other_voice(name: str) -> dict[str, Any]:
    family = name.partition("_")[0]
    return {"key": name, "language": {"code": name.split("-")[0], "family": family}, "files": {}}


@pytest.fixture
def catalog(files: tuple[bytes, bytes]) -> dict[str, Any]:
    """voices.json as piper-voices publishes it (the shape of its real entries)."""
    model, config = files
    return {
        NAME: {
            "key": NAME, "name": "test", "quality": "x_low", "num_speakers": 1,
            "language": {"code": "vi_VN", "family": "vi", "region": "VN"},
            "files": {
                f"{FOLDER}/{NAME}.onnx": listed(model),
                f"{FOLDER}/{NAME}.onnx.json": listed(config),
                f"{FOLDER}/MODEL_CARD": listed(b"a card"),
            },
            "aliases": [],
        },
        **{name: other_voice(name) for name in (
            "vi_VN-vais1000-medium", "vi_VN-25hours_single-low", "en_US-lessac-medium",
        )},
    }  # fmt: skip


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    no_proxies(monkeypatch)
    with serve_http() as running:
        yield running


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "voices"


def publish(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], *,
    model: Reply | None = None, config: Reply | None = None,
) -> None:  # fmt: skip
    body = json.dumps(catalog).encode()
    server.route("/voices.json", Reply.typed(body, "application/json"))
    server.route(MODEL_URL_PATH, model or Reply.typed(files[0], "application/octet-stream"))
    server.route(CONFIG_URL_PATH, config or Reply.typed(files[1], "application/json"))


def failure(server: LocalServer, dest: Path, name: str = NAME, **options: Any) -> str:
    """Download and fail: the one-line message; nothing may be left in ``dest``."""
    with pytest.raises(EngineError) as exc:
        download_piper_voice(name, dest_dir=dest, base_url=server.url, **options)
    message = str(exc.value)
    assert message and "\n" not in message, message
    assert not dest.exists() or sorted(p.name for p in dest.iterdir()) == []
    return message


# -- success -------------------------------------------------------------------------------------


def test_a_voice_downloads_with_progress_and_then_speaks(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "data"))
    model, config = files
    publish(server, catalog, files, model=Reply.typed(model, "application/octet-stream", chunk=256))
    calls: list[tuple[int, int]] = []
    path = download_piper_voice(
        NAME, dest_dir=voices_dir("piper"), base_url=server.url + "/",
        progress=lambda done, total: calls.append((done, total)),
    )  # fmt: skip
    assert path == voices_dir("piper") / f"{NAME}.onnx"
    assert path.read_bytes() == model
    assert Path(f"{path}.json").read_bytes() == config
    assert sorted(p.name for p in path.parent.iterdir()) == [f"{NAME}.onnx", f"{NAME}.onnx.json"]
    total = len(model) + len(config)
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert (len(config), total) in calls  # the config first, then the model, in one count
    assert all(t == total for _, t in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert server.hits("/voices.json") == server.hits(MODEL_URL_PATH) == 1
    engine = PiperEngine(voice=NAME)
    assert engine.sample_rate == SAMPLE_RATE and engine.synthesize("Xin chào bà con.")


def test_redirects_to_a_cdn_are_followed(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    publish(server, catalog, files)
    server.route(MODEL_URL_PATH, Reply.redirect("/cdn/blob"))
    server.route("/cdn/blob", Reply.typed(files[0], "application/octet-stream"))
    assert download_piper_voice(NAME, dest_dir=dest, base_url=server.url).read_bytes() == files[0]


def test_a_new_download_replaces_an_installed_copy(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    dest.mkdir()
    (dest / f"{NAME}.onnx").write_bytes(b"old weights")
    (dest / f"{NAME}.onnx.json").write_bytes(b"{}")
    publish(server, catalog, files)
    download_piper_voice(NAME, dest_dir=dest, base_url=server.url)
    assert (dest / f"{NAME}.onnx").read_bytes() == files[0]
    assert (dest / f"{NAME}.onnx.json").read_bytes() == files[1]


# -- the catalogue and the name ------------------------------------------------------------------


def test_an_unknown_voice_lists_the_vietnamese_ones(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    publish(server, catalog, files)
    message = failure(server, dest, "vi_VN-nobody-medium")
    assert message == (
        "piper has no voice 'vi_VN-nobody-medium': the Vietnamese voices are "
        f"vi_VN-25hours_single-low, {NAME}, vi_VN-vais1000-medium"
    )
    assert server.hits(MODEL_URL_PATH) == 0


def test_an_old_name_points_to_the_new_one(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    catalog[NAME]["aliases"] = ["vi_VN-old_test-x_low"]
    publish(server, catalog, files)
    message = failure(server, dest, "vi_VN-old_test-x_low")
    assert message == f"piper's voice vi_VN-old_test-x_low is now called {NAME}: download {NAME}"


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "vi_VN-x-low/../../a", "", "vi_VN-vais1000-medium.onnx", "vi VN-a-low",
     "/tmp/vi_VN-a-low", "vi_VN-a-low\n"[:-1] + "\x00"],
)  # fmt: skip
def test_a_bad_name_is_refused_before_asking_the_server(
    server: LocalServer, dest: Path, name: str
) -> None:
    assert "is not a piper voice name" in failure(server, dest, name)
    assert server.requests == []


def test_a_catalogue_path_that_leaves_the_repository_is_refused(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    entry = catalog[NAME]["files"]
    entry[f"../../{NAME}.onnx"] = entry.pop(f"{FOLDER}/{NAME}.onnx")
    publish(server, catalog, files)
    assert "strange path" in failure(server, dest)


@pytest.mark.parametrize("field", ["md5_digest", "size_bytes"])
def test_a_catalogue_without_checksums_is_refused(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path, field: str
) -> None:
    del catalog[NAME]["files"][f"{FOLDER}/{NAME}.onnx"][field]
    publish(server, catalog, files)
    assert "cannot be checked" in failure(server, dest)
    assert server.hits(MODEL_URL_PATH) == 0


def test_a_broken_catalogue_is_one_line(server: LocalServer, dest: Path) -> None:
    server.route("/voices.json", Reply.html("<html>maintenance</html>"))
    assert "voices.json is not valid JSON" in failure(server, dest)


def test_a_non_http_address_is_refused(dest: Path) -> None:
    with pytest.raises(EngineError, match="not an http"):
        download_piper_voice(NAME, dest_dir=dest, base_url="file:///etc")


# -- damaged downloads ---------------------------------------------------------------------------


def test_a_checksum_mismatch_leaves_nothing(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    corrupt = bytearray(files[0])
    corrupt[len(corrupt) // 2] ^= 0xFF  # same size, one flipped byte
    publish(server, catalog, files, model=Reply.typed(bytes(corrupt), "application/octet-stream"))
    assert f"{NAME}.onnx arrived damaged (its MD5 differs" in failure(server, dest)


def test_a_failed_download_keeps_the_installed_copy(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    dest.mkdir()
    (dest / f"{NAME}.onnx").write_bytes(b"old weights")
    (dest / f"{NAME}.onnx.json").write_bytes(b"{}")
    publish(server, catalog, files, model=Reply(500))
    with pytest.raises(EngineError, match="HTTP 500"):
        download_piper_voice(NAME, dest_dir=dest, base_url=server.url)
    assert sorted(p.name for p in dest.iterdir()) == [f"{NAME}.onnx", f"{NAME}.onnx.json"]
    assert (dest / f"{NAME}.onnx").read_bytes() == b"old weights"
    assert (dest / f"{NAME}.onnx.json").read_bytes() == b"{}"


@pytest.mark.parametrize("chunked", [False, True])
@pytest.mark.parametrize("difference", [-7, 7])
def test_a_size_other_than_the_catalogues_is_refused(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path,
    chunked: bool, difference: int,
) -> None:  # fmt: skip
    catalog[NAME]["files"][f"{FOLDER}/{NAME}.onnx"]["size_bytes"] += difference
    reply = Reply(200, files[0], {"Content-Type": "application/octet-stream"}, chunked=chunked)
    publish(server, catalog, files, model=reply)
    message = failure(server, dest)
    assert "voices.json says" in message and f"{len(files[0]) + difference:,}" in message


@pytest.mark.parametrize("status", [404, 500, 403])
def test_a_server_error_for_the_catalogue_is_one_line(
    server: LocalServer, dest: Path, status: int
) -> None:
    server.route("/voices.json", Reply(status, b"no"))
    assert f"voices.json answered HTTP {status}" in failure(server, dest)


@pytest.mark.parametrize("status", [404, 500])
def test_a_server_error_for_the_model_leaves_nothing(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path,
    status: int,
) -> None:  # fmt: skip
    publish(server, catalog, files, model=Reply(status, b"gone"))
    message = failure(server, dest)
    assert f"{NAME}.onnx answered HTTP {status}" in message
    assert server.hits(CONFIG_URL_PATH) == 1  # the config came first and was thrown away


@pytest.mark.parametrize("chunked", [False, True])
def test_a_connection_cut_mid_file_leaves_nothing(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path,
    chunked: bool,
) -> None:  # fmt: skip
    cut = Reply(200, files[0], chunk=200, drop_after=len(files[0]) // 2, chunked=chunked)
    publish(server, catalog, files, model=cut)
    message = failure(server, dest)
    assert NAME in message and "try again" in message


def test_a_voice_larger_than_the_limit_is_not_downloaded(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    publish(server, catalog, files)
    message = failure(server, dest, max_bytes=len(files[0]) - 1)
    assert "KB, more than the limit of 1.2 KB" in message
    assert server.hits(MODEL_URL_PATH) == server.hits(CONFIG_URL_PATH) == 0


def test_a_body_larger_than_announced_is_cut_off(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    endless = Reply(200, files[0] + b"\0" * 100_000, chunk=4096, chunked=True)
    publish(server, catalog, files, model=endless)
    assert f"is larger than the {len(files[0]):,} bytes voices.json says" in failure(server, dest)


def test_a_catalogue_larger_than_the_limit_is_refused(server: LocalServer, dest: Path) -> None:
    server.route("/voices.json", Reply.typed(b"{" + b" " * 5000 + b"}", "application/json"))
    assert "voices.json is larger than" in failure(server, dest, max_bytes=1000)


def test_a_silent_server_times_out(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    publish(server, catalog, files, model=Reply(200, files[0], delay=30))
    assert "did not answer within 0.3 s" in failure(server, dest, timeout=0.3)


def test_a_dribbling_server_hits_the_total_limit(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    slow = Reply(200, files[0], chunk=16, interval=0.1)
    publish(server, catalog, files, model=slow)
    assert "the download took longer than 0.5 s" in failure(server, dest, total_timeout=0.5)


def test_an_interrupted_download_leaves_nothing(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    publish(server, catalog, files, model=Reply(200, files[0], chunk=128))

    def interrupt(done: int, total: int) -> None:
        if done > len(files[1]):  # the config is complete, the model half-way
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        download_piper_voice(NAME, dest_dir=dest, base_url=server.url, progress=interrupt)
    assert list(dest.iterdir()) == []


def test_a_redirect_away_from_http_is_refused(
    server: LocalServer, catalog: dict[str, Any], files: tuple[bytes, bytes], dest: Path
) -> None:
    publish(server, catalog, files, model=Reply.redirect("ftp://example.invalid/voice.onnx"))
    assert "not http(s)" in failure(server, dest)


# -- the data folder -----------------------------------------------------------------------------


def test_the_data_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NARRATE_DATA_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "narrate"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")  # the XDG spec says: ignore it
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "narrate"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "narrate"
    monkeypatch.setenv("NARRATE_DATA_DIR", str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    assert voices_dir("piper") == tmp_path / "mine" / "voices" / "piper"


@pytest.mark.parametrize("engine", ["../piper", "", "pi/per"])
def test_an_engine_name_cannot_leave_the_data_folder(engine: str) -> None:
    with pytest.raises(EngineError, match="is not an engine name"):
        voices_dir(engine)
