"""Sample data of migration 0005 for tests/store/test_migrations.py (``SAMPLE_DATA["0005"]``) and the
check that reads it back at head. They need the disclosure and finding of ``_data_0001`` there
(disclosure 1)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.orm import Session

NOW = datetime(2026, 12, 5, 8, 30, tzinfo=UTC)


def _t(name: str, *columns: str, times: tuple[str, ...] = ()) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns), *(sa.column(c, sa.DateTime(timezone=True)) for c in times))


def data_0005(c: Connection) -> None:
    """A decision on disclosure 1, an upload job with one file of it, and its kept file."""
    c.execute(
        sa.insert(
            _t(
                "finding_decisions",
                "id",
                "disclosure_id",
                "fingerprint",
                "rule",
                "verdict",
                "reason",
                "decided_by",
                times=("decided_at",),
            )
        ),
        [
            {
                "id": 1,
                "disclosure_id": 1,
                "fingerprint": "f" * 32,
                "rule": "hierarchy-sum",
                "verdict": "dismissed",
                "reason": "尾差",
                "decided_by": "张审核",
                "decided_at": NOW,
            }
        ],
    )
    c.execute(
        sa.insert(_t("upload_jobs", "id", "created_by", "status", "message", times=("created_at", "finished_at"))),
        [
            {
                "id": 1,
                "created_by": "张审核",
                "status": "done",
                "message": "完成 1 个文件",
                "created_at": NOW,
                "finished_at": NOW,
            }
        ],
    )
    c.execute(
        sa.insert(
            _t(
                "upload_files",
                "id",
                "job_id",
                "position",
                "name",
                "folder",
                "sha256",
                "size",
                "status",
                "outcome",
                "message",
                "disclosure_id",
            )
        ),
        [
            {
                "id": 1,
                "job_id": 1,
                "position": 1,
                "name": "乐亭县人大.pdf",
                "folder": "",
                "sha256": "a" * 64,
                "size": 1234,
                "status": "done",
                "outcome": "stored",
                "message": "已入库",
                "disclosure_id": 1,
            }
        ],
    )
    c.execute(
        sa.insert(_t("document_files", "disclosure_id", "position", "name", "sha256", "size", "format")),
        [
            {
                "disclosure_id": 1,
                "position": 1,
                "name": "乐亭县人大.pdf",
                "sha256": "a" * 64,
                "size": 1234,
                "format": "pdf",
            }
        ],
    )


def check_0005(session: Session) -> None:
    """The data of :func:`data_0005` read back through the ORM at head."""
    from yusuan.store.decisions import DecisionRecord
    from yusuan.store.uploads import DocumentFile, UploadFile, UploadJob

    decision = session.get_one(DecisionRecord, 1)
    assert (decision.verdict, decision.reason, decision.decided_by) == ("dismissed", "尾差", "张审核")
    assert session.get_one(UploadJob, 1).status == "done"
    assert session.get_one(UploadFile, 1).disclosure_id == 1
    assert session.get_one(DocumentFile, (1, 1)).sha256 == "a" * 64
