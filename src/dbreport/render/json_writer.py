from __future__ import annotations

import json
from typing import TextIO

from dbreport.render.view import View


def write_json(view: View, stream: TextIO) -> None:
    """The payload as JSON, Vietnamese letters kept as they are."""
    json.dump(view.payload, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
