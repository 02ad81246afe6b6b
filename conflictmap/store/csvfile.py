"""Read, validate and write events.csv and evidence.csv: atomic writes, valid rows plus rejected rows with reasons."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from filelock import FileLock

from conflictmap.model import (
    CLAIM_STATUSES,
    DATE_PRECISIONS,
    EVENT_COLUMNS,
    EVIDENCE_COLUMNS,
    GEO_PRECISIONS,
    Event,
)

# Without these a row cannot be placed on the map or the timeline, or cited.
REQUIRED_COLUMNS = ("event_id", "latitude", "longitude")
INT_COLUMNS = (
    "geo_precision",
    "geonameid",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "n_sources",
    "displaced",
)
FLOAT_COLUMNS = ("latitude", "longitude", "geo_confidence")
DATE_COLUMNS = ("event_date", "date_from", "date_to")
# A cell a spreadsheet may run as a formula: = + - @ (or their fullwidth forms, which some spreadsheets fold to
# ASCII) after any leading whitespace (non-breaking and ideographic spaces, line breaks) or zero-width characters,
# or a cell starting with a tab or carriage return. A leading apostrophe is guarded too, so that stripping one
# apostrophe always gives the original text back.
FORMULA = re.compile("^(?:[\\s\u200b-\u200d\u2060\ufeff]*[=+\\-@\uff1d\uff0b\uff0d\uff20]|[\t\r'])")
# Python's csv module refuses fields over 131,072 characters by default, and one long sentence (an excerpt) is
# enough to pass that. Every CSV the project reads goes through a module that imports this one.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class StoreError(Exception):
    """A file that cannot be read at all (missing, not text, not CSV); the message says which and why."""


@dataclass
class LoadResult:
    """What a load gives: valid rows, rejected rows (raw values + `row` + `reason`), and file-level notes."""

    valid: pd.DataFrame
    rejected: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    path: str = ""

    @property
    def ok(self) -> bool:
        """True when every row is valid."""
        return self.rejected.empty


def evidence_path_for(events_path: Path | str) -> Path:
    """evidence.csv lives beside events.csv (events-foo.csv -> events-foo.evidence.csv for other names)."""
    p = Path(events_path)
    return p.with_name("evidence.csv") if p.name == "events.csv" else p.with_suffix(".evidence.csv")


@contextmanager
def locked(path: Path | str, timeout: float = 60.0):
    """Serialise writers of one file with a lock file beside it."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(p) + ".lock", timeout=timeout):
        yield


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextmanager
def atomic_path(path: Path | str, durable: bool = True) -> Iterator[Path]:
    """A temp path beside `path` to write to; when the block succeeds it replaces `path` (fsynced first when
    durable), when it fails it is removed: readers see the old file or the new one, never a partial one."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if durable:
            with tmp.open("rb+") as f:
                os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp's files are owner-only; the result should be an ordinary file
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then os.replace: readers see the old or the new file."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: Path | str, text: str) -> None:
    """atomic_write_bytes for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"))


