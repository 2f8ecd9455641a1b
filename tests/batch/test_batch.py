"""`alcarbon batch` on Dask: a LocalCluster of 2 worker processes, a real `dask scheduler` +
`dask worker` cluster on 127.0.0.1 (--scheduler), a folder of study files and a SQLite store.

Expected values are either derived by hand (the toy study of tests/conftest.py, per t of liquid
aluminium: electricity 13,500 kWh/t x 0.8 kg/kWh = 10.8, purchased alumina 1.92 t/t x 1.0 = 1.92
(upstream row, 5.3.2), anode effect 0.1 x 7380 + 0.01 x 12400 kg = 0.862 t, anode consumption
0.4 x 0.976 x 44/12 = 1.4314667 t -> CFP 15.0134667 t CO2e/t) or computed in the test through
``alcarbon.engine.calculate`` on the same files, in this process, without the batch code.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

from alcarbon.cli.main import app  # noqa: E402

EXAMPLES = Path(__file__).parents[2] / "examples"
U = "t_co2e_per_declared_unit"
TOY_ELEC = 13_500 * 0.8 / 1000  # t CO2e/t: 13,500 kWh/t at 0.8 kg CO2e/kWh
TOY_UPSTREAM = 1.92 * 1.0  # purchased alumina at the supplier CFP
TOY_PROCESS = (0.1 * 7380 + 0.01 * 12400) / 1000 + 0.4 * 0.976 * 44 / 12
TOY_CFP = TOY_ELEC + TOY_UPSTREAM + TOY_PROCESS  # 15.0134667
runner = CliRunner()


def _scaled_electricity(data: dict, unit: str, k: float) -> dict:
    """A copy of ``data`` with the electricity of ``unit`` multiplied by ``k``."""
    d = copy.deepcopy(data)
    for u in d["units"]:
        if u["id"] == unit:
            for i in u["inputs"]:
                if i.get("kind") == "electricity":
                    i["amount"] = float(i["amount"]) * k
    return d


def _toy_double_power(toy: dict) -> dict:
    """The toy with 2,700,000 kWh: electricity 27,000 kWh/t x 0.8 kg = 21.6 t CO2e/t."""
    d = copy.deepcopy(toy)
    d["units"][0]["inputs"][1]["amount"] = 2_700_000
    d["period"] = {"start": "2025-01-01", "end": "2025-06-30"}
    return d


@pytest.fixture(scope="module")
def study_dir(tmp_path_factory, rep_toy_data):
    """Six studies: examples with other periods and electricity, an xlsx, two toys."""
    root = tmp_path_factory.mktemp("studies")
    hydro = yaml.safe_load((EXAMPLES / "hydro_smelter_yunnan.yaml").read_text("utf-8"))
    coal = yaml.safe_load((EXAMPLES / "coal_captive_smelter.yaml").read_text("utf-8"))
    (root / "a_hydro_2023.yaml").write_text(yaml.safe_dump(hydro, allow_unicode=True), "utf-8")
    h24 = _scaled_electricity(hydro, "electrolysis", 1.1)
    h24["period"] = {"start": "2024-01-01", "end": "2024-12-31"}
    (root / "b_hydro_2024.json").write_text(json.dumps(h24, ensure_ascii=False), "utf-8")
    c22 = _scaled_electricity(coal, "alumina_refining", 0.9)
    c22["period"] = {"start": "2022-01-01", "end": "2022-12-31"}
    (root / "c_coal_2022.yaml").write_text(yaml.safe_dump(c22, allow_unicode=True), "utf-8")
    (root / "plant2").mkdir()
    shutil.copy(EXAMPLES / "coal_captive_smelter.xlsx", root / "plant2" / "d_coal.xlsx")
    (root / "plant2" / "e_toy.json").write_text(json.dumps(rep_toy_data), "utf-8")
    (root / "plant2" / "f_toy_double.yaml").write_text(
        yaml.safe_dump(_toy_double_power(rep_toy_data)), "utf-8")
    (root / ".hidden.yaml").write_text("not: a study", "utf-8")  # skipped (hidden)
    (root / "notes.txt").write_text("not a study", "utf-8")  # skipped (suffix)
    return root


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A real cluster on loopback: a `dask scheduler` and two `dask worker` processes."""
    tmp = tmp_path_factory.mktemp("dask")
    sched_file = tmp / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", "0", "--scheduler-file", str(sched_file), *common],
        # a task whose worker dies fails at once (no retry on the other worker); see
        # test_worker_death_is_an_error_row
        env={**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists():
            if time.monotonic() > deadline or procs[0].poll() is not None:
                pytest.fail("dask scheduler did not start within 60 s")
            time.sleep(0.2)
        # two worker processes without nannies: a worker that dies stays dead (no restart)
        procs += [subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file",
             str(sched_file), "--no-nanny", "--nthreads", "1", "--host", "127.0.0.1",
             "--local-directory", str(tmp), "--death-timeout", "60", *common],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        address = json.loads(sched_file.read_text())["address"]
        from distributed import Client

        with Client(address, timeout="30s") as c:
            c.wait_for_workers(2, timeout=90)
        yield address
    finally:
        _stop(procs)


def _stop(procs: list[subprocess.Popen]) -> None:
    """Stop the workers, then the scheduler; kill what does not exit within 20 s."""
    for p in reversed(procs):
        p.terminate()
    for p in reversed(procs):
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def _engine_rows(path: Path, allocation: str | None = None) -> dict[tuple[str, str], dict]:
    """(product, basis) -> cfp and stage totals, straight from the engine in this process."""
    from alcarbon.engine import calculate
    from alcarbon.inventory import load_study
    from alcarbon.inventory.study_meta import Allocation

    s = load_study(path)
    if allocation:
        s = s.model_copy(update={"allocation": Allocation(method=allocation)})
    r = calculate(s)
    out = {}
    for p in r.products.values():
        for location, basis in ((False, "declared"), (True, "location")):
            out[(p.product, basis)] = {
                "cfp": p.cfp_location_based if location else p.cfp,
                "stages": {st.stage: st.t_co2e for st in p.stages(location=location)},
                "period": (s.period.start, s.period.end)}
    return out


def _read(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def test_folder_on_local_cluster_of_two_processes(study_dir, tmp_path):
    out = tmp_path / "res.parquet"
    res = runner.invoke(app, ["batch", str(study_dir), "-o", str(out), "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert "6/6" in res.output  # the progress bar's last state (stderr)
    rows = _read(out)
    files = ["a_hydro_2023.yaml", "b_hydro_2024.json", "c_coal_2022.yaml", "plant2/d_coal.xlsx",
             "plant2/e_toy.json", "plant2/f_toy_double.yaml"]
    assert list(dict.fromkeys(r["source"] for r in rows)) == files  # sorted, hidden skipped
    assert {r["status"] for r in rows} == {"ok"}
    for f in files:
        want = _engine_rows(study_dir / f)
        got = {(r["product"], r["electricity"]): r for r in rows if r["source"] == f}
        assert set(got) == set(want), f  # every declared product x (declared, location)
        sha = hashlib.sha256((study_dir / f).read_bytes()).hexdigest()
        for key, w in want.items():
            g = got[key]
            assert g[f"cfp_{U}"] == pytest.approx(w["cfp"], rel=1e-12), (f, key)
            for stage, v in w["stages"].items():
                col = f"stage_{stage}_{U}"
                assert g[col] == pytest.approx(v, rel=1e-12, abs=1e-15), (f, key, stage)
            assert (g["period_start"], g["period_end"]) == w["period"]
            assert g["input_sha256"] == sha
            assert g["allocation"] == "subdivision" and g["factor_library_version"]
    # the scaled studies really differ from their originals
    a = {(r["source"], r["product"], r["electricity"]): r[f"cfp_{U}"] for r in rows}
    assert a[("b_hydro_2024.json", "aluminium_ingot", "location")] > \
        a[("a_hydro_2023.yaml", "aluminium_ingot", "location")]
    # by hand: the toy, and the toy with twice the electricity (+10.8 t CO2e/t)
    toy = [r for r in rows if r["source"] == "plant2/e_toy.json"]
    assert [r["product"] for r in toy] == ["liquid_aluminium"] * 2
    for r in toy:
        assert r[f"cfp_{U}"] == pytest.approx(TOY_CFP, rel=1e-9)
        assert r[f"stage_upstream_{U}"] == pytest.approx(TOY_UPSTREAM, rel=1e-9)
        assert r[f"stage_electrolysis_{U}"] == pytest.approx(TOY_ELEC + TOY_PROCESS, rel=1e-9)
    double = [r for r in rows if r["source"] == "plant2/f_toy_double.yaml"]
    assert double[0][f"cfp_{U}"] == pytest.approx(TOY_CFP + TOY_ELEC, rel=1e-9)
    assert double[0]["period_start"] == date(2025, 1, 1)
    # two worker processes did the work, none of them this one
    workers = {r["worker"] for r in rows}
    assert len(workers) == 2 and all(not w.endswith(f":{os.getpid()}") for w in workers)
    assert all(r["mc_iterations"] is None for r in rows)


def test_cluster_mode_failed_study_is_a_row_and_exit_1(cluster, study_dir, tmp_path):
    from alcarbon.engine import calculate
    from alcarbon.inventory import load_study
    from alcarbon.uncertainty import monte_carlo

    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(study_dir / "plant2" / "e_toy.json", d / "good.json")
    shutil.copy(study_dir / "a_hydro_2023.yaml", d / "hydro.yaml")
    (d / "bad.yaml").write_text("period: {start: 2024-01-01, end: 2023-01-01}\nunits: []\n",
                                "utf-8")
    (d / "broken.xlsx").write_bytes(b"PK not a workbook")
    out = tmp_path / "res.csv"
    res = runner.invoke(app, ["batch", str(d), "-o", str(out), "--scheduler", cluster,
                              "--uncertainty", "300", "--seed", "7", "--allocation", "mass",
                              "--allocation", "subdivision"])
    assert res.exit_code == 1, res.output
    assert "2 of 4 studies computed" in res.output and "bad.yaml" in res.output
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    bad = [r for r in rows if r["source"] == "bad.yaml"]
    assert len(bad) == 1 and bad[0]["status"] == "error"
    assert "bad.yaml" in bad[0]["error"] and "period" in bad[0]["error"]
    assert bad[0][f"cfp_{U}"] == ""
    broken = [r for r in rows if r["source"] == "broken.xlsx"]
    assert len(broken) == 1 and broken[0]["status"] == "error"
    # the message names the input file, not the worker's temporary copy of it
    # (the workbook guard's words: "not an .xlsx workbook (the file is not a zip archive ...")
    assert broken[0]["error"].startswith("broken.xlsx: not an .xlsx workbook")
    assert "alcarbon-batch-" not in broken[0]["error"]
    # the good ones: 2 allocation scenarios x products x 2 bases, MC as the API gives it
    hydro = load_study(d / "hydro.yaml")
    for method in ("mass", "subdivision"):
        want = _engine_rows(d / "hydro.yaml", method)
        got = {(r["product"], r["electricity"]): r for r in rows
               if r["source"] == "hydro.yaml" and r["allocation"] == method}
        assert set(got) == set(want)
        for key, w in want.items():
            assert float(got[key][f"cfp_{U}"]) == pytest.approx(w["cfp"], rel=1e-12)
    from alcarbon.inventory.study_meta import Allocation

    s = hydro.model_copy(update={"allocation": Allocation(method="mass")})
    mc = monte_carlo(s, calculate(s), iterations=300, seed=7, location=True)["aluminium_ingot"]
    r = next(r for r in rows if r["source"] == "hydro.yaml" and r["allocation"] == "mass"
             and r["product"] == "aluminium_ingot" and r["electricity"] == "location")
    assert int(r["mc_iterations"]) == 300
    assert float(r[f"mc_mean_{U}"]) == pytest.approx(mc.mean, rel=1e-12)
    assert float(r[f"mc_p2_5_{U}"]) == pytest.approx(mc.p2_5, rel=1e-12)
    assert float(r[f"mc_p97_5_{U}"]) == pytest.approx(mc.p97_5, rel=1e-12)
    assert float(r[f"mc_p2_5_{U}"]) < float(r[f"cfp_{U}"]) < float(r[f"mc_p97_5_{U}"])


def test_failed_scenario_is_its_own_row_beside_the_others(cluster, tmp_path):
    """The coal example has no prices: its economic scenario cannot be computed (GB/T 44905
    6.4.4 needs the price of every product), its mass scenario can. The mass rows are kept (as
    the engine gives them), the economic scenario is one error row naming it, and the run
    exits 1 saying the study failed in part."""
    import csv

    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(EXAMPLES / "coal_captive_smelter.yaml", d / "coal.yaml")
    out = tmp_path / "res.csv"
    res = runner.invoke(app, ["batch", str(d), "-o", str(out), "--scheduler", cluster,
                              "--allocation", "mass", "--allocation", "economic",
                              "--no-progress"])
    assert res.exit_code == 1, res.output
    assert "0 of 1 studies computed" in res.output
    assert "1 study failed (1 in part" in res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    want = _engine_rows(d / "coal.yaml", "mass")
    mass = {(r["product"], r["electricity"]): r for r in rows if r["allocation"] == "mass"}
    assert set(mass) == set(want) and len(mass) == 10  # 5 products x 2 bases
    for key, w in want.items():
        assert mass[key]["status"] == "ok"
        assert float(mass[key][f"cfp_{U}"]) == pytest.approx(w["cfp"], rel=1e-12)
    econ = [r for r in rows if r["allocation"] == "economic"]
    assert len(econ) == 1 and econ[0]["status"] == "error"
    assert econ[0]["error"].startswith("coal.yaml [allocation economic]: ")
    assert "price" in econ[0]["error"] and econ[0][f"cfp_{U}"] == ""
    assert econ[0]["period_start"] == "2023-01-01" and econ[0]["title"]
    assert len(rows) == 11


def test_store_head_revisions_on_cluster(cluster, rep_toy_data, tmp_path):
    from alcarbon.store import accounts, connect, studies

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    db = connect(url)
    with db.write() as s:
        a = accounts.create_org(s, "Org A")
        b = accounts.create_org(s, "Org B")
        ua = accounts.create_user(s, a.id, "alice", accounts.hash_password("password-a1"), "admin")
        ub = accounts.create_user(s, b.id, "bob", accounts.hash_password("password-b1"), "admin")
        p1 = studies.create_site(s, a.id, "Plant 1", "内蒙古")
        p2 = studies.create_site(s, b.id, "Plant 9", "云南")
        st1 = studies.create_study(s, p1, "2024", "liquid_aluminium", date(2024, 1, 1),
                                   date(2024, 12, 31), ua, rep_toy_data)
        studies.save_revision(s, st1, _toy_double_power(rep_toy_data), ua, "meter fix", base=1)
        studies.create_study(s, p2, "2024", "liquid_aluminium", date(2024, 1, 1),
                             date(2024, 12, 31), ub, rep_toy_data)
        st1_id = st1.id
    db.dispose()
    out = tmp_path / "db.parquet"
    res = runner.invoke(app, ["batch", "--db", url, "-o", str(out), "--scheduler", cluster])
    assert res.exit_code == 0, res.output
    rows = _read(out)
    assert [(r["org"], r["site"], r["revision"], r["electricity"]) for r in rows] == [
        ("Org A", "Plant 1", 2, "declared"), ("Org A", "Plant 1", 2, "location"),
        ("Org B", "Plant 9", 1, "declared"), ("Org B", "Plant 9", 1, "location")]
    assert rows[0]["source"] == f"db:study/{st1_id}@2" and rows[0]["study_id"] == st1_id
    # head revision 2 has twice the electricity: +10.8 t CO2e/t; Org B's is the plain toy
    assert rows[0][f"cfp_{U}"] == pytest.approx(TOY_CFP + TOY_ELEC, rel=1e-9)
    assert rows[2][f"cfp_{U}"] == pytest.approx(TOY_CFP, rel=1e-9)
    res = runner.invoke(app, ["batch", "--db", url, "--org", "Org B", "-o", str(out),
                              "--scheduler", cluster, "--no-progress"])
    assert res.exit_code == 0, res.output
    assert {r["org"] for r in _read(out)} == {"Org B"}


def test_worker_death_is_an_error_row(cluster, study_dir):
    """Runs last on the cluster: it kills one of its two worker processes."""
    from alcarbon.batch.core import run_tasks
    from alcarbon.batch.run import StudyTask, run_task

    def die_on_first(task: StudyTask) -> list[dict]:
        if task.index == 0:
            os._exit(3)  # the worker process dies mid-task, as on a crash or an OOM kill
        return run_task(task)

    data = (study_dir / "plant2" / "e_toy.json").read_bytes()
    tasks = [StudyTask(index=i, source=f"toy{i}.json", suffix=".json", data=data)
             for i in range(2)]
    rows = run_tasks(tasks, scheduler=cluster, fn=die_on_first)
    assert [r["source"] for r in rows] == ["toy0.json", "toy1.json", "toy1.json"]
    assert rows[0]["status"] == "error" and rows[0]["worker"] is None
    assert rows[0]["error"].startswith("toy0.json: KilledWorker")
    assert [r["status"] for r in rows[1:]] == ["ok", "ok"]
    assert rows[1][f"cfp_{U}"] == pytest.approx(TOY_CFP, rel=1e-9)


@pytest.mark.parametrize(("args", "says"), [
    (["-o", "x.parquet"], "no studies given"),
    (["DIR", "--db", "x.sqlite3", "-o", "x.parquet"], "not both"),
    (["DIR", "-o", "x.txt"], "expected a .parquet or .csv file name"),
    (["DIR", "-o", "x.csv", "--allocation", "masss"], "did you mean 'mass'"),
    (["DIR", "-o", "x.csv", "--uncertainty", "-5"], "--uncertainty"),
    (["DIR", "-o", "x.csv", "--org", "A"], "--db URL"),
    (["DIR", "-o", "x.csv", "--workers", "0"], "--workers: 0 workers (expected 1 or more)"),
    (["--db", "MISSING", "-o", "x.csv"], "no such database file"),
    (["EMPTY", "-o", "x.csv"], "no study files found"),
    (["--db", "JUNK", "-o", "x.csv"],
     "cannot read the studies (OperationalError: no such table: studies) (expected an alcarbon "
     "store"),
])
def test_bad_options_exit_2_and_write_nothing(args, says, tmp_path, study_dir):
    (tmp_path / "empty").mkdir()
    import sqlite3

    con = sqlite3.connect(tmp_path / "junk.sqlite3")  # a SQLite file, not a store
    con.execute("CREATE TABLE other (a)")
    con.commit()
    con.close()
    subst = {"DIR": str(study_dir), "EMPTY": str(tmp_path / "empty"),
             "MISSING": str(tmp_path / "none.sqlite3"), "JUNK": str(tmp_path / "junk.sqlite3")}
    args = [subst.get(a, a) for a in args]
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    res = runner.invoke(app, ["batch", *args])
    assert res.exit_code == 2, res.output
    assert says in res.output
    assert not list(tmp_path.glob("x.*")) and not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "no-port"])
def test_unreachable_scheduler_exits_2(address, monkeypatch, study_dir, tmp_path):
    from alcarbon.batch import core

    monkeypatch.setattr(core, "CONNECT_TIMEOUT", "2s")  # port 9 (discard) has no scheduler
    out = tmp_path / "x.csv"
    res = runner.invoke(app, ["batch", str(study_dir), "-o", str(out), "--scheduler", address])
    assert res.exit_code == 2, res.output
    assert f"--scheduler {address}: cannot reach the Dask scheduler" in res.output
    assert not out.exists()


def test_scheduler_without_workers_exits_2(monkeypatch, study_dir, tmp_path):
    from distributed import LocalCluster

    from alcarbon.batch import core

    monkeypatch.setattr(core, "CONNECT_TIMEOUT", "2s")
    out = tmp_path / "x.csv"
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0",
                      scheduler_kwargs={"dashboard": False}) as empty:
        res = runner.invoke(app, ["batch", str(study_dir), "-o", str(out), "--scheduler",
                                  empty.scheduler_address])
    assert res.exit_code == 2, res.output
    assert "the scheduler has no worker after 2s" in res.output
    assert not out.exists()


def test_missing_dask_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import now raises ImportError
    res = runner.invoke(app, ["batch", str(tmp_path / "no-such-dir"), "-o",
                              str(tmp_path / "x.csv")])
    assert res.exit_code == 2, res.output
    # said before any input is read (the folder does not even exist)
    assert "Dask distributed is not installed: pip install 'alcarbon[batch]'" in res.output
    assert not (tmp_path / "x.csv").exists()
