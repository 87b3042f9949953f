"""The Parquet price cache: provenance, incremental refresh, atomicity, corruption."""
from __future__ import annotations

import os
import textwrap

import pandas as pd
import pytest

from fintrack.errors import CacheCorruptError, DownloadError, NoPriceDataError
from fintrack.market import CsvSource, PriceCache

from ..children import run_forked


class ScriptedSource:
    """A source that returns slices of a fixed frame, or raises, as a test tells it to."""

    name = "scripted"

    def __init__(self, frame, fail=None):
        self.frame, self.fail, self.calls = frame, fail, []

    def fetch(self, ticker, start=None, end=None):
        self.calls.append((start, end))
        if self.fail is not None:
            raise self.fail
        out = self.frame
        if start is not None:
            out = out[out.index >= pd.Timestamp(start)]
        if end is not None:
            out = out[out.index <= pd.Timestamp(end)]
        return out.copy()


@pytest.fixture
def can(shared_prices_dir):
    return CsvSource(shared_prices_dir).fetch("CAN")


def test_store_and_load_round_trip_with_provenance(tmp_path, can):
    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can))
    loaded = cache.load("CAN")
    pd.testing.assert_frame_equal(loaded, can, check_freq=False)
    meta = cache.provenance("CAN")
    assert (meta.ticker, meta.source, meta.rows, meta.first, meta.last) == ("CAN", "scripted", 1471, "2019-11-20", "2025-09-29")
    assert len(meta.content_hash) == 64 and meta.fetched_at.endswith("+00:00")


def test_incremental_refresh_fetches_only_the_tail_and_counts_revisions(tmp_path, can):
    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can.loc[:"2021-03-05"]))
    revised = can.copy()
    revised.loc["2021-03-04", "close"] += 0.01  # the vendor revises a bar inside the overlap
    source = ScriptedSource(revised.loc[:"2021-03-12"])
    report = cache.update("CAN", source, overlap_days=7)
    assert source.calls == [(pd.Timestamp("2021-02-26"), None)]  # last cached 2021-03-05 minus 7 days
    assert report.added == 5 and report.revised == 1   # 2021-03-08..12 are new
    assert cache.load("CAN").index[-1] == pd.Timestamp("2021-03-12")
    assert cache.load("CAN").loc["2021-03-04", "close"] == pytest.approx(can.loc["2021-03-04", "close"] + 0.01)


def test_failed_fetch_leaves_the_cache_byte_for_byte_unchanged(tmp_path, can):
    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can))
    before = cache.path_for("CAN").read_bytes()
    with pytest.raises(DownloadError):
        cache.update("CAN", ScriptedSource(can, fail=DownloadError("CAN: network down")))
    assert cache.path_for("CAN").read_bytes() == before


def test_empty_fetch_leaves_the_cache_unchanged(tmp_path, can):
    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can))
    before = cache.path_for("CAN").read_bytes()
    with pytest.raises(NoPriceDataError):
        cache.update("CAN", ScriptedSource(can.iloc[0:0]))
    assert cache.path_for("CAN").read_bytes() == before


def test_refresh_with_fewer_rows_never_shrinks_history(tmp_path, can):
    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can))
    cache.update("CAN", ScriptedSource(can.loc["2025-09-01":]))
    assert len(cache.load("CAN")) == 1471


def test_corrupt_file_is_reported_and_can_be_rebuilt(tmp_path, can):
    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can))
    path = cache.path_for("CAN")
    path.write_bytes(path.read_bytes()[:200])  # truncated
    with pytest.raises(CacheCorruptError, match=r"CAN.parquet is corrupt .*--rebuild CAN"):
        cache.load("CAN")
    cache.update("CAN", ScriptedSource(can), rebuild=True)
    assert len(cache.load("CAN")) == 1471


def test_tampered_values_fail_the_content_hash(tmp_path, can):
    import pyarrow.parquet as pq

    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can))
    table = pq.read_table(cache.path_for("CAN"))
    frame = table.to_pandas()
    frame.loc[0, "close"] = 999.0
    import pyarrow as pa

    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(table.schema.metadata),
                   cache.path_for("CAN"))
    with pytest.raises(CacheCorruptError, match="content hash"):
        cache.load("CAN")


