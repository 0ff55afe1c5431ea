import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    ruff = Path(sys.executable).parent / "ruff"
    proc = subprocess.run([str(ruff), "check", "src", "tests", "benchmarks"], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_layers_contract_is_kept():
    """reference <- data <- analysis <- viz <- claims; pipeline and tooling kept apart."""
    lint = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
    assert proc.stdout.count(" KEPT") == 5


def test_import_helpers_data_is_light():
    """Loading tables needs pandas only: no plotting or geometry library until asked for."""
    code = ("import sys, time; t = time.perf_counter(); import helpers.data; "
            "print(round(time.perf_counter() - t, 3)); "
            "print(sorted(m for m in ('matplotlib', 'geopandas', 'folium', 'shapely') "
            "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True)
    seconds, heavy = proc.stdout.split("\n")[:2]
    print(f"import helpers.data: {seconds} s")
    assert heavy == "[]"
    geo = subprocess.run(
        [sys.executable, "-c", "import sys, helpers.data as d; d.load_states_geo(); "
         "print('geopandas' in sys.modules)"],
        cwd=REPO, capture_output=True, text=True, check=True)
    assert geo.stdout.strip() == "True"
