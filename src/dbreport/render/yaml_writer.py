"""YAML: a view that is data a person keeps and corrects (a term's targets, in the shape of
data/targets.yaml). PyYAML writes it; document text stays quoted data, never YAML syntax."""

from __future__ import annotations

from typing import TextIO

import yaml

from dbreport.errors import UsageError
from dbreport.render.view import View


def write_yaml(view: View, stream: TextIO) -> None:
    if view.data_file is None:
        raise UsageError(
            "--format yaml writes a data file, which only `dbreport targets` makes; "
            "use json, csv, md or table here."
        )
    header = view.data_file.get("_header", "")
    body = {k: v for k, v in view.data_file.items() if k != "_header"}
    for line in str(header).splitlines():
        stream.write(f"# {line}\n".replace("# \n", "#\n"))
    yaml.safe_dump(body, stream, allow_unicode=True, sort_keys=False, width=100)
