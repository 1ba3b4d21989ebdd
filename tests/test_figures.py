"""Figures draw what their table holds: one cell, bar or dot per row, labelled."""

from __future__ import annotations

from io import BytesIO

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from workbench import figures
from workbench.errors import ColumnError

SOURCES = ["Alpha", "Beta", "Gamma"]


@pytest.fixture
def source_similarity() -> pd.DataFrame:
    values = [[1.0, 0.5, 0.2], [0.5, 1.0, 0.3], [0.2, 0.3, 1.0]]
    return pd.DataFrame(values, index=SOURCES, columns=SOURCES)


def _tick_texts(labels) -> list[str]:
    return [label.get_text() for label in labels]


def _renders(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def test_similarity_heatmap_has_one_cell_and_value_per_pair(source_similarity):
    figure = figures.similarity_heatmap(source_similarity)
    ax = figure.axes[0]
    assert ax.images[0].get_array().shape == (3, 3)
    texts = {(t.get_position(), t.get_text()) for t in ax.texts}
    assert len(ax.texts) == 9
    assert ((1, 0), "0.50") in texts  # column Beta, row Alpha
    assert ((0, 2), "0.20") in texts
    assert _tick_texts(ax.get_xticklabels()) == SOURCES
    assert _tick_texts(ax.get_yticklabels()) == SOURCES
    assert _renders(figure).startswith(b"\x89PNG")


def test_source_map_places_sources_at_their_dissimilarities(source_similarity):
    # 1 - similarity: A-B 0.5, B-C 0.7, A-C 0.8 is a triangle, so two dimensions
    # reproduce it exactly.
    figure = figures.source_map(source_similarity)
    ax = figure.axes[0]
    points = ax.collections[0].get_offsets()
    assert points.shape == (3, 2)
    assert sorted(t.get_text() for t in ax.texts) == SOURCES

    def distance(a: int, b: int) -> float:
        return float(np.hypot(*(points[a] - points[b])))

    assert distance(0, 1) == pytest.approx(0.5, rel=0.02)
    assert distance(1, 2) == pytest.approx(0.7, rel=0.02)
    assert distance(0, 2) == pytest.approx(0.8, rel=0.02)


def test_source_map_of_one_source_is_one_point():
    table = pd.DataFrame([[1.0]], index=["Solo"], columns=["Solo"])
    ax = figures.source_map(table).axes[0]
    assert ax.collections[0].get_offsets().shape == (1, 2)


@pytest.fixture
def stance() -> pd.DataFrame:
    rows = [
        ("Alpha", "russia", "all", 0.5, False),
        ("Alpha", "ukraine", "all", np.nan, True),
        ("Beta", "russia", "all", -0.25, True),
        ("Beta", "ukraine", "all", 0.1, False),
        ("Alpha", "russia", "authorial", -0.75, False),
        ("Alpha", "ukraine", "authorial", np.nan, True),
        ("Beta", "russia", "authorial", np.nan, True),
        ("Beta", "ukraine", "authorial", np.nan, True),
    ]
    return pd.DataFrame(rows, columns=["source", "target_id", "voice", "stance", "small_sample"])


def test_stance_grid_writes_values_greys_missing_and_hatches_small_samples(stance):
    figure = figures.stance_grid(stance)
    ax = figure.axes[0]
    image = ax.images[0].get_array()
    assert image.shape == (2, 2)
    assert image.mask.tolist() == [[False, True], [False, False]]
    texts = {t.get_position(): t.get_text() for t in ax.texts}
    assert texts == {(0, 0): "+0.50", (1, 0): "–", (0, 1): "-0.25", (1, 1): "+0.10"}
    hatched = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
    assert [(p.get_x(), p.get_y()) for p in hatched] == [(-0.5, 0.5)]  # Beta × russia
    assert to_hex(ax.images[0].cmap(np.ma.masked_invalid([np.nan]))[0]) == to_hex(
        figures.MISSING_COLOUR
    )
    assert _tick_texts(ax.get_xticklabels()) == ["russia", "ukraine"]


def test_stance_grid_draws_the_chosen_voice(stance):
    ax = figures.stance_grid(stance, voice="authorial").axes[0]
    assert [t.get_text() for t in ax.texts] == ["-0.75", "–", "–", "–"]


def test_claim_grid_colours_labels_and_writes_confidence():
    table = pd.DataFrame(
        [
            ("Alpha", "c1", "agree", 0.8),
            ("Alpha", "c2", "absent", 0.95),
            ("Beta", "c1", "disagree", 0.6),
            ("Beta", "c2", "discuss", 0.55),
        ],
        columns=["source", "claim_id", "label", "confidence"],
    )
    ax = figures.claim_grid(table).axes[0]
    image = ax.images[0]
    codes = image.get_array()
    labels = list(figures.CLAIM_COLOURS)
    assert codes.tolist() == [
        [labels.index("agree"), labels.index("absent")],
        [labels.index("disagree"), labels.index("discuss")],
    ]
    assert to_hex(image.cmap(image.norm(codes[1, 0]))) == figures.CLAIM_COLOURS["disagree"].lower()
    assert [t.get_text() for t in ax.texts] == [
        "agree\n0.80",
        "absent\n0.95",
        "disagree\n0.60",
        "discuss\n0.55",
    ]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == labels


def test_frame_bars_draw_one_axes_per_source_and_skip_unused_frames():
    framing = pd.DataFrame(
        {"economic": [0.5, 0.0], "morality": [0.0, 0.0], "security_defense": [0.25, 0.75]},
        index=pd.Index(["Alpha", "Beta"], name="source"),
    )
    figure = figures.frame_bars(framing)
    used = [ax for ax in figure.axes if ax.get_visible() and ax.patches]
    assert [ax.get_title() for ax in used] == ["Alpha", "Beta"]
    assert [[bar.get_width() for bar in ax.patches] for ax in used] == [[0.5, 0.25], [0.0, 0.75]]
    assert _tick_texts(used[0].get_yticklabels()) == ["Economic", "Security and defence"]


def test_distinctive_terms_bars_show_the_top_positive_terms_in_order():
    table = pd.DataFrame(
        {
            "term": ["kiev", "regime", "strike", "kyiv", "attack"],
            "z": [1.5, 3.0, 0.5, -2.0, -0.1],
            "n_target": [4, 6, 2, 0, 1],
            "n_reference": [0, 1, 5, 9, 3],
        }
    )
    ax = figures.distinctive_terms_bars(table).axes[0]
    assert [bar.get_width() for bar in ax.patches] == [3.0, 1.5, 0.5]
    assert _tick_texts(ax.get_yticklabels()) == ["regime", "kiev", "strike"]
    assert [t.get_text().strip() for t in ax.texts] == ["6×", "4×", "2×"]
    assert len(figures.distinctive_terms_bars(table, n=2).axes[0].patches) == 2


@pytest.fixture
def coverage() -> pd.DataFrame:
    rows = [
        (0, "Alpha", True, 0.0, 2, "Missiles hit the centre."),
        (0, "Beta", True, 0.5, 2, "Missiles hit the centre."),
        (1, "Alpha", True, 1.0, 1, "Only Alpha says this."),
        (1, "Beta", False, np.nan, 1, "Only Alpha says this."),
        (2, "Alpha", True, 0.25, 2, "The toll rose to $34."),
        (2, "Beta", True, 1.0, 2, "The toll rose to $34."),
    ]
    return pd.DataFrame(
        rows, columns=["unit_id", "source", "present", "relative_position", "n_sources", "text"]
    )


def test_coverage_grid_puts_a_dot_where_the_unit_sits_in_each_article(coverage):
    figure = figures.coverage_grid(coverage)
    ax = figure.axes[0]
    dots = ax.collections[0].get_offsets()
    # columns Alpha = 0, Beta = 1; x = column - 0.4 + 0.8 * relative position
    assert sorted(map(tuple, np.round(dots, 3))) == [
        (-0.4, 0.0),
        (-0.2, 1.0),
        (1.0, 0.0),
        (1.4, 1.0),
    ]
    assert _tick_texts(ax.get_yticklabels()) == [
        "Missiles hit the centre. (2)",
        r"The toll rose to \$34. (2)",
    ]
    assert _renders(figure)


def test_coverage_grid_can_show_units_of_one_source(coverage):
    ax = figures.coverage_grid(coverage, min_sources=1).axes[0]
    assert len(ax.collections[0].get_offsets()) == 5
    assert len(ax.get_yticklabels()) == 3


def test_sourcing_bars_stack_direct_and_indirect_quotes():
    sourcing = pd.DataFrame(
        {
            "source": ["Alpha", "Beta"],
            "n_direct": [3, 1],
            "n_indirect": [2, 0],
            "share_quoted": [0.2, 0.05],
        }
    )
    counts, shares = figures.sourcing_bars(sourcing).axes
    assert [(bar.get_x(), bar.get_width()) for bar in counts.patches] == [
        (0.0, 3.0),
        (0.0, 1.0),
        (3.0, 2.0),
        (1.0, 0.0),
    ]
    assert [bar.get_width() for bar in shares.patches] == pytest.approx([20.0, 5.0])
    assert _tick_texts(counts.get_yticklabels()) == ["Alpha", "Beta"]


def test_number_disagreement_plot_has_a_row_per_quantity_and_a_dot_per_source():
    table = pd.DataFrame(
        {
            "counts": ["killed", "injured"],
            "unit": ["people", "people"],
            "values": [
                (("Alpha", 32.0), ("Beta", 34.0), ("Gamma", 35.0)),
                (("Beta", 117.0), ("Alpha", 84.0)),
            ],
        }
    )
    figure = figures.number_disagreement_plot(table)
    killed, injured = figure.axes
    assert killed.get_title(loc="left") == "killed (people)"
    assert killed.collections[0].get_offsets().tolist() == [[32.0, 0.0], [34.0, 1.0], [35.0, 2.0]]
    assert injured.collections[0].get_offsets().tolist() == [[84.0, 0.0], [117.0, 1.0]]
    assert _tick_texts(injured.get_yticklabels()) == ["Alpha", "Beta"]


@pytest.mark.parametrize(
    ("draw", "table"),
    [
        (figures.similarity_heatmap, pd.DataFrame()),
        (figures.frame_bars, pd.DataFrame()),
        (
            figures.number_disagreement_plot,
            pd.DataFrame(columns=["counts", "unit", "values"]),
        ),
        (
            figures.claim_grid,
            pd.DataFrame(columns=["source", "claim_id", "label", "confidence"]),
        ),
    ],
)
def test_an_empty_table_gives_a_figure_that_says_so(draw, table):
    figure = draw(table)
    assert isinstance(figure, Figure)
    assert figure.axes[0].texts[0].get_text().startswith("No")


def test_a_table_without_the_needed_columns_is_refused():
    with pytest.raises(ColumnError, match=r"stance_grid\(table\): field 'target_id'"):
        figures.stance_grid(pd.DataFrame({"source": ["Alpha"]}))


def test_figures_stay_out_of_pyplot(source_similarity):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    figures.similarity_heatmap(source_similarity)
    figures.source_map(source_similarity)
    assert plt.get_fignums() == before


def test_figure_png_is_a_png(source_similarity):
    assert figures.figure_png(figures.similarity_heatmap(source_similarity)).startswith(b"\x89PNG")


def test_save_figures_writes_every_figure_of_a_comparison(tmp_path):
    from workbench.comparison import compare
    from workbench.corpus import load_event

    articles = pd.DataFrame(
        {
            "source": ["Alpha Post", "Beta Daily"],
            "title": ["Bridge closes", "Bridge shut for repairs"],
            "text": [
                "The mayor said the bridge will close on Monday. Repairs cost 4 million.",
                "Officials confirmed the bridge will close on Monday. Repairs cost 5 million.",
            ],
        }
    )
    event = load_event(
        articles,
        targets=[{"id": "mayor", "name": "Mayor", "kind": "person", "aliases": ["mayor"]}],
        claims=[{"id": "closes", "text": "The bridge will close."}],
    )
    paths = figures.save_figures(compare(event), tmp_path / "out")
    stems = [
        "similarity_heatmap",
        "source_map",
        "stance_grid_all",
        "stance_grid_authorial",
        "stance_grid_quoted",
        "claim_grid",
        "frame_bars",
        "coverage_grid",
        "sourcing_bars",
        "number_disagreements",
        "distinctive_terms_alpha-post",
        "distinctive_terms_beta-daily",
    ]
    assert paths == [tmp_path / "out" / f"{stem}.{fmt}" for stem in stems for fmt in ("png", "svg")]
    for path in paths:
        head = path.read_bytes()[:200]
        assert head.startswith(b"\x89PNG") if path.suffix == ".png" else b"<svg" in head


@pytest.mark.parametrize(
    ("background", "text"), [("#FFFF00", "black"), ("#DDDDDD", "black"), ("#0072B2", "white")]
)
def test_text_colour_reads_on_its_background(background, text):
    assert figures.text_colour(background) == text
