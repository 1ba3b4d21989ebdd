"""Static figures of finished comparison tables (matplotlib only).

Every function takes one table of :class:`workbench.comparison.Comparison` — never an
event — and returns a :class:`matplotlib.figure.Figure`. Figures are built with the
object-oriented API on an Agg canvas: nothing is registered with ``pyplot``, no window
opens, nothing needs closing, and the figure shows only where it is returned or saved.
Inside a Jupyter kernel, importing this module teaches IPython to show a returned
``Figure`` as a PNG (what ``%matplotlib inline`` does), unless a display for figures is
already set up.

Colours are colour-blind safe: the Okabe–Ito palette for categories, ``viridis`` for
amounts and ``RdBu`` (red = negative, blue = positive) for stance. Labels taken from
articles are shown as plain text (a ``$`` never starts mathematics).

:func:`save_figures` writes every figure of a comparison to PNG and SVG files.
"""

from __future__ import annotations

import inspect
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from workbench.errors import require_columns
from workbench.framing import FRAME_NAMES
from workbench.numbers import figure_label, quantity_name

if TYPE_CHECKING:  # pragma: no cover
    from workbench.comparison import Comparison

__all__ = [
    "OKABE_ITO",
    "CLAIM_COLOURS",
    "FRAME_NAMES",
    "STANCE_CMAP",
    "MISSING_COLOUR",
    "text_colour",
    "similarity_heatmap",
    "source_map",
    "stance_grid",
    "claim_grid",
    "frame_bars",
    "distinctive_terms_bars",
    "coverage_grid",
    "sourcing_bars",
    "number_disagreement_plot",
    "figure_png",
    "save_figures",
]

#: The Okabe–Ito palette (Okabe & Ito 2008), distinguishable with every common kind of
#: colour blindness; used for categories (sources, quote kinds).
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#000000",
)

#: Colour of each claim label (Okabe–Ito green, vermillion, sky blue; grey for absent).
CLAIM_COLOURS = {
    "agree": "#009E73",
    "disagree": "#D55E00",
    "discuss": "#56B4E9",
    "absent": "#DDDDDD",
}

#: Diverging colour map of stance in [-1, 1]: red is negative, blue positive.
STANCE_CMAP = "RdBu"

#: Colour of a cell without a value (no mention, no figure).
MISSING_COLOUR = "#BBBBBB"


_LABEL_WIDTH = 28


# ---------------------------------------------------------------------------- helpers
def _figure(width: float, height: float) -> Figure:
    """A figure on its own Agg canvas (no pyplot, no GUI, nothing to close)."""
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _label(value: Any, width: int = _LABEL_WIDTH) -> str:
    """*value* as a short plain label: shortened, ``$`` kept literal."""
    text = textwrap.shorten(" ".join(str(value).split()), width=width, placeholder="…")
    return text.replace("$", r"\$")


def _frame_name(frame: str) -> str:
    return FRAME_NAMES.get(frame, str(frame).replace("_", " ").capitalize())


def text_colour(colour: Any) -> str:
    """Black or white, whichever reads better on *colour* (by its relative luminance)."""
    red, green, blue, _ = to_rgba(colour)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "black" if luminance > 0.5 else "white"


def _empty(title: str, message: str) -> Figure:
    """A small figure that says there is nothing to show, and why."""
    figure = _figure(6, 1.6)
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.set_title(_label(title, 80))
    ax.text(0.5, 0.5, _label(message, 120), ha="center", va="center", transform=ax.transAxes)
    return figure


def _require(table: pd.DataFrame, columns: Sequence[str], where: str) -> None:
    require_columns(
        table, columns, f"{where}(table)", "pass the Comparison table the function is named after"
    )


