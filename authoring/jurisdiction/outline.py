"""What a profile's outline may refer to."""

from __future__ import annotations

from authoring.jurisdiction.tables import TABLE_HEADERS
from authoring.questionnaire.model import content_keys

TABLE_KINDS = tuple(TABLE_HEADERS)

PART_TARGETS: dict[str, list[str]] = {
    "内容": content_keys(),
    "表格": list(TABLE_KINDS),
}