def cell_text(value) -> str:
    """A value as csv_text writes it: missing values empty, floats to 6 decimals, dates as YYYY-MM-DD."""
    if value is None or value is pd.NaT:  # NaT is a datetime: its isoformat() would write "NaT"
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(round(value, 6)) if value != int(value) or abs(value) < 1e15 else str(value)
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def neutralise_formula(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet could run it as a formula (see FORMULA): every CSV
    meant for a spreadsheet (the exports, the query command: store.eventfiles) and what corrections record. The
    store's own files keep text verbatim: they are read back, and evidence offsets index the exact text."""
    return "'" + text if FORMULA.match(text) else text


def csv_text(rows: Iterable[dict], columns: Sequence[str]) -> str:
    """Rows as CSV text with exactly these columns (missing values empty)."""
    buf = io.StringIO()
    # A lone carriage return would not be quoted with a "\n" terminator and would split the row on reading:
    # line breaks inside cells are stored as "\n".
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([cell_text(r.get(c)).replace("\r\n", "\n").replace("\r", "\n") for c in columns])
    return buf.getvalue()


def write_events(events: Sequence[Event], events_path: Path | str, evidence_path: Path | str | None = None) -> None:
    """Write events.csv and evidence.csv atomically, under the events file's lock."""
    with locked(events_path):
        write_events_locked(events, events_path, evidence_path)


def write_events_locked(
    events: Sequence[Event], events_path: Path | str, evidence_path: Path | str | None = None
) -> None:
    """write_events for a caller that already holds the events file's lock (see locked)."""
    events_path = Path(events_path)
    evidence_path = Path(evidence_path) if evidence_path else evidence_path_for(events_path)
    ev_text = csv_text((e.row() for e in events), EVENT_COLUMNS)
    evid_text = csv_text(
        ({c: getattr(x, c) for c in EVIDENCE_COLUMNS} for e in events for x in e.evidence), EVIDENCE_COLUMNS
    )
    for target in (events_path, evidence_path):  # leftovers of a writer killed mid-write (we hold the lock)
        for stale in target.parent.glob(f".{target.name}.*.tmp"):
            stale.unlink(missing_ok=True)
    atomic_write_text(evidence_path, evid_text)
    atomic_write_text(events_path, ev_text)


def write_frame(df: pd.DataFrame, path: Path | str, columns: Sequence[str] | None = None) -> None:
    """Write a DataFrame of events (as loaded) back to CSV atomically, ISO dates, under a lock."""
    cols = list(columns or [c for c in df.columns if not c.startswith("_")])
    with locked(path):
        atomic_write_text(path, csv_text(df.to_dict("records"), cols))


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise StoreError(f"{path}: file not found") from e
    except OSError as e:
        raise StoreError(f"{path}: cannot be read ({e.strerror})") from e
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StoreError(f"{path}: looks binary (NUL bytes), not a CSV file")
    for enc in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise StoreError(f"{path}: not UTF-8 text; save it as UTF-8 and try again")
    return text


def _parse_date(s: str) -> date:
    return date.fromisoformat(s.strip()[:10])


def validate_row(raw: dict[str, str], seen_ids: set[str]) -> tuple[dict | None, str]:
    """Check one row; return (typed row, "") or (None, reason)."""
    reasons: list[str] = []
    row: dict = dict(raw)
    eid = (raw.get("event_id") or "").strip()
    if not eid:
        reasons.append("event_id is empty")
    elif eid in seen_ids:
        reasons.append(f"duplicate event_id {eid!r}")
    row["event_id"] = eid
    for c in DATE_COLUMNS:
        v = (raw.get(c) or "").strip()
        if not v:
            row[c] = None
            continue
        try:
            row[c] = _parse_date(v)
        except ValueError:
            reasons.append(f"{c} {v!r} is not an ISO date (YYYY-MM-DD)")
            row[c] = None
    if not reasons:
        d_from = row["date_from"] or row["event_date"]
        d_to = row["date_to"] or d_from
        undated = (raw.get("date_precision") or "").strip().lower() == "unknown"
        if d_from is None and not undated:
            reasons.append("no date: event_date and date_from are both empty (date_precision 'unknown' allows that)")
        elif d_from is not None and d_to < d_from:
            reasons.append(f"date_to {d_to} is before date_from {d_from}")
        row["date_from"], row["date_to"] = d_from, d_to
        row["event_date"] = row["event_date"] or d_from
    for c in FLOAT_COLUMNS:
        v = (raw.get(c) or "").strip()
        if not v:
            row[c] = None
            continue
        try:
            row[c] = float(v)
            if not math.isfinite(row[c]):
                raise ValueError
        except ValueError:
            reasons.append(f"{c} {v!r} is not a number")
            row[c] = None
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is not None and not -90 <= lat <= 90:
        reasons.append(f"latitude {lat} is out of range -90..90")
    if lon is not None and not -180 <= lon <= 180:
        reasons.append(f"longitude {lon} is out of range -180..180")
    if (lat is None) != (lon is None):
        reasons.append("only one of latitude/longitude is given")
    for c in INT_COLUMNS:
        v = (raw.get(c) or "").strip().replace(",", "")
        if not v:
            row[c] = None
            continue
        try:
            f = float(v)
            if not f.is_integer() or f < 0:
                raise ValueError
            row[c] = int(f)
        except ValueError:
            reasons.append(f"{c} {raw.get(c)!r} is not a whole number >= 0")
            row[c] = None
    lo, hi = row.get("fatalities_low"), row.get("fatalities_high")
    if lo is not None and hi is not None and lo > hi:
        reasons.append(f"fatalities_low {lo} is above fatalities_high {hi}")
    checks = (("date_precision", DATE_PRECISIONS), ("claim_status", CLAIM_STATUSES))
    for c, allowed in checks:
        v = (raw.get(c) or "").strip().lower()
        if v and v not in allowed:
            reasons.append(f"{c} {v!r} is not one of {', '.join(allowed)}")
        row[c] = v or {"date_precision": "day", "claim_status": "reported"}[c]
    gp = row.get("geo_precision")
    if gp is not None and gp not in GEO_PRECISIONS:
        reasons.append(f"geo_precision {gp} is not one of 1, 2, 3, 4")
    if reasons:
        return None, "; ".join(reasons)
    seen_ids.add(eid)
    return row, ""


def read_events(path: Path | str) -> LoadResult:
    """Load an events file: every row is validated; bad rows are returned with their line number and reason."""
    path = Path(path)
    try:
        return _read_events(path, _read_text(path))
    except csv.Error as e:
        raise StoreError(f"{path}: not a readable CSV file ({e})") from e


def _read_events(path: Path, text: str) -> LoadResult:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise StoreError(f"{path}: empty file, no header row")
    reader.fieldnames = header
    problems: list[str] = []
    missing_required = [c for c in REQUIRED_COLUMNS if c not in header]
    if "event_date" not in header and "date_from" not in header:
        missing_required.append("event_date or date_from")
    missing = [c for c in EVENT_COLUMNS if c not in header and c not in missing_required]
    extra = [c for c in header if c not in EVENT_COLUMNS]
    if missing_required:
        problems.append(f"{path.name}: missing required column(s) {', '.join(missing_required)}: every row is rejected")
    if missing:
        problems.append(f"{path.name}: missing optional column(s) {', '.join(missing)}: left empty")
    if extra:
        problems.append(f"{path.name}: extra column(s) {', '.join(extra)}: kept as they are")
    valid, rejected, seen = [], [], set()
    line = 1
    for raw in reader:
        row_no = line + 1
        line = reader.line_num
        clean = {k: v for k, v in raw.items() if k is not None}
        if None in raw:
            r = {**clean, "row": row_no, "reason": f"{len(raw[None])} more cell(s) than the header has columns"}
            rejected.append(r)
            continue
        if any(v is None for v in clean.values()):
            n = sum(v is not None for v in clean.values())
            reason = f"{n} cell(s) but the header has {len(header)} columns"
            rejected.append({**{k: v or "" for k, v in clean.items()}, "row": row_no, "reason": reason})
            continue
        if missing_required:
            rejected.append({**clean, "row": row_no, "reason": f"missing column(s) {', '.join(missing_required)}"})
            continue
        typed, reason = validate_row(clean, seen)
        if typed is None:
            rejected.append({**clean, "row": row_no, "reason": reason})
        else:
            typed["_row"] = row_no
            valid.append(typed)
    return LoadResult(_events_frame(valid, header), _rejected_frame(rejected, header), problems, str(path))


def _events_frame(rows: list[dict], header: Sequence[str]) -> pd.DataFrame:
    cols = list(EVENT_COLUMNS) + [c for c in header if c not in EVENT_COLUMNS] + ["_row"]
    df = pd.DataFrame(rows, columns=cols)
    for c in DATE_COLUMNS:
        df[c] = pd.to_datetime(df[c])
    for c in FLOAT_COLUMNS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in INT_COLUMNS:
        df[c] = pd.array(df[c].tolist(), dtype="Int64")
    text_cols = [c for c in cols if c not in (*DATE_COLUMNS, *FLOAT_COLUMNS, *INT_COLUMNS, "_row")]
    for c in text_cols:
        df[c] = df[c].astype(object).fillna("").astype(str)
    return df


def _rejected_frame(rows: list[dict], header: Sequence[str]) -> pd.DataFrame:
    cols = ["row", "reason", *header]
    return pd.DataFrame(rows, columns=cols).fillna("")


def read_evidence(path: Path | str) -> pd.DataFrame:
    """Load evidence.csv (missing file -> empty frame): event_id, source_id, start, end, excerpt."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    df = pd.read_csv(io.StringIO(_read_text(path)), dtype=str, keep_default_na=False)
    for c in EVIDENCE_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    df["start"] = pd.to_numeric(df["start"], errors="coerce").astype("Int64")
    df["end"] = pd.to_numeric(df["end"], errors="coerce").astype("Int64")
    return df


def write_rejects(result: LoadResult, path: Path | str) -> None:
    """Keep rejected rows (with line number and reason) in a rejects file, atomically."""
    cols = list(result.rejected.columns)
    with locked(path):
        atomic_write_text(path, csv_text(result.rejected.to_dict("records"), cols))


def cli(argv: list[str]) -> int:
    """`python -m conflictmap validate PATH [--json] [--rejects FILE]`: 0 all valid, 1 some rejected, 2 unreadable."""
    ap = argparse.ArgumentParser(prog="python -m conflictmap validate", description=cli.__doc__)
    ap.add_argument("path", help="an events CSV file")
    ap.add_argument("--json", action="store_true", help="print a JSON report instead of text")
    ap.add_argument("--rejects", help="also write the rejected rows, with line number and reason, to this CSV")
    args = ap.parse_args(argv)
    try:
        res = read_events(args.path)
    except StoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.rejects and not res.rejected.empty:
        write_rejects(res, args.rejects)
    rejected = [
        {"row": int(r["row"]), "event_id": r.get("event_id", ""), "reason": r["reason"]}
        for r in res.rejected.to_dict("records")
    ]
    if args.json:
        print(json.dumps({"path": args.path, "valid": len(res.valid), "rejected": rejected, "problems": res.problems}))
    else:
        for p in res.problems:
            print(f"note: {p}")
        for r in rejected:
            print(f"{args.path}: row {r['row']}: {r['reason']}")
        print(f"{args.path}: {len(res.valid)} valid row(s), {len(rejected)} rejected")
    return 0 if res.ok else 1
