"""pint is imported without its dask integration (alcarbon.pintlib), and dask still works after."""

import subprocess
import sys


def test_units_do_not_import_dask_and_dask_imports_afterwards():
    code = (
        "import sys\n"
        "import alcarbon.units\n"
        "print('dask' in sys.modules)\n"
        "import dask.base\n"  # the batch/service path must still import it
        "print(sys.modules['dask'] is not None)\n"
        "q = alcarbon.units.Q_(2, 't').to('kg')\n"
        "print(q.magnitude)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # 2 t = 2,000 kg
    assert out.stdout.split() == ["False", "True", "2000.0"]


def test_dask_already_imported_is_left_alone():
    code = (
        "import sys, dask\n"
        "import alcarbon.units\n"
        "print(sys.modules['dask'] is dask)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"]
