"""Which historic workshops (Botteghe storiche) the directory imports: those whose
trade makes or repairs things (pastry makers, goldsmiths, tailors, framers,
cobblers, bookbinders …), not shops, bars, pharmacies or hairdressers.

The one place where trades are classified: `data/botteghe_trades.csv` lists every
`genere_merceologico` of the Comune di Milano's file (dataset ds290), as written
there, with `yes` or `no`; `makes_or_repairs` reads it. A trade the list does not
know yet is left out of the import and named in its report, to be classified here.
"""

import csv
import functools
from pathlib import Path

TRADES_FILE = Path(__file__).resolve().parent / "data" / "botteghe_trades.csv"


def _key(trade: str) -> str:
    return " ".join(trade.split()).casefold()


@functools.cache
def _classified() -> dict[str, bool]:
    with TRADES_FILE.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    classified = {}
    for row in rows:
        answer = row["makes_or_repairs"].strip()
        if answer not in {"yes", "no"}:
            raise ValueError(f"{TRADES_FILE.name}: «{row['genere_merceologico']}» says {answer!r}.")
        classified[_key(row["genere_merceologico"])] = answer == "yes"
    return classified


def makes_or_repairs(trade: str) -> bool | None:
    """True for a trade that makes or repairs things, False for one that does not,
    None for a trade not classified yet."""
    return _classified().get(_key(trade))
