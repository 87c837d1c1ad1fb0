from __future__ import annotations

import json
from typing import TextIO

from dbreport.render.safe import json_escaped, json_safe
from dbreport.render.view import View


def write_json(view: View, stream: TextIO) -> None:
    """The payload as JSON, Vietnamese letters kept as they are; strict JSON (no `NaN`), with
    every control character escaped."""
    text = json.dumps(json_safe(view.payload), ensure_ascii=False, indent=2, allow_nan=False)
    stream.write(json_escaped(text) + "\n")
