"""Where a finding points, as the reports print it: page or line, and the file in a package of several."""

from __future__ import annotations

from yusuan.report.common import place
from yusuan.review.finding import Evidence


def test_place_names_the_file_of_a_package() -> None:
    assert place(Evidence(page=3)) == "第 3 页"
    assert place(Evidence(line=45)) == "第 45 行"
    assert place(Evidence(page=9, file="司法局-报表.pdf")) == "司法局-报表.pdf 第 9 页"
    assert place(Evidence(file="司法局-报表.pdf")) == ""  # no page: nothing to point at
