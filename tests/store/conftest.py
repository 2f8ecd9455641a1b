"""Store fixtures: every test using ``db`` runs on SQLite and, when ALCARBON_TEST_PG_URL is set
(``scripts/start_postgres.sh``, run by .ci/run), on a real PostgreSQL with a fresh schema."""

from __future__ import annotations

import os
from datetime import date

import pytest

from alcarbon.store import accounts, connect, studies

PG_URL = os.environ.get("ALCARBON_TEST_PG_URL", "")


def _fresh_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    if request.param == "sqlite":
        database = connect(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    else:
        if not PG_URL:
            pytest.skip("ALCARBON_TEST_PG_URL is not set: start a server with "
                        "'source scripts/start_postgres.sh' (done by .ci/run)")
        _fresh_pg(PG_URL)
        database = connect(PG_URL)
    yield database
    database.dispose()


#: The smallest valid study data (what the service stores for a new study).
EMPTY_STUDY = {"title": "t", "period": {"start": "2024-01-01", "end": "2024-12-31"},
               "declared_products": ["liquid_aluminium"], "units": []}


@pytest.fixture
def org_study(db):
    """An organisation with an admin, a site and a study at revision 1."""
    with db.write() as s:
        org = accounts.create_org(s, "Org A")
        user = accounts.create_user(s, org.id, "alice", accounts.hash_password("password-a1"),
                                    "admin")
        site = studies.create_site(s, org.id, "Plant 1", "Yunnan")
        st = studies.create_study(s, site, "2024", "liquid_aluminium", date(2024, 1, 1),
                                  date(2024, 12, 31), user, EMPTY_STUDY)
        return {"org": org.id, "user": user.id, "site": site.id, "study": st.id}
