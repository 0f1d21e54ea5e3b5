#!/usr/bin/env bash
# Installs the "revlake-java" Jupyter kernelspec: the rapaio Java kernel (JShell) with RevLake,
# Spark, Delta and XChart on its class path and the JVM options Spark needs on Java 17.
#
#   notebooks-java/install-kernel.sh [--no-build] [--prefix DIR]
#
#   --no-build    do not run Maven when the kernel jar and the class path file already exist
#   --prefix DIR  write DIR/kernels/revlake-java/kernel.json (use with JUPYTER_PATH=DIR) instead of
#                 ${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/revlake-java/
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="$HERE/target"
KERNEL_JAR="$TARGET/kernel/rapaio-jupyter-kernel.jar"
JVM_OPTIONS="$TARGET/kernel/jvm-options.txt"
CP_FILE="$TARGET/notebook-classpath.txt"
NAME="revlake-java"
DISPLAY_NAME="Java 17 (RevLake)"

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

build=1
prefix=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --prefix)
      [[ $# -ge 2 ]] || { echo "install-kernel.sh: --prefix needs a folder" >&2; exit 2; }
      prefix="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-kernel.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v jupyter >/dev/null 2>&1; then
  cat >&2 <<'MSG'
install-kernel.sh: 'jupyter' is not on PATH. Install Jupyter first, e.g. on Debian/Ubuntu:
  sudo apt-get install jupyter-nbconvert jupyter-client python3-ipykernel   (add jupyter-notebook to browse)
or with pip:  pip install jupyter
MSG
  exit 1
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! JAVA_PATH="$(command -v "$JAVA")"; then
  echo "install-kernel.sh: no java found (set JAVA_HOME or put Java 17 on PATH)" >&2
  exit 1
fi

if [[ $build -eq 1 || ! -f "$KERNEL_JAR" || ! -f "$CP_FILE" || ! -f "$JVM_OPTIONS" ]]; then
  echo "building the notebook class path (./mvnw package -DskipTests -pl notebooks-java -am)..." >&2
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests -pl notebooks-java -am) >&2
fi
for f in "$KERNEL_JAR" "$CP_FILE" "$JVM_OPTIONS"; do
  [[ -f "$f" ]] || { echo "install-kernel.sh: $f is missing after the build" >&2; exit 1; }
done

# The module's own classes and resources come first (they may not exist yet: javac accepts that),
# then its runtime dependencies: RevLake's jars (orchestration's log4j2.properties keeps Spark at
# WARN), Spark, Delta, XChart. The kernel takes ';'-separated entries.
classpath="$TARGET/classes;$(tr ':' ';' < "$CP_FILE")"
# shellcheck disable=SC2207
jvm_options=($(cat "$JVM_OPTIONS"))

if [[ -n "$prefix" ]]; then
  mkdir -p "$prefix"
  kernels_dir="$(cd "$prefix" && pwd)/kernels"
else
  kernels_dir="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels"
fi
dest="$kernels_dir/$NAME"
mkdir -p "$dest"

# kernel.json through Python's json module (Jupyter needs Python anyway), so paths are quoted right.
python3 - "$dest/kernel.json" "$DISPLAY_NAME" "$classpath" "$JAVA_PATH" "$KERNEL_JAR" "${jvm_options[@]}" <<'PY'
import json, sys
out, display_name, classpath, java, jar, *jvm_options = sys.argv[1:]
spec = {
    "argv": [java, "-Xmx2g", "-Djava.awt.headless=true", *jvm_options, "-jar", jar, "{connection_file}"],
    "display_name": display_name,
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "RJK_CLASSPATH": classpath,
        # Spark jobs in a cell can take minutes; the kernel's own per-cell limit is off.
        "RJK_TIMEOUT_MILLIS": "-1",
    },
}
with open(out, "w", encoding="utf-8") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PY

echo "installed kernel '$NAME' ($DISPLAY_NAME) in $dest"
# The notebooks read the lake that ./revlake demo writes (or any lake given in REVLAKE_LAKE).
jupyter_path=""
[[ -n "$prefix" ]] && jupyter_path="JUPYTER_PATH=$(cd "$prefix" && pwd) "
echo "open the notebooks (after ./revlake demo) with: ${jupyter_path}REVLAKE_LAKE=$ROOT/demo/lake jupyter notebook $HERE"
