"""Why a verdict is what it is, in the reader's language. Analysis returns a code and the figures;
rendering picks the sentence."""

from __future__ import annotations

from typing import NamedTuple


class Reason(NamedTuple):
    code: str
    args: dict[str, str]

    def text(self, lang: str = "en") -> str:
        templates = TEMPLATES.get(self.code, {})
        template = templates.get(lang) or templates.get("en") or self.code
        return template.format(**self.args)


TEMPLATES: dict[str, dict[str, str]] = {
    "words_vs_figure": {
        "en": "a worded value cannot be compared with a figure",
        "vi": "không so sánh được giá trị bằng chữ với số liệu",
    },
    "same_words": {
        "en": "achieved '{a}' is the target '{t}'",
        "vi": "thực hiện «{a}» đúng mục tiêu «{t}»",
    },
    "failed_words": {
        "en": "achieved '{a}' against target '{t}'",
        "vi": "thực hiện «{a}» so với mục tiêu «{t}»",
    },
    "different_words": {
        "en": "'{a}' and '{t}' are different words",
        "vi": "«{a}» và «{t}» là hai cách ghi khác nhau",
    },
    "same_bound": {
        "en": "achieved '{a}' states the target bound '{t}'",
        "vi": "kết quả «{a}» ghi đúng ngưỡng mục tiêu «{t}»",
    },
    "unplaceable": {
        "en": "'{a}' cannot be placed against '{t}'",
        "vi": "không đặt được «{a}» so với «{t}»",
    },
    "maybe": {
        "en": "'{a}' may or may not reach '{t}'",
        "vi": "«{a}» chưa đủ để biết có đạt «{t}» hay không",
    },
    "band": {"en": "{a} against a level of {t}", "vi": "{a} so với mức {t}"},
    "within": {"en": "{a} is within {t}", "vi": "{a} nằm trong khoảng {t}"},
    "beyond": {"en": "{a} is beyond {t}", "vi": "{a} vượt khoảng {t}"},
    "strict_bound": {
        "en": "{a} is on the strict bound {t}",
        "vi": "{a} đúng bằng ngưỡng {t} (ngưỡng không tính bằng)",
    },
    "equal": {"en": "{a} equals the target {t}", "vi": "{a} bằng mục tiêu {t}"},
    "better": {"en": "{a} is better than the target {t}", "vi": "{a} tốt hơn mục tiêu {t}"},
    "just_short": {
        "en": "{a} is just short of {t}",
        "vi": "{a} thiếu một chút so với {t}",
    },
    "disputed": {
        "en": "the report reads this row {n} ways; see the readings",
        "vi": "báo cáo cho {n} cách đọc khác nhau về chỉ tiêu này; xem các cách đọc",
    },
    "short": {"en": "{a} is short of {t}", "vi": "{a} chưa đạt {t}"},
    "no_direction": {
        "en": "{why}",
        "vi": "chỉ tiêu không có chiều tốt/xấu (cơ cấu, quy mô...): chỉ hiển thị, không đánh giá",
    },
    "no_target": {"en": "the table gives no target", "vi": "bảng không ghi mục tiêu"},
    "figure_too_long": {
        "en": "'{v}' has {n} digits, more than any report prints: kept as text, not judged",
        "vi": "«{v}» có {n} chữ số, nhiều hơn mọi số liệu báo cáo: giữ nguyên dạng chữ, "
        "không đánh giá",
    },
    "figure_too_large": {
        "en": "'{v}' is beyond ±10^15, larger than any indicator: kept as text, not judged",
        "vi": "«{v}» vượt quá ±10^15, lớn hơn mọi chỉ tiêu: giữ nguyên dạng chữ, không đánh giá",
    },
    "target_not_positive": {
        "en": "{a} falls short of the target {t}, which is zero or negative: a ratio to it "
        "means nothing, so how far short cannot be judged",
        "vi": "{a} chưa đạt mục tiêu {t}, mà mục tiêu bằng 0 hoặc âm: tỷ lệ so với nó không có "
        "nghĩa, nên không đánh giá được thiếu nhiều hay ít",
    },
    "level_not_positive": {
        "en": "{a} against a level of {t}, which is zero or negative: a ratio to it means nothing",
        "vi": "{a} so với mức {t}, mà mức này bằng 0 hoặc âm: tỷ lệ so với nó không có nghĩa",
    },
    "no_actual": {"en": "the table gives no achieved value", "vi": "bảng không ghi số thực hiện"},
    "column_verdict": {"en": "verdict column '{c}'", "vi": "cột đánh giá «{c}»"},
    "column_ratio": {"en": "comparison column {c} (ratio)", "vi": "cột so sánh {c} (tỷ lệ %)"},
    "column_difference": {
        "en": "comparison column {c} (difference)",
        "vi": "cột so sánh {c} (chênh lệch)",
    },
}
