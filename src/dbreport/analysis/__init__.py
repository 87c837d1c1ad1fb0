"""Analysis: records + rules -> verdicts and the 2030 outlook."""
