"""The input of an allocation: amounts and weights as typed, areas from the ratings.

What a form or the command line gives (``"1.000.000,50"``, ``"best=0,worse=1.5"``)
becomes a :class:`indicators.allocation.Rule`; the rated rows of one level and
year become the areas frame :func:`indicators.allocation.allocate` splits over.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from indicators import allocation_messages as _messages  # noqa: F401 - registers them
from indicators.allocation import Quantity, Rule, Unit
from indicators.catalog import Catalog, Indicator, Polarity
from indicators.errors import BildungsampelError
from indicators.messages import LANGUAGES, Message
from indicators.numbers import parse_number


def areas_from_ratings(
    rated: pd.DataFrame,
    catalog: Catalog,
    *,
    need: str,
    population: str | None = None,
    areas: Sequence[str] | None = None,
    by_classes: bool = False,
) -> tuple[pd.DataFrame, Quantity, Quantity | None]:
    """Return the input of :func:`allocate` from rated rows, and the indicators as quantities.

    The values are those the ratings show (one period per indicator; a value
    suppressed by disclosure control is missing, so the allocation cannot reveal
    it), the class is the rating's grade.

    Parameters
    ----------
    rated : pandas.DataFrame
        Rated rows of one level and year (``area_id``, ``indicator``,
        ``period``, ``value``, ``grade``), e.g. ``service.dataset.classified``.
    catalog : Catalog
        For the labels.
    need, population : str
        Indicator ids (population: None for need alone).
    areas : sequence of str, optional
        Every area of the level; an area without a row is missing (and listed).
    by_classes : bool
        Whether the split follows class weights; a split in proportion to the
        value refuses an indicator whose higher values are favourable (it would
        give most to the best-off areas); negative values (a z-standardised
        index: use its classes) are refused by :func:`allocate`.
    """
    for ind in (need, population):
        if ind is not None and ind not in catalog:
            raise BildungsampelError(
                "allocation.unknown_indicator", name=ind, known=", ".join(catalog)
            )
    if not by_classes and catalog[need].polarity is Polarity.HIGHER_IS_BETTER:
        raise BildungsampelError("allocation.need_favourable", name=need)
    rows = rated[rated["indicator"].astype(object) == need]
    ids = list(areas) if areas is not None else list(rows["area_id"].astype(str))
    by_id = rows.assign(area_id=rows["area_id"].astype(str)).set_index("area_id")
    grade = by_id["grade"].astype(object).reindex(ids)
    out = pd.DataFrame(
        {
            "area_id": ids,
            "need": by_id["value"].astype(float).reindex(ids).to_numpy(),
            "grade": grade.where(grade != "not_rated").to_numpy(),
        }
    )
    pop_q = None
    if population is not None:
        pop = rated[rated["indicator"].astype(object) == population]
        pop_by = pop.assign(area_id=pop["area_id"].astype(str)).set_index("area_id")
        out["population"] = pop_by["value"].astype(float).reindex(ids).to_numpy()
        pop_q = _quantity(catalog[population], pop)
    return out, _quantity(catalog[need], rows), pop_q


def _quantity(indicator: Indicator, rows: pd.DataFrame) -> Quantity:
    periods = sorted({str(p) for p in rows["period"].dropna()})
    labels = {lang: indicator.label(lang) for lang in LANGUAGES}
    return Quantity(indicator.id, ", ".join(periods), labels)


def parse_amount(text: str, unit: Unit, *, what: str = "budget") -> int:
    """Return an amount typed by a user in whole units: cents from euros, or posts.

    German or English writing: ``1.000.000,50``, ``1000000.50``, ``1 500``;
    money has at most two decimals, posts none.

    Examples
    --------
    >>> parse_amount("1.000.000,50", "cent"), parse_amount("12", "post")
    (100000050, 12)
    """
    value, reason = parse_number(text, decimal="comma")
    units = value * 100 if unit == "cent" else value
    whole = round(units) if math.isfinite(units) else 0
    if reason is not None or not math.isfinite(units) or abs(units - whole) > 1e-6:
        raise BildungsampelError(
            f"allocation.amount_syntax.{unit}", text=text, what=Message(f"allocation.what.{what}")
        )
    return int(whole)


def typed_rule(
    *,
    budget: str,
    need: Quantity,
    population: Quantity | None = None,
    unit: Unit = "cent",
    floor: str | None = None,
    cap: str | None = None,
    weights: Mapping[str, float] | str | None = None,
) -> Rule:
    """Return the rule of amounts as a user typed them (:func:`parse_amount`).

    An empty floor is none; an empty cap or a cap of 0 is no cap. ``weights``
    as a mapping or as text (:func:`parse_weights`); None for proportional.
    """
    low = parse_amount(floor, unit, what="floor") if floor and floor.strip() else None
    high = parse_amount(cap, unit, what="cap") if cap and cap.strip() else None
    return Rule(
        budget=parse_amount(budget, unit),
        need=need,
        population=population,
        unit=unit,
        floor=low,
        cap=high or None,
        weights=parse_weights(weights) if isinstance(weights, str) else weights,
    )


def parse_weights(text: str) -> dict[str, float]:
    """Return class weights from ``"best=0,better=0.5"`` (or ``;``-separated with decimal comma).

    Examples
    --------
    >>> parse_weights("best=0,better=0.5")
    {'best': 0.0, 'better': 0.5}
    >>> parse_weights("best=0; worse=1,5")
    {'best': 0.0, 'worse': 1.5}
    """
    separator = ";" if ";" in text else ","
    weights: dict[str, float] = {}
    for item in (p.strip() for p in text.split(separator)):
        if item:
            weights.update(_one_weight(item))
    if not weights:
        raise BildungsampelError("allocation.weights_syntax", text=text)
    return weights


def _one_weight(item: str) -> dict[str, float]:
    name, sep, value = item.partition("=")
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        raise BildungsampelError("allocation.weights_syntax", text=item) from None
    if not sep or not name.strip():
        raise BildungsampelError("allocation.weights_syntax", text=item)
    return {name.strip(): number}