def _grid_image(ax: Any, values: np.ndarray, cmap: Any, *, vmin: float, vmax: float) -> Any:
    """Draw *values* as a grid of cells; NaN cells in :data:`MISSING_COLOUR`."""
    cmap = colormaps[cmap] if isinstance(cmap, str) else cmap
    cmap = cmap.with_extremes(bad=MISSING_COLOUR)
    masked = np.ma.masked_invalid(values.astype(float))
    return ax.imshow(masked, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")


def _ticks(ax: Any, rows: Sequence[Any], columns: Sequence[Any]) -> None:
    ax.set_xticks(range(len(columns)), [_label(c) for c in columns], rotation=35, ha="right")
    ax.set_yticks(range(len(rows)), [_label(r) for r in rows])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _source_colours(sources: Sequence[str]) -> dict[str, str]:
    """One Okabe–Ito colour per source (cycling after eight)."""
    return {source: OKABE_ITO[k % len(OKABE_ITO)] for k, source in enumerate(sources)}


# ---------------------------------------------------------------------------- figures
def similarity_heatmap(source_similarity: pd.DataFrame) -> Figure:
    """Source × source similarity as a heat map with the values written in the cells.

    Parameters
    ----------
    source_similarity : pandas.DataFrame
        :attr:`Comparison.source_similarity`: a square table, sources as index and
        columns, cosine similarity in [0, 1].

    Returns
    -------
    matplotlib.figure.Figure
        One axes; one image cell and one value text per pair of sources.
    """
    if source_similarity.empty:
        return _empty("Similarity of the sources", "No sources to compare.")
    sources = list(source_similarity.index)
    values = source_similarity.loc[sources, sources].to_numpy(dtype=float)
    size = 2.5 + 0.55 * len(sources)
    figure = _figure(size + 1.2, size)
    ax = figure.add_subplot()
    image = _grid_image(ax, values, "viridis", vmin=0.0, vmax=1.0)
    for (row, column), value in np.ndenumerate(values):
        text = "–" if np.isnan(value) else f"{value:.2f}"
        colour = "black" if np.isnan(value) else text_colour(image.cmap(image.norm(value)))
        ax.text(column, row, text, ha="center", va="center", color=colour, fontsize=8)
    _ticks(ax, sources, sources)
    figure.colorbar(image, ax=ax, shrink=0.8, label="cosine similarity (TF-IDF)")
    ax.set_title("How similar are the sources' texts?")
    return figure


def _mds_embedding(dissimilarity: np.ndarray) -> np.ndarray:
    """Two-dimensional metric MDS of a precomputed dissimilarity matrix."""
    from sklearn.manifold import MDS

    if len(dissimilarity) == 1:
        return np.zeros((1, 2))
    if "metric_mds" in inspect.signature(MDS).parameters:  # scikit-learn >= 1.8
        model = MDS(n_components=2, metric="precomputed", init="classical_mds", random_state=0)
    else:
        model = MDS(
            n_components=2, dissimilarity="precomputed", normalized_stress="auto", random_state=0
        )
    return model.fit_transform(dissimilarity)


def source_map(source_similarity: pd.DataFrame) -> Figure:
    """A map of the sources: similar sources lie close together.

    Classical multidimensional scaling of ``1 - similarity`` (scikit-learn's
    :class:`~sklearn.manifold.MDS` on a precomputed dissimilarity, ``random_state=0``).
    The axes have no units: only distances between points mean something.

    Parameters
    ----------
    source_similarity : pandas.DataFrame
        :attr:`Comparison.source_similarity`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with one point and one name label per source.
    """
    if source_similarity.empty:
        return _empty("Map of the sources", "No sources to place.")
    sources = list(source_similarity.index)
    values = source_similarity.loc[sources, sources].to_numpy(dtype=float)
    values = np.nan_to_num((values + values.T) / 2, nan=0.0)
    dissimilarity = np.clip(1.0 - values, 0.0, None)
    np.fill_diagonal(dissimilarity, 0.0)
    points = _mds_embedding(dissimilarity)
    colours = _source_colours(sources)
    figure = _figure(6.5, 5)
    ax = figure.add_subplot()
    ax.scatter(points[:, 0], points[:, 1], s=80, c=[colours[s] for s in sources], zorder=3)
    for source, (x, y) in zip(sources, points):
        ax.annotate(_label(source), (x, y), xytext=(6, 6), textcoords="offset points", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.margins(0.25)
    ax.set_title("Map of the sources (closer = more similar wording)")
    return figure


def stance_grid(
    stance: pd.DataFrame, *, voice: Literal["all", "authorial", "quoted"] = "all"
) -> Figure:
    """Source × target stance as a diverging heat grid.

    Parameters
    ----------
    stance : pandas.DataFrame
        :attr:`Comparison.stance` (``source, target_id, voice, stance, small_sample``).
    voice : {"all", "authorial", "quoted"}, default "all"
        Which rows to draw: every mention, the outlet's own voice, or quotes.

    Returns
    -------
    matplotlib.figure.Figure
        One cell and one value text per source × target; cells resting on a small
        sample are hatched; cells without mentions are grey.
    """
    _require(stance, ["source", "target_id", "voice", "stance", "small_sample"], "stance_grid")
    rows = stance[stance["voice"] == voice]
    if rows.empty:
        return _empty("Stance toward the targets", f"No stance rows for voice {voice!r}.")
    sources = list(dict.fromkeys(rows["source"]))
    targets = list(dict.fromkeys(rows["target_id"]))
    grid = rows.pivot_table(
        index="source", columns="target_id", values="stance", aggfunc="first", dropna=False
    ).reindex(index=sources, columns=targets)
    small = (
        rows.assign(small_sample=rows["small_sample"].astype(bool))
        .pivot_table(index="source", columns="target_id", values="small_sample", aggfunc="first")
        .reindex(index=sources, columns=targets)
        .fillna(True)
        .astype(bool)
    )
    values = grid.to_numpy(dtype=float)
    figure = _figure(2.5 + 0.9 * len(targets), 1.8 + 0.5 * len(sources))
    ax = figure.add_subplot()
    image = _grid_image(ax, values, STANCE_CMAP, vmin=-1.0, vmax=1.0)
    for (row, column), value in np.ndenumerate(values):
        if np.isnan(value):
            ax.text(column, row, "–", ha="center", va="center", fontsize=8)
            continue
        colour = text_colour(image.cmap(image.norm(value)))
        ax.text(column, row, f"{value:+.2f}", ha="center", va="center", color=colour, fontsize=8)
        if small.iat[row, column]:
            ax.add_patch(
                Rectangle(
                    (column - 0.5, row - 0.5),
                    1,
                    1,
                    fill=False,
                    hatch="///",
                    edgecolor="#555555",
                    linewidth=0,
                    label="small sample",
                )
            )
    _ticks(ax, sources, targets)
    figure.colorbar(image, ax=ax, shrink=0.8, label="stance (−1 negative … +1 positive)")
    ax.set_title(f"Stance toward the targets (voice: {voice}); hatched = small sample, grey = none")
    return figure


def claim_grid(claim_stance: pd.DataFrame) -> Figure:
    """Source × claim: agree / disagree / discuss / absent, with the confidence.

    Parameters
    ----------
    claim_stance : pandas.DataFrame
        :attr:`Comparison.claim_stance` (``source, claim_id, label, confidence``).

    Returns
    -------
    matplotlib.figure.Figure
        One coloured cell and one text (label and confidence) per source × claim, and
        a legend of the four labels.
    """
    _require(claim_stance, ["source", "claim_id", "label", "confidence"], "claim_grid")
    if claim_stance.empty:
        return _empty("Claims", "No claims are listed for this event.")
    labels = list(CLAIM_COLOURS)
    sources = list(dict.fromkeys(claim_stance["source"]))
    claims = list(dict.fromkeys(claim_stance["claim_id"]))
    table = claim_stance.drop_duplicates(["source", "claim_id"]).set_index(["source", "claim_id"])
    codes = np.full((len(sources), len(claims)), np.nan)
    figure = _figure(2.5 + 1.1 * len(claims), 2.0 + 0.5 * len(sources))
    ax = figure.add_subplot()
    for row, source in enumerate(sources):
        for column, claim in enumerate(claims):
            if (source, claim) in table.index:
                label = str(table.loc[(source, claim), "label"])
                codes[row, column] = labels.index(label) if label in labels else np.nan
    cmap = ListedColormap([CLAIM_COLOURS[label] for label in labels])
    _grid_image(ax, codes, cmap, vmin=-0.5, vmax=len(labels) - 0.5)
    for (row, column), code in np.ndenumerate(codes):
        if np.isnan(code):
            ax.text(column, row, "–", ha="center", va="center", fontsize=8)
            continue
        label = labels[int(code)]
        confidence = float(table.loc[(sources[row], claims[column]), "confidence"])
        ax.text(
            column,
            row,
            f"{label}\n{confidence:.2f}",
            ha="center",
            va="center",
            fontsize=7,
            color=text_colour(CLAIM_COLOURS[label]),
        )
    _ticks(ax, sources, claims)
    handles = [Patch(facecolor=CLAIM_COLOURS[label], label=label) for label in labels]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title("What each source says about each claim (confidence in the cell)")
    return figure


def frame_bars(framing: pd.DataFrame) -> Figure:
    """Frame profile of each source as small multiples of horizontal bars.

    Parameters
    ----------
    framing : pandas.DataFrame
        :attr:`Comparison.framing`: index source, one column per frame, each row's
        shares adding up to 1. Frames with a zero share in every source are left out.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per source with one bar per frame (the same frames in every axes).
    """
    if framing.empty:
        return _empty("Frames", "No frame profile to draw.")
    shares = framing.astype(float).fillna(0.0)
    shares = shares.loc[:, (shares > 0).any(axis=0)]
    if shares.shape[1] == 0:
        return _empty("Frames", "No frame cue was found in any source.")
    frames = list(shares.columns)
    sources = list(shares.index)
    n_columns = min(4, len(sources))
    n_rows = -(-len(sources) // n_columns)
    figure = _figure(3.2 * n_columns + 1.5, 0.6 + n_rows * (0.25 * len(frames) + 0.9))
    axes = figure.subplots(n_rows, n_columns, sharex=True, sharey=True, squeeze=False)
    top = max(float(shares.to_numpy().max()), 0.05)
    positions = np.arange(len(frames))
    for k, ax in enumerate(axes.flat):
        if k >= len(sources):
            ax.set_axis_off()
            continue
        source = sources[k]
        ax.barh(positions, shares.loc[source].to_numpy(), color=OKABE_ITO[0])
        ax.set_yticks(positions, [_label(_frame_name(frame), 36) for frame in frames])
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.1)
        ax.set_title(_label(source), fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    figure.supxlabel("share of the source's frame cues (each source's bars add up to 1)")
    figure.suptitle("Frame profile of each source")
    return figure


def distinctive_terms_bars(table: pd.DataFrame, *, n: int = 15, title: str | None = None) -> Figure:
    """The *n* terms most typical of one source, as horizontal bars of their z-score.

    Parameters
    ----------
    table : pandas.DataFrame
        :meth:`Comparison.distinctive_terms` (``term, z, n_target, n_reference``).
    n : int, default 15
        How many terms (those with the largest positive z).
    title : str, optional
        The figure title, e.g. which source against which.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per term (at most *n*), the count in the source written next to it.
    """
    _require(table, ["term", "z", "n_target"], "distinctive_terms_bars")
    top = table[table["z"] > 0].sort_values("z", ascending=False, kind="stable").head(n)
    heading = title or "Terms typical of the source"
    if top.empty:
        return _empty(heading, "No term is typical of this source.")
    figure = _figure(7, 1.2 + 0.32 * len(top))
    ax = figure.add_subplot()
    positions = np.arange(len(top))
    ax.barh(positions, top["z"].to_numpy(dtype=float), color=OKABE_ITO[0])
    ax.set_yticks(positions, [_label(term) for term in top["term"]])
    ax.invert_yaxis()
    for position, (z, count) in enumerate(zip(top["z"], top["n_target"])):
        ax.text(float(z), position, f"  {int(count)}×", va="center", fontsize=8)
    ax.margins(x=0.15)
    ax.set_xlabel("z-score of the weighted log-odds (larger = more typical)")
    ax.set_title(_label(heading, 90))
    ax.grid(axis="x", alpha=0.3)
    return figure


def coverage_grid(coverage: pd.DataFrame, *, min_sources: int = 2, max_units: int = 60) -> Figure:
    """Which source reports which content unit, and where in its article.

    Each row is a content unit, each column a source. A dot means the source reports
    the unit; its horizontal place inside the column is the relative position of the
    first sentence that reports it (left = lead, right = end) and its colour says the
    same on a light-to-dark scale.

    Parameters
    ----------
    coverage : pandas.DataFrame
        :attr:`Comparison.coverage` (``unit_id, source, present, relative_position,
        n_sources, text``).
    min_sources : int, default 2
        Draw the units reported by at least this many sources (content only one source
        has is listed by :attr:`Comparison.unique_content`); all units when none is.
    max_units : int, default 60
        The most widely reported units are drawn, at most this many.

    Returns
    -------
    matplotlib.figure.Figure
        One dot per (unit, source) where the unit is present.
    """
    _require(
        coverage,
        ["unit_id", "source", "present", "relative_position", "n_sources", "text"],
        "coverage_grid",
    )
    if coverage.empty:
        return _empty("Coverage", "No content units to draw.")
    sources = list(dict.fromkeys(coverage["source"]))
    units = coverage.drop_duplicates("unit_id")
    if (units["n_sources"] >= min_sources).any():
        units = units[units["n_sources"] >= min_sources]
    units = units.sort_values(
        ["n_sources", "unit_id"], ascending=[False, True], kind="stable"
    ).head(max_units)
    order = {unit: row for row, unit in enumerate(units["unit_id"])}
    present = coverage[coverage["present"].astype(bool) & coverage["unit_id"].isin(order)]
    column_of = {source: k for k, source in enumerate(sources)}
    position = present["relative_position"].astype(float).fillna(0.5).clip(0, 1).to_numpy()
    x = present["source"].map(column_of).to_numpy(dtype=float) - 0.4 + 0.8 * position
    y = present["unit_id"].map(order).to_numpy(dtype=float)
    figure = _figure(4.5 + 0.9 * len(sources), 1.5 + 0.28 * len(units))
    ax = figure.add_subplot()
    for k in range(len(sources)):
        ax.axvspan(k - 0.45, k + 0.45, color="#F2F2F2", zorder=0)
    points = ax.scatter(x, y, c=position, cmap="viridis", vmin=0, vmax=1, s=28, zorder=3)
    ax.set_xticks(range(len(sources)), [_label(s) for s in sources], rotation=35, ha="right")
    ax.set_yticks(
        range(len(units)),
        [f"{_label(text, 45)} ({n})" for text, n in zip(units["text"], units["n_sources"])],
        fontsize=7,
    )
    ax.set_xlim(-0.5, len(sources) - 0.5)
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.tick_params(length=0)
    figure.colorbar(points, ax=ax, shrink=0.6, label="position in the article (0 = lead)")
    ax.set_title("Who reports what, and where (row = content unit, (n) = sources)")
    return figure


def sourcing_bars(sourcing: pd.DataFrame) -> Figure:
    """Quotes per source (direct and indirect, stacked) and the share of quoted text.

    Parameters
    ----------
    sourcing : pandas.DataFrame
        :attr:`Comparison.sourcing` (``source, n_direct, n_indirect, share_quoted``).

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: stacked direct/indirect bars (two bars per source) and one bar per
        source of the share of its text inside quote marks.
    """
    _require(sourcing, ["source", "n_direct", "n_indirect", "share_quoted"], "sourcing_bars")
    if sourcing.empty:
        return _empty("Sourcing", "No sources.")
    sources = list(sourcing["source"])
    positions = np.arange(len(sources))
    figure = _figure(10, 1.4 + 0.4 * len(sources))
    counts, shares = figure.subplots(1, 2, sharey=True)
    direct = sourcing["n_direct"].to_numpy(dtype=float)
    indirect = sourcing["n_indirect"].to_numpy(dtype=float)
    counts.barh(positions, direct, color=OKABE_ITO[0], label="direct quote")
    counts.barh(positions, indirect, left=direct, color=OKABE_ITO[1], label="indirect (said that…)")
    counts.set_yticks(positions, [_label(s) for s in sources])
    counts.invert_yaxis()
    counts.set_xlabel("number of quotes")
    figure.legend(loc="outside lower center", ncol=2, frameon=False)
    counts.set_title("Who is quoted how often")
    shares.barh(positions, 100 * sourcing["share_quoted"].to_numpy(dtype=float), color=OKABE_ITO[2])
    shares.set_xlabel("% of the text inside quote marks")
    shares.set_title("How much of the text is quoted")
    for ax in (counts, shares):
        ax.grid(axis="x", alpha=0.3)
    return figure


def number_disagreement_plot(number_disagreements: pd.DataFrame) -> Figure:
    """The figures the sources disagree on: one row per quantity, one dot per source.

    Parameters
    ----------
    number_disagreements : pandas.DataFrame
        :attr:`Comparison.number_disagreements` (``counts, unit, values`` where
        ``values`` is a tuple of ``(source, value)``).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per quantity (each with its own scale), one row and one dot per source.
    """
    _require(number_disagreements, ["counts", "unit", "values"], "number_disagreement_plot")
    if number_disagreements.empty:
        return _empty("Figures", "No figure on which the sources disagree.")
    sources = list(
        dict.fromkeys(source for values in number_disagreements["values"] for source, _ in values)
    )
    colours = _source_colours(sources)
    heights = [max(1, len(values)) for values in number_disagreements["values"]]
    figure = _figure(8, 1.0 + 0.3 * sum(heights) + 0.5 * len(heights))
    axes = figure.subplots(len(heights), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, row in zip(axes, number_disagreements.itertuples()):
        values = sorted(row.values, key=lambda pair: (float(pair[1]), str(pair[0])))
        xs = [float(value) for _, value in values]
        ys = list(range(len(values)))
        for value in sorted(set(xs)):
            ax.axvline(value, color="#DDDDDD", zorder=1)
        ax.scatter(xs, ys, c=[colours[s] for s, _ in values], s=50, zorder=3)
        for x, y, (_, value) in zip(xs, ys, values):
            ax.annotate(
                figure_label(float(value)),
                (x, y),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        ax.set_yticks(ys, [_label(source) for source, _ in values])
        ax.set_ylim(len(values) - 0.5, -0.5)
        ax.margins(x=0.15)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: figure_label(x)))
        ax.set_title(_label(quantity_name(row.counts, row.unit), 60), fontsize=9, loc="left")
        for side in ("right", "top"):
            ax.spines[side].set_visible(False)
    figure.suptitle("Figures the sources disagree on")
    return figure


# ----------------------------------------------------------------------------- output
def figure_png(figure: Figure, *, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (for an ``ipywidgets.Image`` or a web page)."""
    from io import BytesIO

    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "source"


def save_figures(
    comparison: Comparison,
    directory: str | Path,
    *,
    formats: Sequence[str] = ("png", "svg"),
) -> list[Path]:
    """Write every figure of *comparison* into *directory*.

    Parameters
    ----------
    comparison : Comparison
        The comparison whose tables are drawn.
    directory : str or Path
        Created if missing.
    formats : sequence of str, default ("png", "svg")
        File formats matplotlib can write.

    Returns
    -------
    list of Path
        The files written, in order: similarity heat map, source map, stance grids
        (all, authorial, quoted voice), claim grid, frame bars, coverage grid, sourcing
        bars, figure disagreements, then the distinctive terms of each source.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    figures: list[tuple[str, Figure]] = [
        ("similarity_heatmap", similarity_heatmap(comparison.source_similarity)),
        ("source_map", source_map(comparison.source_similarity)),
    ]
    for voice in ("all", "authorial", "quoted"):
        figures.append((f"stance_grid_{voice}", stance_grid(comparison.stance, voice=voice)))
    figures += [
        ("claim_grid", claim_grid(comparison.claim_stance)),
        ("frame_bars", frame_bars(comparison.framing)),
        ("coverage_grid", coverage_grid(comparison.coverage)),
        ("sourcing_bars", sourcing_bars(comparison.sourcing)),
        ("number_disagreements", number_disagreement_plot(comparison.number_disagreements)),
    ]
    used: set[str] = set()
    if len(comparison.sources) > 1:
        for source in comparison.sources:
            stem = f"distinctive_terms_{_slug(source)}"
            while stem in used:
                stem += "_"
            used.add(stem)
            table = comparison.distinctive_terms(source)
            figures.append(
                (stem, distinctive_terms_bars(table, title=f"Terms typical of {source}"))
            )
    written = []
    for stem, figure in figures:
        for suffix in formats:
            path = directory / f"{stem}.{suffix.lstrip('.')}"
            figure.savefig(path)
            written.append(path)
    return written


# ------------------------------------------------------------------ notebook display
def _show_figures_in_notebook() -> None:
    """Let a Jupyter kernel show a returned Figure as PNG (what ``%matplotlib inline`` does)."""
    shell_module = sys.modules.get("IPython")
    if shell_module is None:
        return
    shell = shell_module.get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        formatter.lookup_by_type(Figure)
    except KeyError:
        formatter.for_type(Figure, lambda figure: figure_png(figure))


_show_figures_in_notebook()