def test_write_killed_midway_leaves_the_previous_file_intact(tmp_path, can):
    """A child process dies (os._exit) while the new file is half written."""
    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can))
    before = cache.path_for("CAN").read_bytes()
    child = textwrap.dedent(f"""
        import os, pandas as pd, pyarrow.parquet as pq
        from fintrack.market import PriceCache, CsvSource
        def dying_write(table, where, **kw):
            with open(where, "wb") as handle:
                handle.write(b"PAR1" + b"x" * 1000)
                handle.flush()
            os._exit(9)
        pq.write_table = dying_write
        cache = PriceCache({str(tmp_path)!r})
        old = cache.load("CAN")
        cache.store("CAN", old.iloc[:10], "killed")
    """)
    result = run_forked(child)
    assert result.returncode == 9, result.stderr
    assert cache.path_for("CAN").read_bytes() == before
    assert len(cache.load("CAN")) == 1471
    leftovers = list(tmp_path.glob(".CAN.parquet.*.tmp"))
    assert len(leftovers) == 1  # the dead writer's temporary file, ignored by readers
    os.utime(leftovers[0], (0, 0))  # make it look abandoned long ago
    cache.store("CAN", can, "csv")
    assert len(cache.load("CAN")) == 1471
    assert list(tmp_path.glob(".CAN.parquet.*.tmp")) == []  # the next write sweeps it


def test_missing_ticker_is_no_data_with_a_hint(tmp_path):
    with pytest.raises(NoPriceDataError, match=r"not in the price cache .*fintrack prices update ZZZ"):
        PriceCache(tmp_path).load("ZZZ")


def test_refresh_that_brings_nothing_new_does_not_rewrite_the_file(tmp_path, can):
    cache = PriceCache(tmp_path)
    cache.update("CAN", ScriptedSource(can))
    before = cache.path_for("CAN").read_bytes()
    mtime = cache.path_for("CAN").stat().st_mtime_ns
    report = cache.update("CAN", ScriptedSource(can))
    assert (report.added, report.revised, report.rows) == (0, 0, 1471)
    assert cache.path_for("CAN").read_bytes() == before
    assert cache.path_for("CAN").stat().st_mtime_ns == mtime


def _write_prices(path, rows):
    path.write_text("Date,Open,High,Low,Close,Adj Close,Volume\n"
                    + "".join(f"{d},{p},{p},{p},{p},{p},100\n" for d, p in rows))


def test_refresh_from_the_unchanged_price_file_does_not_read_it(tmp_path, monkeypatch):
    prices = tmp_path / "prices"
    prices.mkdir()
    _write_prices(prices / "XYZ.csv", [("2024-01-02", 10.0), ("2024-01-03", 11.0)])
    cache = PriceCache(tmp_path / "cache")
    source = CsvSource(prices)
    assert cache.update("XYZ", source).added == 2
    before = cache.path_for("XYZ").read_bytes()
    import fintrack.market.sources as sources

    def no_parse(*args, **kwargs):
        raise AssertionError("the unchanged price file was parsed again")

    monkeypatch.setattr(sources, "canonical_frame", no_parse)
    report = cache.update("XYZ", source)
    assert (report.added, report.revised, report.rows, report.last) == (0, 0, 2, "2024-01-03")
    assert cache.path_for("XYZ").read_bytes() == before
    monkeypatch.undo()
    # one more day in the file: read, merged, and the new file's stamp recorded
    _write_prices(prices / "XYZ.csv", [("2024-01-02", 10.0), ("2024-01-03", 11.0), ("2024-01-04", 12.0)])
    assert cache.update("XYZ", source).added == 1
    assert cache.load("XYZ")["close"].tolist() == [10.0, 11.0, 12.0]
    monkeypatch.setattr(sources, "canonical_frame", no_parse)
    assert cache.update("XYZ", source).added == 0
    # a rebuild, or a refresh up to a given end, reads the file whatever its stamp
    with pytest.raises(AssertionError, match="parsed again"):
        cache.update("XYZ", source, rebuild=True)
    with pytest.raises(AssertionError, match="parsed again"):
        cache.update("XYZ", source, end="2024-01-03")
