"""What a profile's outline may refer to."""

from __future__ import annotations

from authoring.questionnaire import Questionnaire
from authoring.tables import TABLE_HEADERS

TABLE_KINDS = tuple(TABLE_HEADERS)


def content_keys() -> list[str]:
    """Questionnaire keys whose value is narrative content an outline can place."""
    from authoring.questionnaire import Content

    return [f.alias for f in Questionnaire.model_fields.values() if f.annotation == Content]


PART_TARGETS: dict[str, list[str]] = {
    "内容": content_keys(),
    "表格": list(TABLE_KINDS),
}
