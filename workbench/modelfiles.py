"""Model files: a JSON document plus an ``.npz`` of arrays, never a pickle.

The shipped models (:mod:`workbench.polarity`, :mod:`workbench.claims`) each decide
what goes into their JSON and arrays; this module writes the arrays reproducibly and
reads both files back with one set of checks and messages.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from workbench.errors import ModelError, problem

__all__ = ["write_npz", "read_model_files"]

#: Timestamp of every member of a written ``.npz``: equal arrays give equal bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` with sorted members and fixed timestamps.

    Parameters
    ----------
    path : pathlib.Path
        The ``.npz`` file to write.
    arrays : dict of str to numpy.ndarray
        Arrays written as they are (cast them before if a dtype matters).
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(
                buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False
            )
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())


def read_model_files(
    json_path: Path, *, train_script: str
) -> tuple[dict[str, Any], dict[str, np.ndarray], Path]:
    """Read a model's JSON document and its ``.npz`` arrays (``allow_pickle=False``).

    Parameters
    ----------
    json_path : pathlib.Path
        The ``.json`` file; its ``.npz`` sits beside it.
    train_script : str
        The script that writes this model, named in the fix of a missing file.

    Returns
    -------
    (document, arrays, npz_path)
        The parsed JSON, every array, and where the arrays came from.

    Raises
    ------
    ModelError
        A file is missing or unreadable, or an array the document lists is absent.
    """
    npz_path = json_path.with_suffix(".npz")
    for file in (json_path, npz_path):
        if not file.is_file():
            raise ModelError(
                problem(
                    file,
                    "model file not found",
                    fix=f"run {train_script} or pass the path of a saved model",
                ),
                source=file,
            )
    try:
        document = json.loads(json_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(
            problem(json_path, f"not valid JSON ({exc})", fix="save it again"), source=json_path
        ) from exc
    try:
        with np.load(npz_path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelError(
            problem(npz_path, f"cannot be read ({exc})", fix="save it again"), source=npz_path
        ) from exc
    missing = sorted(set(document.get("arrays", [])) - set(arrays))
    if missing:
        raise ModelError(
            problem(npz_path, "array is missing", field=missing[0], fix="save the model again"),
            source=npz_path,
            field=missing[0],
        )
    return document, arrays, npz_path
