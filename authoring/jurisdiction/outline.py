"""What a profile's outline may refer to (its 表格 parts name the profile's own table declarations)."""

from __future__ import annotations

from authoring.questionnaire.model import content_keys

PART_TARGETS: dict[str, list[str]] = {
    "内容": content_keys(),
}
